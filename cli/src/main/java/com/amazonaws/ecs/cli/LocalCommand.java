package com.amazonaws.ecs.cli;

import com.amazonaws.ecs.local.EcsLocal;
import com.amazonaws.ecs.local.FargateOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecs-mesos local}: serves Amazon ECS on this machine (ecs-local) with one cluster of
 * ACTIVE, connected container instances, in the foreground until interrupted.
 *
 * <p>{@link #call()} is what the command line runs: it {@linkplain #start() starts} the endpoint,
 * prints how to reach it and waits until {@link #stop()} or Ctrl-C. Code that needs the endpoint
 * without blocking (tests, later the {@code demo} command) calls {@link #start()} and closes what it returns.
 *
 * <pre>
 * ./ecs-mesos local --instances 2 --cpu 2048 --memory 4096 --time-factor 10
 * ./ecs-mesos local --events      # ECS events through EventBridge rules into SQS queues (embedded SQS)
 * </pre>
 */
@Command(name = "local",
        sortOptions = false,
        description = "Serve Amazon ECS on this machine (ecs-local): one cluster of ACTIVE, connected "
                + "container instances, until Ctrl-C.")
public final class LocalCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCommand.class);
    /** ECS cluster names: up to 255 letters, digits, hyphens and underscores. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--port", defaultValue = "5055", paramLabel = "PORT",
            description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String bind;

    @Option(names = "--cluster", defaultValue = "default", paramLabel = "NAME",
            description = "Cluster to create (default: ${DEFAULT-VALUE}).")
    private String cluster;

    @Option(names = "--instances", defaultValue = "3", paramLabel = "N",
            description = "Container instances to register in it (default: ${DEFAULT-VALUE}).")
    private int instances;

    @Option(names = "--cpu", defaultValue = "2048", paramLabel = "UNITS",
            description = "CPU units of each container instance (default: ${DEFAULT-VALUE}).")
    private int cpu;

    @Option(names = "--memory", defaultValue = "4096", paramLabel = "MIB",
            description = "Memory of each container instance in MiB (default: ${DEFAULT-VALUE}).")
    private int memory;

    @Option(names = "--time-factor", defaultValue = "1", paramLabel = "FACTOR",
            description = "How many times faster than real time tasks live (default: ${DEFAULT-VALUE}).")
    private double timeFactor;

    @Option(names = "--rate-limits", defaultValue = "off", paramLabel = "off|ecs",
            converter = RateLimitMode.Converter.class,
            description = "off, or ecs to throttle as ECS's token buckets do (default: ${DEFAULT-VALUE}).")
    private RateLimitMode rateLimits;

    @Option(names = "--faults", defaultValue = "", paramLabel = "SPEC",
            description = "Faults to inject: KIND:OPERATION:AMOUNT[,...], for example "
                    + "throttle:StartTask:0.2 (see README).")
    private String faults;

    @Option(names = "--api-latency-ms", defaultValue = "0", paramLabel = "MS",
            description = "Delay added to every ECS call, in milliseconds (default: ${DEFAULT-VALUE}).")
    private long apiLatencyMillis;

    @Option(names = "--events",
            description = "ECS events: serve EventBridge rules on this endpoint and deliver task and container "
                    + "instance state changes to SQS queues on an embedded SQS endpoint (printed on start).")
    private boolean events;

    @Option(names = "--sqs-endpoint", paramLabel = "URL",
            description = "Deliver ECS events to this SQS endpoint instead of an embedded one (implies --events).")
    private String sqsEndpoint;

    @Option(names = "--subnets", paramLabel = "ID=ZONE:CIDR", split = ",",
            description = "Fargate and awsvpc subnets with their zones and address ranges, e.g. "
                    + "subnet-a=us-east-1a:10.0.1.0/24 (any other subnet-* ID is accepted with a zone and range of its "
                    + "own).")
    private List<String> subnets;

    @Option(names = "--fargate-vcpu-quota", paramLabel = "N",
            description = "vCPUs of live Fargate tasks the account may run, On-Demand and Spot each "
                    + "(default: ${DEFAULT-VALUE}).", defaultValue = "6000")
    private int fargateVcpuQuota;

    private final Foreground foreground = new Foreground(this::closeEndpoint);
    private volatile EcsLocal running;

    /**
     * Validates the options, starts the endpoint and registers the cluster's instances.
     *
     * @throws ParameterException for an option value out of range
     * @throws java.io.UncheckedIOException when the address cannot be bound (port in use)
     */
    public EcsLocal start() {
        EcsLocal.Builder builder = builder();
        EcsLocal ecs = builder.build();
        try {
            ecs.createCluster(cluster);
            ecs.addInstances(cluster, instances, cpu, memory);
        } catch (RuntimeException e) {
            ecs.close();
            throw e;
        }
        running = ecs;
        LOG.debug("ecs-local started at {}", ecs.endpoint());
        return ecs;
    }

    @Override
    public Integer call() throws InterruptedException {
        EcsLocal ecs = start();
        PrintWriter out = spec.commandLine().getOut();
        out.print(banner(ecs).text());
        if (ecs.sqsEndpoint() != null) {
            out.println("Events: EventBridge rules at " + ecs.endpoint() + ", delivered to SQS at " + ecs.sqsEndpoint()
                    + " (./ecs-mesos events setup --endpoint " + ecs.endpoint() + " --cluster " + cluster + ")");
            // The AWS CLI v2 and SDKs read these service-specific endpoint variables.
            out.println("  export AWS_ENDPOINT_URL_SQS=" + ecs.sqsEndpoint() + " AWS_ENDPOINT_URL_EVENTBRIDGE="
                    + ecs.endpoint());
        }
        out.flush();
        foreground.serve("ecs-local-shutdown");
        return 0;
    }

    /** Asks a running {@link #call()} to close the endpoint and return. */
    public void stop() {
        foreground.stop();
    }

    /** The endpoint once started, else null. */
    public EcsLocal running() {
        return running;
    }

    private void closeEndpoint() {
        EcsLocal ecs = running;
        if (ecs != null) {
            ecs.close();
            LOG.debug("ecs-local stopped");
        }
    }

    private LocalBanner banner(EcsLocal ecs) {
        return new LocalBanner(ecs.endpoint(), ecs.region(), cluster, instances, cpu, memory, timeFactor,
                rateLimits == RateLimitMode.ECS, faults, apiLatencyMillis);
    }

    private EcsLocal.Builder builder() {
        require(port >= 0 && port <= 65535, "--port", "must be between 0 and 65535, got " + port);
        require(CLUSTER_NAME.matcher(cluster).matches(), "--cluster",
                "must be 1 to 255 letters, digits, hyphens or underscores, got '" + cluster + "'");
        require(instances >= 0, "--instances", "must be 0 or more, got " + instances);
        require(cpu > 0, "--cpu", "must be more than 0, got " + cpu);
        require(memory > 0, "--memory", "must be more than 0, got " + memory);
        if (!(timeFactor > 0 && Double.isFinite(timeFactor))) {
            throw invalid("--time-factor", "must be more than 0, got " + given("--time-factor"));
        }
        require(apiLatencyMillis >= 0, "--api-latency-ms", "must be 0 or more, got " + apiLatencyMillis);
        EcsLocal.Builder builder = EcsLocal.builder()
                .port(port)
                .bind(bind)
                .timeFactor(timeFactor)
                .rateLimits(rateLimits == RateLimitMode.ECS)
                .apiLatency(Duration.ofMillis(apiLatencyMillis));
        try {
            builder.faults(faults);
        } catch (IllegalArgumentException e) {
            throw invalid("--faults", e.getMessage());
        }
        require(fargateVcpuQuota >= 0, "--fargate-vcpu-quota", "must be 0 or more, got " + fargateVcpuQuota);
        try {
            builder.fargate(FargateOptions.defaults().withSubnets(subnets == null ? new String[0]
                    : subnets.toArray(new String[0])).withVcpuQuotas(fargateVcpuQuota, fargateVcpuQuota));
        } catch (IllegalArgumentException e) {
            throw invalid("--subnets", e.getMessage());
        }
        if (sqsEndpoint != null) {
            builder.sqsEndpoint(sqsUri());
        } else if (events) {
            builder.events(true);
        }
        return builder;
    }

    private URI sqsUri() {
        try {
            URI uri = new URI(sqsEndpoint);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid("--sqs-endpoint", "must be an http:// or https:// URL, got '" + sqsEndpoint + "'");
    }

    /** The value as typed, so that an error quotes the user's own words. */
    private String given(String option) {
        var match = spec.commandLine().getParseResult().matchedOption(option);
        Object parsed = spec.findOption(option).getValue();
        return match == null ? String.valueOf(parsed) : String.join(" ", match.originalStringValues());
    }

    private void require(boolean valid, String option, String problem) {
        if (!valid) {
            throw invalid(option, problem);
        }
    }

    private ParameterException invalid(String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }
}
