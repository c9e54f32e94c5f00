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
 * {@code ecs-mesos events teardown}: removes what {@code events setup} made (the rule's queue target, the rule,
 * the queue), each only if it is there, so it can run any number of times. The cluster need not exist any more.
 *
 * <pre>
 * ./ecs-mesos events teardown --endpoint http://127.0.0.1:5055 --cluster default
 * </pre>
 */
@Command(name = "teardown", sortOptions = false,
        description = "Remove the EventBridge rule's queue target, the rule and the SQS queue that events setup "
                + "made; what is already gone is fine.")
public final class EventsTeardownCommand implements Callable<Integer> {
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
            EventEndpoints endpoints = EventEndpoints.resolve(r);
            try (EventsClients clients = new EventsClients(ecs.region(), endpoints)) {
                EventsWiring wiring = new EventsWiring(clients.sqs, clients.events, out,
                        EventsClients.at(endpoints.sqs()), EventsClients.at(endpoints.events()));
                // An ecs-local without events has no SQS endpoint, hence no queue to delete.
                wiring.tearDown(r.queue(), r.rule(), !(endpoints.ecsLocal() && endpoints.sqs() == null));
            }
        }
        out.flush();
        return 0;
    }
}
