package com.amazonaws.ecs.cli.events;

import com.amazonaws.ecs.cli.connect.EcsTarget;
import com.amazonaws.ecs.cli.connect.EcsTargetException;
import com.amazonaws.ecs.cli.connect.EcsTargetOptions;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code events setup} and {@code events teardown}: the cluster (as for every command), the
 * queue and rule names, and the SQS and EventBridge endpoints when they are not the region's.
 *
 * <pre>
 * ./ecs-mesos events setup --cluster blue --region eu-west-1
 * ./ecs-mesos events setup --endpoint http://127.0.0.1:5055 --cluster default
 * </pre>
 */
final class EventsOptions {
    /** SQS queue names: up to 80 letters, digits, hyphens and underscores. */
    private static final String QUEUE_NAME = "[A-Za-z0-9_-]{1,80}";
    /** EventBridge rule names: up to 64 letters, digits, dots, hyphens and underscores. */
    private static final String RULE_NAME = "[.A-Za-z0-9_-]{1,64}";

    @Mixin
    EcsTargetOptions target;

    @Option(names = "--queue", paramLabel = "NAME",
            description = "SQS queue the events go to (default: ecs-mesos-events-CLUSTER).")
    String queue;

    @Option(names = "--rule", paramLabel = "NAME",
            description = "EventBridge rule that matches them (default: ecs-mesos-events-CLUSTER).")
    String rule;

    @Option(names = "--sqs-endpoint", paramLabel = "URL",
            description = "SQS endpoint (default: ecs-local's, when --endpoint is ecs-local; else the region's).")
    String sqsEndpoint;

    @Option(names = "--events-endpoint", paramLabel = "URL",
            description = "EventBridge endpoint (default: --endpoint when it is ecs-local; else the region's).")
    String eventsEndpoint;

    /** What the options name, checked. */
    record Resolved(EcsTarget target, String clusterName, String queue, String rule, URI sqsEndpoint,
            URI eventsEndpoint) {
    }

    /**
     * Resolves and checks the options ({@code env} for the cluster and endpoint defaults).
     *
     * @throws EcsTargetException for a value that cannot be right
     */
    /** As {@link #resolve(Map)} with the process's environment; a bad target is a usage error of {@code spec}. */
    Resolved resolve(picocli.CommandLine.Model.CommandSpec spec) {
        try {
            return resolve(System.getenv());
        } catch (EcsTargetException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    Resolved resolve(Map<String, String> env) {
        EcsTarget t = target.resolve(env);
        String cluster = t.cluster().substring(t.cluster().lastIndexOf('/') + 1);
        String q = queue != null ? queue : "ecs-mesos-events-" + cluster;
        String r = rule != null ? rule : "ecs-mesos-events-" + cluster;
        if (!q.matches(QUEUE_NAME)) {
            throw new EcsTargetException("queue name '" + q + "' must be 1 to 80 letters, digits, hyphens or "
                    + "underscores" + (queue == null ? "; give a shorter one with --queue" : ""));
        }
        if (!r.matches(RULE_NAME)) {
            throw new EcsTargetException("rule name '" + r + "' must be 1 to 64 letters, digits, dots, hyphens or "
                    + "underscores" + (rule == null ? "; give a shorter one with --rule" : ""));
        }
        return new Resolved(t, cluster, q, r, url(sqsEndpoint, "--sqs-endpoint"),
                url(eventsEndpoint, "--events-endpoint"));
    }

    private static URI url(String value, String option) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(value.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new EcsTargetException(option + " '" + value + "' must be an http:// or https:// URL");
    }
}
