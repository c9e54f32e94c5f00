package com.amazonaws.ecs.cli.run;

import com.amazonaws.ecs.cli.CommandFailure;
import com.amazonaws.ecs.cli.DurationConverter;
import com.amazonaws.ecs.cli.connect.EcsConnection;
import com.amazonaws.ecs.cli.connect.EcsTarget;
import com.amazonaws.ecs.cli.connect.EcsTargetException;
import com.amazonaws.ecs.cli.connect.EcsTargetOptions;
import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * {@code ecs-mesos run}: runs N tasks of a task definition through the {@link ECSSchedulerDriver} on any ECS
 * endpoint, prints their progress and how each ended, and exits 0 only if all reached TASK_FINISHED.
 * Credentials, cluster and task definition are checked before the driver starts, so those mistakes are one
 * line. Ctrl-C stops the driver with {@code stop(false)}, which stops the tasks on ECS.
 *
 * <pre>
 * ./ecs-mesos run --task-definition sleep360:1 --instances 3 --cluster default --region us-east-1
 * </pre>
 */
@Command(name = "run", sortOptions = false,
        description = "Run N tasks of an ECS task definition through the ECS scheduler driver and report how "
                + "each ended; exit 0 only if all finished.")
public final class RunCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** The driver's default port range, to which the ports asked for are added. */
    private static final long OFFERED_FROM = 31000;
    private static final long OFFERED_TO = 32000;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--task-definition", required = true, paramLabel = "FAMILY[:REV]",
            description = "The task definition to run: family, family:revision or its ARN.")
    private String taskDefinition;

    @Option(names = "--instances", defaultValue = "1", paramLabel = "N",
            description = "How many tasks to run (default: ${DEFAULT-VALUE}).")
    private int instances;

    @Option(names = "--cpus", paramLabel = "C",
            description = "CPUs per task (default: what the task definition reserves, at least 0.1).")
    private Double cpus;

    @Option(names = "--mem", paramLabel = "M",
            description = "Memory per task in MiB (default: what the task definition reserves).")
    private Double mem;

    @Option(names = "--ports", split = ",", paramLabel = "P",
            description = "Host ports each task takes from its offer (default: the fixed host ports of the "
                    + "task definition).")
    private List<Long> ports;

    @Mixin
    private EcsTargetOptions targetOptions;

    @Option(names = "--timeout", defaultValue = "10m", paramLabel = "D", converter = DurationConverter.class,
            description = "Give up (and stop the tasks) after this long, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--master", paramLabel = "HOST:PORT",
            description = "Run through this ecs-mesos master (host:port or http://host:port), sharing its cluster "
                    + "with its other frameworks, instead of as the cluster's only framework. The task definition is "
                    + "still read from ECS (--endpoint, --cluster).")
    private String master;

    @Override
    public Integer call() throws InterruptedException {
        EcsTarget target = validate();
        PrintWriter out = spec.commandLine().getOut();
        try (EcsConnection ecs = EcsConnection.open(target)) {
            ecs.requireCluster();
            TaskDefinition definition = ecs.requireTaskDefinition(taskDefinition);
            TaskShape shape = TaskShape.of(definition, cpus, mem, ports);
            String prefix = definition.family() + "-" + UUID.randomUUID().toString().substring(0, 8);
            BatchFramework framework = new BatchFramework(taskDefinition, shape, instances, prefix,
                    line -> progress(out, line));
            ECSSchedulerDriver.Builder builder = ecs.driver(framework, Protos.FrameworkInfo.newBuilder()
                            .setName("ecs-mesos run " + taskDefinition).setUser("").build())
                    .portRange(portRange(shape.ports()));
            if (master != null) {
                // A bare host:port beside an ECS client would keep the driver embedded: say http:// explicitly.
                builder.master(master.contains("://") ? master : "http://" + master);
            }
            ECSSchedulerDriver driver = builder.build();
            progress(out, "running " + instances + " × " + taskDefinition + " (" + shape.describe() + ") on ECS "
                    + ecs.describe() + (master == null ? "" : " through the master at " + master));
            Thread stopOnInterrupt = new Thread(() -> {
                progress(out, "interrupted: stopping the driver and its tasks (stop(false))");
                driver.stop(false);
                driver.join();
            }, "ecs-mesos-run-interrupt");
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
            boolean ended;
            try {
                driver.start();
                ended = framework.await(timeout);
            } finally {
                driver.stop(false);
                driver.join();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
                } catch (IllegalStateException e) {
                    // Already shutting down (Ctrl-C): the hook stops the driver.
                }
            }
            return report(out, framework, ended);
        }
    }

    private int report(PrintWriter out, BatchFramework framework, boolean ended) {
        List<Protos.TaskStatus> statuses = framework.statuses();
        for (Protos.TaskStatus s : statuses) {
            out.println(s.getTaskId().getValue() + "  " + s.getState()
                    + (s.getMessage().isEmpty() ? "" : "  " + s.getMessage()));
        }
        out.flush();
        if (framework.error() != null) {
            throw new CommandFailure("driver error: " + framework.error());
        }
        long finished = statuses.stream().filter(s -> s.getState() == TaskState.TASK_FINISHED).count();
        if (!ended) {
            long waiting = instances - framework.launched();
            throw new CommandFailure("timed out after " + timeout.toSeconds() + " s with " + (instances - finished)
                    + " of " + instances + " tasks not finished" + (waiting > 0 ? " (" + waiting
                    + " never found an offer with room for them)" : "") + "; their tasks were stopped");
        }
        if (finished < instances) {
            Map<TaskState, Long> byState = statuses.stream().filter(s -> s.getState() != TaskState.TASK_FINISHED)
                    .collect(Collectors.groupingBy(Protos.TaskStatus::getState, TreeMap::new, Collectors.counting()));
            throw new CommandFailure((instances - finished) + " of " + instances + " tasks did not finish: "
                    + byState.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                            .collect(Collectors.joining(", ")));
        }
        out.println("all " + instances + (instances == 1 ? " task" : " tasks") + " finished");
        out.flush();
        return 0;
    }

    private EcsTarget validate() {
        require(instances >= 1, "--instances", "must be 1 or more, got " + instances);
        require(cpus == null || cpus > 0, "--cpus", "must be more than 0, got " + cpus);
        require(mem == null || mem > 0, "--mem", "must be more than 0, got " + mem);
        require(ports == null || ports.stream().allMatch(p -> p >= 1 && p <= 65535), "--ports",
                "ports must be between 1 and 65535, got " + ports);
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout", "must be more than 0");
        require(master == null || master.matches("(https?://)?[^/:\\s]+:\\d{1,5}/?"), "--master",
                "must be host:port or http://host:port, got " + master);
        try {
            return targetOptions.resolve(System.getenv());
        } catch (EcsTargetException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The driver offers 31000-32000 by default; ports asked for outside it are added so they can be offered. */
    private static String portRange(List<Long> wanted) {
        StringBuilder b = new StringBuilder();
        for (long p : wanted) {
            if (p < OFFERED_FROM || p > OFFERED_TO) {
                b.append(p).append(',');
            }
        }
        return b.append(OFFERED_FROM).append('-').append(OFFERED_TO).toString();
    }

    private static void progress(PrintWriter out, String line) {
        out.println(LocalTime.now().format(TIME) + " " + line);
        out.flush();
    }

    private void require(boolean valid, String option, String problem) {
        if (!valid) {
            throw new ParameterException(spec.commandLine(),
                    String.format(Locale.ROOT, "Invalid value for option '%s': %s", option, problem));
        }
    }
}
