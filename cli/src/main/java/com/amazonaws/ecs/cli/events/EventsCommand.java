package com.amazonaws.ecs.cli.events;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ecs-mesos events}: sets up (or tears down) what brings a cluster's ECS events to an SQS queue, the
 * way ECS delivers them on AWS: an EventBridge rule for the cluster's task and container instance state
 * changes whose target is the queue. The driver then reads the queue instead of polling ECS for status.
 *
 * <pre>
 * queue=$(./ecs-mesos events setup --cluster blue --region eu-west-1 | tail -1)
 * ./ecs-mesos events teardown --cluster blue --region eu-west-1
 * </pre>
 */
@Command(name = "events",
        description = "Set up or tear down the SQS queue and EventBridge rule that bring a cluster's ECS events "
                + "to the driver.",
        subcommands = {EventsSetupCommand.class, EventsTeardownCommand.class})
public final class EventsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    /** Without setup or teardown there is nothing to do but show them. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
