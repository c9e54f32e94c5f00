package com.amazonaws.ecs.cli.bench;

import com.amazonaws.ecs.cli.CommandFailure;
import com.amazonaws.ecs.cli.Terminal;
import com.amazonaws.ecs.cli.connect.LocalClients;
import com.amazonaws.ecs.local.EcsLocal;
import com.amazonaws.ecs.local.Stats;
import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import com.amazonaws.ecs.mesos.LaunchCall;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.mesos.Protos.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@code ecs-mesos bench}: how the ECSSchedulerDriver copes with many short tasks. Starts ecs-local in this JVM
 * with ECS's rate limits and a per-call latency (both in real time), {@code --agents} container instances large
 * enough that capacity never limits, and runs {@link BenchFramework} through the driver: {@code --tasks} tasks of
 * {@code sleep --task-seconds} (task definition {@code bench-sleep:1}, registered in ecs-local up front), launched
 * as fast as offers allow, until all are terminal. Then it prints the ECS calls by action and one {@code RESULT}
 * line (see {@link BenchResult}), and stops the driver with {@code stop(false)}.
 *
 * <pre>
 * ./ecs-mesos bench --agents 100 --tasks 1000
 * ./ecs-mesos bench --agents 5 --tasks 40 --task-seconds 2 --time-factor 10
 * </pre>
 */
@Command(name = "bench", sortOptions = false,
        description = {"Launch many short tasks through the ECS scheduler driver on an embedded ecs-local (ECS rate "
                + "limits and API latency on, in real time) and measure ECS calls per task, throttling, launch rate, "
                + "status latency, driver CPU and heap. With --master, F frameworks share the tasks through an "
                + "ecs-mesos master in this JVM, over HTTP.",
                "Ends with one line for scripts: RESULT tasks= finished= lost= duplicates= api_calls= "
                        + "api_calls_per_task= throttled= launch_per_s= status_p50_ms= status_p99_ms= driver_cpu_s= "
                        + "heap_mb= wall_s= refused= offer_use_p50_ms= offer_use_p99_ms= (and with --master: "
                        + "frameworks= fairness_max_dev_pct= master_cpu_s= master_cpu_steady_pct=), reads_per_s=",
                "offer_use: from an offer being made to the accept that used it arriving (through a master: both "
                        + "HTTP ways). fairness_max_dev_pct: while every framework still had tasks to start, the "
                        + "largest gap between a framework's ECS tasks created and an even share. master_cpu_steady_pct: the master's threads (and the SDK's) "
                        + "from 10 % to 90 % of the tasks running, in % of one core.",
                "reads_per_s: ECS read calls (Describe*, List*) per second, from the last task's launch to the end.",
                "status_p*_ms: from ecs-local's RUNNING/STOPPED change to the framework's TASK_RUNNING/terminal "
                        + "update. driver_cpu_s: the driver's and the AWS SDK's threads (not ecs-local's). heap_mb: "
                        + "used heap of the whole process (driver, ecs-local and bench) after a full GC at the end.",
                "Exit code 0 when every task finished exactly once, 1 when some were lost or doubled or nothing "
                        + "changed for 120 s."})
