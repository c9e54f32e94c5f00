package com.amazonaws.ecs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ecs-mesos} command: runs Mesos frameworks' tasks on Amazon ECS, and ecs-local, an ECS
 * endpoint on this machine. Each subcommand is its own class, listed in {@code subcommands}.
 *
 * <pre>
 * ./ecs-mesos --help
 * ./ecs-mesos local --instances 2 --cpu 2048 --memory 4096
 * ./ecs-mesos demo
 * </pre>
 */
@Command(name = "ecs-mesos",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Mesos frameworks on Amazon ECS: tools around the ECSSchedulerDriver.",
        subcommands = {LocalCommand.class, com.amazonaws.ecs.cli.demo.DemoCommand.class,
                com.amazonaws.ecs.cli.run.RunCommand.class,
                com.amazonaws.ecs.cli.offers.OffersCommand.class,
                com.amazonaws.ecs.cli.bench.BenchCommand.class,
                com.amazonaws.ecs.cli.master.MasterCommand.class,
                com.amazonaws.ecs.cli.events.EventsCommand.class,
                CommandLine.HelpCommand.class})
public final class EcsMesos implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: what {@link #main} runs, and what tests run in-process. */
    public static CommandLine commandLine() {
        OneLineErrors errors = new OneLineErrors();
        return new CommandLine(new EcsMesos())
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }

    /** Without a subcommand there is nothing to do but show what there is. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
