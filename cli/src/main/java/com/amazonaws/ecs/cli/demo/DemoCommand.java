package com.amazonaws.ecs.cli.demo;

import com.amazonaws.ecs.cli.CommandFailure;
import com.amazonaws.ecs.cli.Terminal;
import com.amazonaws.ecs.cli.connect.LocalClients;
import com.amazonaws.ecs.local.EcsLocal;
import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.mesos.Protos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@code ecs-mesos demo}: what this project does, in one command and with no AWS account. Starts ecs-local in
 * this JVM (cluster time {@code --speed} times faster), registers the seed's task definitions through the AWS
 * SDK, and runs {@link DemoFramework} through {@link ECSSchedulerDriver} exactly as a framework would: two
 * nginx instances kept running, a batch of sleep jobs, one nginx killed and replaced, a clean
 * {@code stop(false)}. Each step has a deadline; the command exits 1 naming the first step that missed it.
 *
 * <pre>
 * ./ecs-mesos demo
 * ./ecs-mesos demo --speed 600 --quiet
 * </pre>
 */
@Command(name = "demo", sortOptions = false,
        description = "Run a small Mesos framework (2 nginx kept running, a batch of sleep jobs, a kill and its "
                + "replacement) through the ECS scheduler driver on an embedded ecs-local.")
public final class DemoCommand implements Callable<Integer> {
    static final String CLUSTER = "demo";
    private static final int INSTANCE_CPU = 2048;
    private static final int INSTANCE_MEMORY = 4096;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--speed", defaultValue = "60", paramLabel = "FACTOR",
            description = "How many times faster than real time the cluster runs (default: ${DEFAULT-VALUE}).")
    private double speed;

    @Option(names = "--instances", defaultValue = "3", paramLabel = "N",
            description = "Container instances (agents) in the cluster, at least 2 (default: ${DEFAULT-VALUE}).")
    private int instances;

    @Option(names = "--quiet", description = "Print only the summary.")
    private boolean quiet;

    @Option(names = "--polling",
            description = "Learn task status by polling (DescribeTasks) instead of ECS events, which ecs-local "
                    + "delivers through its SQS endpoint as an EventBridge rule does.")
    private boolean polling;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0 && Double.isFinite(speed))) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--speed': must be more than 0");
        }
        if (instances < 2) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--instances': must be 2 or "
                    + "more (the two nginx instances need an agent each), got " + instances);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean live = !quiet && Terminal.isTerminal();
        Consumer<String> lines = quiet || live ? line -> { } : line -> {
            out.println(line);
            out.flush();
        };
        long started = System.nanoTime();
        try (EcsLocal ecsLocal = EcsLocal.builder().timeFactor(speed).events(!polling).build();
                EcsClient ecs = LocalClients.ecs(ecsLocal, "demo");
                Ec2Client ec2 = LocalClients.ec2(ecsLocal, "demo")) {
            ecsLocal.createCluster(CLUSTER);
            String eventsQueue = polling ? null : ecsLocal.setUpEvents(CLUSTER, "demo-events");
            ecsLocal.addInstances(CLUSTER, instances, INSTANCE_CPU, INSTANCE_MEMORY);
            DemoBoard board = new DemoBoard(lines);
            board.event("ecs-local at " + ecsLocal.endpoint() + ": cluster '" + CLUSTER + "', " + instances
                    + " container instances of " + INSTANCE_CPU + " CPU units / " + INSTANCE_MEMORY + " MiB, speed "
                    + DemoSummary.number(speed) + "x; task status from "
                    + (polling ? "polling" : "ECS events in SQS queue " + eventsQueue));
            SeedTaskDefinitions.register(ecs);
            board.event("registered task definitions " + SeedTaskDefinitions.SLEEP + " and " + SeedTaskDefinitions.NGINX);
            DemoFramework framework = new DemoFramework(board);
            Duration interval = Duration.ofMillis(Math.max(50, Math.min(250, (long) (12_000 / speed))));
            ECSSchedulerDriver.Builder builder = ECSSchedulerDriver.builder(framework, Protos.FrameworkInfo.newBuilder()
                            .setName("ecs-mesos demo").setUser("").build());
            if (eventsQueue != null) {
                builder.eventsQueueUrl(eventsQueue);
            }
            ECSSchedulerDriver driver = builder
                    .ecsClient(ecs)
                    .ec2Client(ec2)
                    .cluster(CLUSTER)
                    .portRange("80,31000-32000") // nginx:2 publishes host port 80: it must be offered
                    .pollInterval(interval)
                    .offerInterval(interval)
                    .build();
            DemoScript script = new DemoScript(board, framework, driver, ecsLocal, speed);
            Agents agents = new Agents(ecsLocal, CLUSTER);
            LiveView view = live ? new LiveView(out, () -> LiveView.render(board.snapshot(), agents.list(),
                    Duration.ofNanos(System.nanoTime() - started), speed)) : null;
            Optional<DemoStep> failed;
            if (view != null) {
                view.start();
            }
            try {
                failed = script.run();
            } finally {
                if (view != null) {
                    view.close();
                }
            }
            DemoSummary summary = new DemoSummary(board.snapshot(), failed, script.killed(), script.replacement(),
                    ecsLocal.stats().calls(), ecsLocal.stats().liveTasks(),
                    Duration.ofNanos(System.nanoTime() - started), speed);
            out.print((quiet || live ? "" : "\n") + summary.text());
            out.flush();
            if (failed.isPresent()) {
                throw new CommandFailure("step '" + failed.get().description + "' did not happen within "
                        + failed.get().deadline(speed).toSeconds() + " s");
            }
            return 0;
        }
    }
}