public final class BenchCommand implements Callable<Integer> {
    static final String CLUSTER = "bench";
    static final int INSTANCE_CPU = 4096;
    static final int INSTANCE_MEMORY = 16384;
    static final Duration STALL = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--agents", required = true, paramLabel = "A",
            description = "Container instances (agents) of " + INSTANCE_CPU + " CPU units / " + INSTANCE_MEMORY
                    + " MiB each, at least 1.")
    private int agents;

    @Option(names = "--tasks", required = true, paramLabel = "T",
            description = "Tasks to launch (0.25 cpus / 128 MiB each), at least 1.")
    private int tasks;

    @Option(names = "--task-seconds", defaultValue = "10", paramLabel = "S",
            description = "How long each task sleeps, in cluster seconds (default: ${DEFAULT-VALUE}).")
    private int taskSeconds;

    @Option(names = "--poll-ms", defaultValue = "2000", paramLabel = "P",
            description = "The driver's pollInterval: task status sweeps, in ms (default: ${DEFAULT-VALUE}).")
    private long pollMillis;

    @Option(names = "--api-latency-ms", defaultValue = "20", paramLabel = "L",
            description = "Real-time delay ecs-local adds to every ECS call, in ms (default: ${DEFAULT-VALUE}).")
    private long apiLatencyMillis;

    @Option(names = "--rate-limits", defaultValue = "ecs", paramLabel = "ecs|off",
            description = "ecs to throttle as ECS's token buckets do (real time), or off (default: ${DEFAULT-VALUE}).")
    private String rateLimits;

    @Option(names = "--time-factor", defaultValue = "1", paramLabel = "F",
            description = "How many times faster than real time the cluster runs: shortens task lifetimes only, "
                    + "never rate limits or API latency (default: ${DEFAULT-VALUE}).")
    private double timeFactor;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of ecs-local (IDs, placement) and of the driver (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--master",
            description = "Run an ecs-mesos master in this JVM and the frameworks through it over HTTP (the V1 API), "
                    + "each driver given the master's address, instead of one embedded driver.")
    private boolean throughMaster;

    @Option(names = "--frameworks", defaultValue = "1", paramLabel = "F",
            description = "With --master: frameworks sharing the tasks, each wanting T/F (default: ${DEFAULT-VALUE}).")
    private int frameworkCount;

    @Option(names = "--launch-call", defaultValue = "run-task", paramLabel = "run-task|start-task",
            description = "The ECS call that launches tasks: run-task (exactly once, with a client token) or "
                    + "start-task (default: ${DEFAULT-VALUE}).")
    private String launchCall;

    @Option(names = "--faults", paramLabel = "SPEC",
            description = "ecs-local faults once the cluster is set up, as for ecs-mesos local, e.g. "
                    + "server-error-after:RunTask:0.05,drop:RunTask:0.05 (launches whose outcome is hidden).")
    private String faults;

    @Option(names = "--status-source", defaultValue = "polling", paramLabel = "polling|events",
            description = "Where the driver learns task status: polling (DescribeTasks every --poll-ms) or events "
                    + "(ecs-local delivers ECS events through its SQS endpoint, as an EventBridge rule does) "
                    + "(default: ${DEFAULT-VALUE}).")
    private String statusSource;

    @Option(names = "--fargate",
            description = "Run the tasks on Fargate: the driver offers one agent per zone of three subnets; each task "
                    + "is a RunTask on FARGATE (0.25 vCPU / 512 MiB, task definition bench-sleep-fargate), held to "
                    + "Fargate's launch rate (20/s). --agents container instances are added too (0 for none).")
    private boolean fargate;

    @Option(names = "--masters", defaultValue = "0", paramLabel = "M",
            description = "M ecs-mesos master processes contending in a ZooKeeper in this JVM; the --frameworks "
                    + "launch through them (all but the last given zk://, the last the list of masters) and the "
                    + "leader is killed with SIGKILL at --kill-leader-at (default: ${DEFAULT-VALUE}, no failover).")
    private int masterProcesses;

    @Option(names = "--kill-leader-at", defaultValue = "0.3", paramLabel = "SHARE",
            description = "With --masters: kill the leader once this share of the tasks exist in ECS "
                    + "(default: ${DEFAULT-VALUE}).")
    private double killLeaderAt;

    @Option(names = "--zk-session-timeout", defaultValue = "10s", paramLabel = "DURATION",
            converter = com.amazonaws.ecs.cli.DurationConverter.class,
            description = "With --masters: the masters' ZooKeeper session timeout (default: ${DEFAULT-VALUE}, as "
                    + "Mesos's); a killed leader is replaced after about this long.")
    private Duration zkSessionTimeout;

    @Override
    public Integer call() throws Exception {
        boolean limits = validate();
        LaunchCall call = launchCall();
        boolean events = events();
        PrintWriter out = spec.commandLine().getOut();
        EcsTaskChanges changes = new EcsTaskChanges(timeFactor, System::nanoTime);
        ReadCalls reads = new ReadCalls(System::nanoTime);
        try (EcsLocal ecsLocal = EcsLocal.builder().port(0).bind("127.0.0.1").timeFactor(timeFactor)
                        .rateLimits(limits).apiLatency(Duration.ofMillis(apiLatencyMillis)).seed(seed).events(events)
                        .subnets(BenchTaskDefinitions.SUBNET_SPECS.toArray(new String[0])).build();
                EcsClient ecs = LocalClients.ecs(ecsLocal, "bench");
                Ec2Client ec2 = LocalClients.ec2(ecsLocal, "bench")) {
            ecsLocal.createCluster(CLUSTER);
            ecsLocal.addInstances(CLUSTER, agents, INSTANCE_CPU, INSTANCE_MEMORY);
            // Wired once the instances are registered, as a cluster's events are before its framework starts: the
            // queue does not begin with a backlog of every instance's registration.
            String eventsQueue = events ? ecsLocal.setUpEvents(CLUSTER, "bench-events") : null;
            if (events) {
                SqsWarmUp.run(ecsLocal);
            }
            ecsLocal.onCall(reads);
            String taskDefinition = fargate ? BenchTaskDefinitions.fargate(ecsLocal, taskSeconds)
                    : BenchTaskDefinitions.ec2(ecsLocal, taskSeconds);
            ecsLocal.onTaskChange(changes);
            if (faults != null) {
                try {
                    ecsLocal.injectFaults(faults);
                } catch (IllegalArgumentException e) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "Invalid value for option '--faults': " + e.getMessage());
                }
            }
            out.printf(Locale.ROOT, "bench: %d tasks (sleep %d, 0.25 cpus / 128 MiB) on %d agents" + (fargate
                            ? " and Fargate (" + BenchTaskDefinitions.SUBNETS.size() + " zones)" : "") + "; ecs-local at %s, "
                            + "rate limits %s, API latency %d ms, time factor %s, poll %d ms%s%n", tasks, taskSeconds,
                    agents, ecsLocal.endpoint(), limits ? "ecs" : "off", apiLatencyMillis, number(timeFactor),
                    pollMillis, (throughMaster ? "; " + frameworkCount + " framework(s) through an ecs-mesos master"
                            : "") + "; launches with " + (call == LaunchCall.RUN_TASK ? "RunTask" : "StartTask")
                            + (faults == null ? "" : "; faults " + faults) + "; status from " + statusSource);
            out.flush();
            if (masterProcesses > 0) {
                return new FailoverBench(out, ecsLocal, changes, taskDefinition, masterProcesses, frameworkCount, tasks,
                        killLeaderAt, zkSessionTimeout).run();
            }
            return run(out, ecsLocal, ecs, ec2, taskDefinition, changes, call, eventsQueue, reads);
        }
    }

    private boolean events() {
        return switch (statusSource) {
            case "polling" -> false;
            case "events" -> true;
            default -> throw invalid("--status-source", "polling or events, got '" + statusSource + "'");
        };
    }

    private LaunchCall launchCall() {
        switch (launchCall) {
            case "run-task":
                return LaunchCall.RUN_TASK;
            case "start-task":
                return LaunchCall.START_TASK;
            default:
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for option '--launch-call': run-task or start-task, got '" + launchCall + "'");
        }
    }

    private int run(PrintWriter out, EcsLocal ecsLocal, EcsClient ecs, Ec2Client ec2, String taskDefinition,
            EcsTaskChanges changes, LaunchCall call, String eventsQueue, ReadCalls reads) throws Exception {
        DriverCpu cpu = new DriverCpu();
        Duration poll = Duration.ofMillis(pollMillis);
        BenchDrivers drivers = throughMaster
                ? BenchDrivers.throughMaster(frameworkCount, tasks, taskDefinition, System::nanoTime, ecs, ec2, CLUSTER,
                        poll, call, eventsQueue, fargate ? BenchTaskDefinitions.SUBNETS : null)
                : BenchDrivers.embedded(tasks, taskDefinition, System::nanoTime, ecs, ec2, CLUSTER, poll, seed, call,
                        eventsQueue, fargate ? BenchTaskDefinitions.SUBNETS : null);
        BenchFrameworks frameworks = drivers.frameworks();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ecs-mesos-bench");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        Progress progress = new Progress(out, Terminal.isTerminal(), frameworks, changes, ecsLocal, cpu, start);
        boolean stalled = false;
        long end;
        try (drivers) {
            drivers.start();
            timer.scheduleAtFixedRate(cpu::sample, 1, 1, TimeUnit.SECONDS);
            timer.scheduleAtFixedRate(progress::show, 2, 2, TimeUnit.SECONDS);
            while (!frameworks.awaitDone(1000)) {
                long lastChange = Math.max(start, Math.max(frameworks.lastChangeNanos(), changes.lastChangeNanos()));
                if (System.nanoTime() - lastChange > STALL.toNanos()) {
                    stalled = true;
                    break;
                }
            }
            end = System.nanoTime();
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            progress.show();
            progress.finish();
            // Measure before anything else talks to ecs-local: the in-process calls below are not ECS calls
            // the driver made (and are not counted by ecs-local either).
            Stats stats = ecsLocal.stats();
            cpu.sample();
            long heapMb = heapAfterGc();
            BenchResult result = measure(drivers, changes, ecsLocal, stats, cpu, heapMb, (end - start) / 1e9,
                    reads.perSecond(changes.lastCreationNanos(), end));
            out.print(summary(stats, cpu));
            out.println(result.line());
            out.flush();
            if (frameworks.error() != null) {
                throw new CommandFailure("the driver reported an error: " + frameworks.error());
            }
            if (stalled) {
                throw new CommandFailure("nothing changed for " + STALL.toSeconds() + " s: stopped with "
                        + result.lost() + " of " + tasks + " tasks lost");
            }
            if (!result.ok()) {
                throw new CommandFailure(result.lost() + " of " + tasks + " tasks lost, " + result.duplicates()
                        + " with more than one ECS task, " + result.refused() + " launches refused for resources");
            }
            return 0;
        } finally {
            timer.shutdownNow();
        }
    }

    /** Compares what the framework saw with what ecs-local did. */
    private BenchResult measure(BenchDrivers drivers, EcsTaskChanges changes, EcsLocal ecsLocal, Stats stats,
            DriverCpu cpu, long heapMb, double wallSeconds, double readsPerSecond) {
        BenchFrameworks framework = drivers.frameworks();
        Map<String, TaskState> last = framework.lastStates();
        int finished = (int) last.values().stream().filter(s -> s == TaskState.TASK_FINISHED).count();
        List<EcsTaskChanges.Seen> seen = changes.tasks();
        Map<String, String> mesosIdByArn = mesosTaskIds(ecsLocal, seen);
        Map<String, List<EcsTaskChanges.Seen>> ecsTasksByMesosId = new HashMap<>();
        for (EcsTaskChanges.Seen s : seen) {
            String id = mesosIdByArn.get(s.arn());
            if (id != null) {
                ecsTasksByMesosId.computeIfAbsent(id, k -> new ArrayList<>()).add(s);
            }
        }
        int duplicates = (int) ecsTasksByMesosId.values().stream().filter(l -> l.size() > 1).count();
        Map<String, BenchFramework.Arrivals> arrivals = framework.arrivals();
        List<Double> latencies = new ArrayList<>();
        ecsTasksByMesosId.forEach((id, ecsTasks) -> {
            BenchFramework.Arrivals at = arrivals.get(id);
            if (ecsTasks.size() != 1 || at == null) {
                return; // a doubled task has no single ECS change to time against
            }
            EcsTaskChanges.Seen s = ecsTasks.get(0);
            if (s.runningClusterMillis() != 0 && at.runningNanos() != 0) {
                latencies.add((at.runningNanos() - changes.realNanos(s.runningClusterMillis())) / 1e6);
            }
            if (s.stoppedClusterMillis() != 0 && at.terminalNanos() != 0) {
                latencies.add((at.terminalNanos() - changes.realNanos(s.stoppedClusterMillis())) / 1e6);
            }
        });
        double[] ms = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        com.amazonaws.ecs.mesos.DriverMetrics used = drivers.metrics();
        return new BenchResult(tasks, finished, tasks - finished, duplicates, stats.totalCalls(), stats.throttled(),
                changes.creationsPerSecond(), Percentiles.of(ms, 50), Percentiles.of(ms, 99), cpu.seconds(), heapMb,
                wallSeconds, framework.refused(), used.offerUseMillis(0.5), used.offerUseMillis(0.99),
                drivers.throughMaster() ? masterFigures(framework, ecsTasksByMesosId, cpu) : null, readsPerSecond);
    }

    /**
     * Fairness of the launches while all frameworks compete (by the real time ecs-local created each one's ECS
     * tasks), and the master's CPU: in all, and in steady state, from the first 10 % of the ECS tasks created to
     * 90 % (the stretch held at the StartTask bound).
     */
    private BenchResult.Master masterFigures(BenchFrameworks frameworks, Map<String, List<EcsTaskChanges.Seen>> byId,
            DriverCpu cpu) {
        Map<String, List<Long>> starts = new HashMap<>();
        List<Long> all = new ArrayList<>();
        byId.forEach((id, ecsTasks) -> {
            BenchFramework f = frameworks.of(id);
            if (f != null) {
                for (EcsTaskChanges.Seen s : ecsTasks) {
                    starts.computeIfAbsent(f.idPrefix(), k -> new ArrayList<>()).add(s.createdNanos());
                    all.add(s.createdNanos());
                }
            }
        });
        all.sort(null);
        double steady = Double.NaN;
        if (all.size() >= 10) {
            steady = 100 * cpu.masterShare(all.get(all.size() / 10), all.get(all.size() * 9 / 10));
        }
        return new BenchResult.Master(frameworks.all().size(), Fairness.maxDeviationPercentWhileAllCompete(starts),
                cpu.masterSeconds(), steady);
    }

    /**
     * The Mesos task ID of each ECS task, from its {@code mesos.task-id} tag as ecs-local holds it (in-process
     * DescribeTasks, 100 at a time; not counted as ECS calls).
     */
    static Map<String, String> mesosTaskIds(EcsLocal ecsLocal, List<EcsTaskChanges.Seen> seen) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < seen.size(); i += 100) {
            ObjectNode request = JSON.createObjectNode().put("cluster", CLUSTER);
            ArrayNode arns = request.putArray("tasks");
            seen.subList(i, Math.min(seen.size(), i + 100)).forEach(s -> arns.add(s.arn()));
            request.putArray("include").add("TAGS");
            for (JsonNode task : read(ecsLocal.call("DescribeTasks", request.toString())).path("tasks")) {
                for (JsonNode tag : task.path("tags")) {
                    if (FrameworkTags.TASK_ID_KEY.equals(tag.path("key").asText())) {
                        FrameworkTags.unescape(tag.path("value").asText())
                                .ifPresent(id -> out.put(task.path("taskArn").asText(), id));
                    }
                }
            }
        }
        return out;
    }

    private String summary(Stats stats, DriverCpu cpu) {
        StringBuilder b = new StringBuilder();
        b.append("ECS calls by action (").append(stats.totalCalls()).append(" received, ").append(stats.throttled())
                .append(" throttled): ")
                .append(stats.calls().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
                .append('\n');
        b.append("Driver CPU by thread group: ").append(cpu.byGroup().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "))).append('\n');
        b.append(String.format(Locale.ROOT, "ecs-local CPU (not the driver's): %.2f s%n", cpu.ecsLocalSeconds()));
        if (stats.events().emitted() > 0) {
            b.append(String.format(Locale.ROOT, "ECS events: %d emitted, %d delivered to the queue (%.1f per task)%n",
                    stats.events().emitted(), stats.events().delivered(), (double) stats.events().delivered() / tasks));
        }
        return b.toString();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }


    private static JsonNode read(String json) {
        return BenchTaskDefinitions.read(json);
    }

    /** Checks the options; returns whether ECS's rate limits are on. */
    private boolean validate() {
        require(agents >= (fargate ? 0 : 1), "--agents", "must be " + (fargate ? 0 : 1) + " or more, got " + agents);
        require(tasks >= 1, "--tasks", "must be 1 or more, got " + tasks);
        require(taskSeconds >= 0, "--task-seconds", "must be 0 or more, got " + taskSeconds);
        require(pollMillis >= 1, "--poll-ms", "must be 1 or more, got " + pollMillis);
        require(apiLatencyMillis >= 0, "--api-latency-ms", "must be 0 or more, got " + apiLatencyMillis);
        require(timeFactor > 0 && Double.isFinite(timeFactor), "--time-factor",
                "must be more than 0, got " + number(timeFactor));
        require(frameworkCount >= 1, "--frameworks", "must be 1 or more, got " + frameworkCount);
        require(masterProcesses == 0 || masterProcesses >= 2, "--masters", "must be 2 or more, got " + masterProcesses);
        require(killLeaderAt > 0 && killLeaderAt < 1, "--kill-leader-at", "must be between 0 and 1");
        require(frameworkCount == 1 || throughMaster || masterProcesses > 0, "--frameworks", "more than one framework needs --master "
                + "(embedded drivers on one cluster would race for the same resources)");
        require(frameworkCount <= tasks, "--frameworks", "must not exceed --tasks (" + tasks + "), got "
                + frameworkCount);
        return switch (rateLimits.strip().toLowerCase(Locale.ROOT)) {
            case "ecs" -> true;
            case "off" -> false;
            default -> throw invalid("--rate-limits", "expected ecs or off but was '" + rateLimits + "'");
        };
    }

    private void require(boolean valid, String option, String problem) {
        if (!valid) {
            throw invalid(option, problem);
        }
    }

    private ParameterException invalid(String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }

    static String number(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
