package com.amazonaws.ecs.cli.events;

import com.amazonaws.ecs.cli.connect.EcsConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ecs-mesos events setup}: creates (or finds) the SQS queue, its policy, the EventBridge rule for the
 * cluster's ECS events and the queue as its target, then prints the queue URL as the last line, alone, for
 * scripts. Running it again changes nothing.
 *
 * <pre>
 * ./ecs-mesos events setup --endpoint http://127.0.0.1:5055 --cluster default
 * </pre>
 */
@Command(name = "setup", sortOptions = false,
        description = "Create the SQS queue, its policy, the EventBridge rule (the cluster's ECS task and "
                + "container instance state changes) and its target; print the queue URL last. Idempotent.")
public final class EventsSetupCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Mixin
    private EventsOptions options;

    @Override
    public Integer call() {
        EventsOptions.Resolved r = options.resolve(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (EcsConnection ecs = EcsConnection.open(r.target())) {
            String clusterArn = ecs.requireCluster().clusterArn();
            EventEndpoints endpoints = EventEndpoints.resolve(r).requireDelivery(r.target().endpoint());
            try (EventsClients clients = new EventsClients(ecs.region(), endpoints)) {
                EventsWiring wiring = new EventsWiring(clients.sqs, clients.events, out,
                        EventsClients.at(endpoints.sqs()), EventsClients.at(endpoints.events()));
                out.println("cluster " + clusterArn);
                String url = wiring.setUp(clusterArn, r.queue(), r.rule(), !endpoints.ecsLocalsSqs());
                out.println(url);
            }
        }
        out.flush();
        return 0;
    }
}
