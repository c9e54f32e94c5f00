package com.amazonaws.ecs.local;

import com.amazonaws.ecs.local.internal.api.EcsApi;
import com.amazonaws.ecs.local.internal.api.EcsException;
import com.amazonaws.ecs.local.internal.events.EcsEvents;
import com.amazonaws.ecs.local.internal.events.EventBridgeApi;
import com.amazonaws.ecs.local.internal.events.EventBus;
import com.amazonaws.ecs.local.internal.http.CallStats;
import com.amazonaws.ecs.local.internal.http.Ec2Query;
import com.amazonaws.ecs.local.internal.http.EcsHttpServer;
import com.amazonaws.ecs.local.internal.limits.FaultRule;
import com.amazonaws.ecs.local.internal.limits.Faults;
import com.amazonaws.ecs.local.internal.limits.RateLimits;
import com.amazonaws.ecs.local.internal.state.Arns;
import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import com.amazonaws.ecs.local.internal.state.Ec2Instance;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.LifecycleTimings;
import com.amazonaws.ecs.local.internal.state.Task;
import com.amazonaws.ecs.local.internal.state.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An Amazon ECS endpoint on this machine. Start one, point an AWS SDK client or the AWS CLI at
 * {@link #endpoint()}, and drive the cluster's instances from here.
 *
 * <pre>{@code
 * try (EcsLocal ecs = EcsLocal.builder().timeFactor(60).build()) {
 *     ecs.addInstances("default", 3, 2048, 4096);
 *     EcsClient client = EcsClient.builder()
 *             .endpointOverride(ecs.endpoint())
 *             .region(Region.of(ecs.region()))
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
 *             .build();
 *     ...
 * }
 * }</pre>
 *
 * <p>With {@link Builder#events events} on, it is also the other end of ECS events: it serves EventBridge's rule
 * API on the same endpoint, and delivers "ECS Task State Change" and "ECS Container Instance State Change"
 * events for every change of a task or container instance to the SQS queues that rules target, on an SQS
 * endpoint of its own ({@link #sqsEndpoint()}) or one it is given:
 *
 * <pre>{@code
 * try (EcsLocal ecs = EcsLocal.builder().events(true).build()) {
 *     String queueUrl = ecs.setUpEvents("default", "my-events");
 *     SqsClient sqs = SqsClient.builder().endpointOverride(ecs.sqsEndpoint())...build();
 *     sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(20));
 * }
 * }</pre>
 *
 * <p>Thread-safe. All control methods apply at once and are visible to the next request.
 */
public final class EcsLocal implements AutoCloseable {
    private final EcsState state;
    private final EcsApi api;
    private final EcsHttpServer server;
    private final Faults faults;
    private final CallStats stats = new CallStats();
    private final CallListeners callListeners = new CallListeners();
    private final String host;
    /** Null when events are off. */
    private final EcsEvents events;

    private EcsLocal(Builder b) {
        VirtualClock clock = new VirtualClock(System.currentTimeMillis(), b.timeFactor, System::nanoTime);
        this.state = new EcsState(new Arns(b.region, b.account), clock, b.timings, b.seed);
        this.faults = new Faults(b.seed);
        faults.add(FaultRule.parseAll(b.faults));
        b.fargate.configure(state, faults);
        RateLimits limits = b.rateLimits ? b.fargate.addTo(RateLimits.ecs(System::nanoTime)) : RateLimits.off();
        this.api = new EcsApi(state, limits);
        this.host = b.bind;
        EventBus bus = new EventBus(b.region, b.account);
        this.events = b.events ? new EcsEvents(state, bus, faults, b.sqsEndpoint, b.bind) : null;
        try {
            this.server = new EcsHttpServer(new InetSocketAddress(b.bind, b.port), api, new Ec2Query(state), limits,
                    faults, stats, callListeners, b.apiLatencyMillis, new ControlEndpoint(this, api.mapper()),
                    b.httpThreads, new EventBridgeApi(bus));
        } catch (IOException e) {
            if (events != null) {
                events.close();
            }
            throw new UncheckedIOException("ecs-local cannot listen on " + b.bind + ":" + b.port + ": "
                    + e.getMessage(), e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URL to give the SDK ({@code endpointOverride}) or the CLI ({@code --endpoint-url}). */
    public URI endpoint() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        if ("0.0.0.0".equals(host)) {
            h = "127.0.0.1";
        }
        return URI.create("http://" + h + ":" + server.port());
    }

    public int port() {
        return server.port();
    }

    public String region() {
        return state.arns().region();
    }

    /** The SQS endpoint events go to (embedded, or {@link Builder#sqsEndpoint}'s); null when events are off. */
    public URI sqsEndpoint() {
        return events == null ? null : events.sqsEndpoint();
    }

    /**
     * Wires the cluster's ECS events to an SQS queue as one would on AWS, with the SDK's clients against this
     * endpoint and its SQS endpoint: the queue {@code queueName}, a rule of that name matching the cluster's task
     * and container instance state changes, the queue as its target. Idempotent; returns the queue URL, e.g.
     * {@code String queueUrl = ecsLocal.setUpEvents("default", "driver-events");}
     *
     * @param cluster cluster name or ARN (it need not exist yet)
     * @param queueName up to 64 letters, digits, hyphens and underscores (it names the rule too)
     * @throws IllegalStateException when events are off
     */
    public String setUpEvents(String cluster, String queueName) {
        if (events == null) {
            throw new IllegalStateException("ECS events are off: build ecs-local with events(true)");
        }
        return events.setUp(endpoint(), state.arns().cluster(Arns.clusterName(cluster)), queueName);
    }

    /** Creates the cluster if it does not exist yet (as CreateCluster does) and returns its ARN. */
    public String createCluster(String name) {
        return state.locked(() -> state.createCluster(name).arn());
    }

    /** Adds {@code count} ACTIVE, connected container instances; returns their ARNs. */
    public List<String> addInstances(String cluster, int count, int cpu, int memory) {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            arns.add(addInstance(InstanceSpec.of(cpu, memory).inCluster(cluster)));
        }
        return arns;
    }

    /** Adds one container instance (creating its cluster if needed); returns its ARN. */
    public String addInstance(InstanceSpec spec) {
        return state.locked(() -> {
            Cluster cluster = state.createCluster(spec.cluster());
            String zone = spec.zone();
            if (zone == null) {
                zone = state.arns().region() + "abc".charAt(state.ec2Instances().size() % 3);
            }
            Ec2Instance ec2 = state.newEc2Instance(null, spec.instanceType(), zone);
            ContainerInstance ci = state.registerInstance(cluster, ec2, spec.cpu(), spec.memory(), Set.of(), Set.of(),
                    spec.gpuIds(), spec.attributes());
            return ci.arn();
        });
    }

    /**
     * Deregisters the instance as {@code DeregisterContainerInstance --force} does: it becomes
     * INACTIVE and its tasks are orphaned (no longer reported).
     */
    public void removeInstance(String cluster, String instance) {
        withInstance(cluster, instance, ci -> {
            ci.setStatus("INACTIVE", "Deregistered");
            state.disconnectAgent(ci);
        });
    }

    /** The instance's agent stops talking to ECS: StartTask fails with AGENT, task states freeze. */
    public void disconnectAgent(String cluster, String instance) {
        withInstance(cluster, instance, state::disconnectAgent);
    }

    /** The agent is back; what its tasks did meanwhile is reported now. */
    public void reconnectAgent(String cluster, String instance) {
        withInstance(cluster, instance, state::reconnectAgent);
    }

    /** The EC2 instance is terminated: its tasks stop as ECS reports it and it is deregistered. */
    public void terminateInstance(String cluster, String instance) {
        withInstance(cluster, instance, state::terminateInstance);
    }

    private void withInstance(String cluster, String instance, Consumer<ContainerInstance> action) {
        state.locked(() -> {
            Cluster c = state.clusters().get(Arns.clusterName(cluster));
            ContainerInstance ci = c == null ? null : state.instance(c, instance);
            if (ci == null) {
                throw new IllegalArgumentException("no container instance " + instance + " in cluster " + cluster);
            }
            action.accept(ci);
            return null;
        });
    }

    /**
     * Interrupts a running FARGATE_SPOT task as ECS does: desired STOPPED, stop code SpotInterruption, reason "Your
     * Spot Task was interrupted.", then it stops as a stopped task does (ECS's two-minute warning is the cluster's
     * stopping steps here). Returns false if it was already stopping.
     *
     * @throws IllegalArgumentException when there is no such task or it is not a FARGATE_SPOT task
     */
    public boolean interruptSpot(String taskArn) {
        return state.locked(() -> {
            Task t = state.taskByArn(taskArn);
            if (t == null || !"FARGATE_SPOT".equals(t.capacityProviderName())) {
                throw new IllegalArgumentException("no FARGATE_SPOT task " + taskArn);
            }
            return state.lifecycle().interruptSpot(t);
        });
    }

    /** How many times faster than real time the cluster's tasks live (rate limits stay real). */
    public void setTimeFactor(double factor) {
        state.locked(() -> {
            state.clock().setFactor(factor);
            return null;
        });
    }

    public double timeFactor() {
        return state.clock().factor();
    }

    /**
     * Adds faults as {@code KIND:OPERATION:AMOUNT[,...]}, e.g. {@code throttle:StartTask:x2}, or for ECS events
     * {@code event-drop:task:0.1}, {@code event-duplicate:*:x2}, {@code event-delay:instance:2s@0.1},
     * {@code event-reorder:task:x1}, or for FARGATE_SPOT tasks {@code spot-interruption:FAMILY_OR_*:0.1} (also
     * {@code x3}, {@code 10m@0.1}: after 10 minutes of running).
     */
    public void injectFaults(String spec) {
        faults.add(FaultRule.parseAll(spec));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The faults still in force, in the spec format. */
    public List<String> faults() {
        return faults.describe();
    }

    public void setApiLatency(Duration latency) {
        server.setApiLatencyMillis(latency.toMillis());
    }

    /**
     * Calls {@code listener} (under the endpoint's lock: keep it short) whenever a task changes
     * status, with its ARN, new status and the cluster time of the change.
     */
    public void onTaskChange(TaskChangeListener listener) {
        state.addTaskListener(t -> listener.changed(t.arn(), t.lastStatus(), t.desiredStatus(), state.now()));
    }

    /**
     * Calls {@code listener} around every ECS operation this endpoint runs (see {@link CallListener}), in
     * addition to the listeners added before.
     */
    public void onCall(CallListener listener) {
        callListeners.add(listener);
    }

    /** Receives task status changes. */
    @FunctionalInterface
    public interface TaskChangeListener {
        void changed(String taskArn, String lastStatus, String desiredStatus, long clusterTimeMillis);
    }

    /** Calls served, tasks and instances held, and ECS events emitted and delivered. */
    public Stats stats() {
        return state.locked(() -> Stats.of(state, stats, events == null ? EventStats.NONE : events.stats()));
    }

    /** Runs one ECS action in-process, without HTTP (for tools that embed ecs-local). */
    public String call(String action, String jsonBody) {
        try {
            return api.mapper().writeValueAsString(api.call(action, jsonBody.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
        } catch (EcsException e) {
            throw new IllegalArgumentException(e.type() + ": " + e.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops serving; with events, stops the ticker and delivery (queued events go out first) and ElasticMQ. */
    @Override
    public void close() {
        server.close();
        if (events != null) {
            events.close();
        }
    }

    /** Settings of an endpoint; every one has a default suited to tests. */
    public static final class Builder {
        private int port = 0;
        private String bind = "127.0.0.1";
        private String region = "us-east-1";
        private String account = "000000000000";
        private double timeFactor = 1;
        private boolean rateLimits = false;
        private String faults = "";
        private long apiLatencyMillis = 0;
        private LifecycleTimings timings = LifecycleTimings.defaults();
        private long seed = 42;
        private int httpThreads = 64;
        private boolean events;
        private URI sqsEndpoint;
        private FargateOptions fargate = FargateOptions.defaults();

        private Builder() {}

        /** Subnets, vCPU quotas and rate limits of Fargate (see {@link FargateOptions}). */
        public Builder fargate(FargateOptions options) {
            this.fargate = options;
            return this;
        }

        /** Adds subnets as {@code subnet-a=us-east-1a:10.0.1.0/24}: {@code fargate(options.withSubnets(...))}. */
        public Builder subnets(String... specs) {
            this.fargate = fargate.withSubnets(specs);
            return this;
        }

        /** TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Address to listen on; 127.0.0.1 unless told otherwise. */
        public Builder bind(String address) {
            this.bind = address;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder timeFactor(double factor) {
            if (!(factor > 0)) {
                throw new IllegalArgumentException("time factor must be > 0, got " + factor);
            }
            this.timeFactor = factor;
            return this;
        }

        /** Enforce ECS's request rate limits (token buckets per action group). */
        public Builder rateLimits(boolean on) {
            this.rateLimits = on;
            return this;
        }

        /** Faults in force from the start, as {@code KIND:OPERATION:AMOUNT[,...]}. */
        public Builder faults(String spec) {
            FaultRule.parseAll(spec);
            this.faults = spec == null ? "" : spec;
            return this;
        }

        /** Real-time delay added to every ECS call. */
        public Builder apiLatency(Duration latency) {
            this.apiLatencyMillis = latency.toMillis();
            return this;
        }

        /**
         * Lifecycle step durations in cluster time: provisioning, pending (image pull), activating,
         * stopping, deprovisioning, time to the first health check result, stopped task retention.
         */
        public Builder timings(Duration provisioning, Duration pending, Duration activating, Duration stopping,
                Duration deprovisioning, Duration healthCheck, Duration stoppedRetention) {
            this.timings = new LifecycleTimings(provisioning, pending, activating, stopping, deprovisioning,
                    healthCheck, stoppedRetention);
            return this;
        }

        /** Seed for IDs, placement and fault probabilities, so runs can be repeated. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder httpThreads(int threads) {
            this.httpThreads = threads;
            return this;
        }

        /**
         * ECS events (off by default): {@link #build()} starts an SQS endpoint (ElasticMQ, in this JVM, on the
         * {@linkplain #bind address}), every change of a task or instance goes to the queues of the rules it
         * matches, and the cluster advances by itself so that events go out when changes happen.
         */
        public Builder events(boolean on) {
            this.events = on;
            if (!on) {
                this.sqsEndpoint = null;
            }
            return this;
        }

        /** Delivers events to this SQS endpoint instead of starting one; turns events on. */
        public Builder sqsEndpoint(URI endpoint) {
            if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new IllegalArgumentException("SQS endpoint must be a URL such as http://127.0.0.1:9324, got "
                        + endpoint);
            }
            this.sqsEndpoint = endpoint;
            this.events = true;
            return this;
        }

        /** Starts the endpoint. */
        public EcsLocal build() {
            return new EcsLocal(this);
        }
    }
}
