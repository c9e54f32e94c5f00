package com.amazonaws.ecs.bench;

import com.amazonaws.ecs.local.EcsLocal;
import com.amazonaws.ecs.local.Stats;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;

/**
 * Bench command: how many mixed ECS requests per second ecs-local serves, and how much heap it
 * holds for a large cluster.
 *
 * <ol>
 *   <li>Starts ecs-local in this JVM (rate limits off, no added latency, time factor 1).</li>
 *   <li>Registers {@code --instances} container instances and starts {@code --tasks} long-running
 *       tasks on them with StartTask (10 instances per call) from {@code --threads} client
 *       threads, through the AWS SDK v2 over loopback HTTP.</li>
 *   <li>Forces GC and reports the heap held: used heap after GC minus the baseline measured before
 *       ecs-local started. The difference also includes the SDK client and the bench's list of
 *       task ARNs (about 2 MB), so it overstates ecs-local slightly.</li>
 *   <li>Runs a mix of DescribeTasks (100 random task ARNs), StartTask (one short-lived
 *       {@code sleep 2} task on a random instance) and ListTasks (a page of 100) from the client
 *       threads: {@code --warmup} seconds, then {@code --duration} seconds measured.</li>
 *   <li>Prints requests/s, p50/p99/max latency per operation, errors, the CPU time split between
 *       ecs-local's threads and the client's, and one {@code RESULT} line for scripts.</li>
 * </ol>
 *
 * <p>The client (SDK, Apache HTTP client, JSON parsing) runs in the same JVM on the same cores, so
 * the figures are a lower bound for ecs-local alone. Not a test: run it by hand, see BENCHMARKS.md.
 */
public final class EcsLocalThroughput {

    /** What to run; {@link #defaults()} is the target scenario. */
    public record Options(int instances, int tasks, int threads, int httpThreads, double warmupSeconds,
            double durationSeconds, int describeWeight, int startWeight, int listWeight, int instanceCpu,
            int instanceMemory, long seed, String client) {

        public static Options defaults() {
            return new Options(1000, 10_000, 32, 16, 5, 20, 50, 25, 25, 4096, 8192, 42, "raw");
        }

        static Options parse(String[] args) {
            Options d = defaults();
            int instances = d.instances;
            int tasks = d.tasks;
            int threads = d.threads;
            int httpThreads = d.httpThreads;
            double warmup = d.warmupSeconds;
            double duration = d.durationSeconds;
            int[] mix = {d.describeWeight, d.startWeight, d.listWeight};
            long seed = d.seed;
            String client = d.client;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if ("--help".equals(a) || "-h".equals(a)) {
                    throw new IllegalArgumentException("help");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--instances" -> instances = Integer.parseInt(v);
                    case "--tasks" -> tasks = Integer.parseInt(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    case "--http-threads" -> httpThreads = Integer.parseInt(v);
                    case "--warmup" -> warmup = Double.parseDouble(v);
                    case "--duration" -> duration = Double.parseDouble(v);
                    case "--mix" -> {
                        String[] w = v.split(":");
                        if (w.length != 3) {
                            throw new IllegalArgumentException("--mix wants DESCRIBE:START:LIST weights, e.g. 50:25:25");
                        }
                        mix = new int[] {Integer.parseInt(w[0]), Integer.parseInt(w[1]), Integer.parseInt(w[2])};
                    }
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--client" -> {
                        if (!"raw".equals(v) && !"sdk".equals(v)) {
                            throw new IllegalArgumentException("--client is raw or sdk, not " + v);
                        }
                        client = v;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            Options o = new Options(instances, tasks, threads, httpThreads, warmup, duration, mix[0], mix[1], mix[2],
                    d.instanceCpu, d.instanceMemory, seed, client);
            if (o.instances < 1 || o.tasks < 1 || o.threads < 1 || o.httpThreads < 1 || o.durationSeconds <= 0
                    || o.warmupSeconds < 0 || o.describeWeight + o.startWeight + o.listWeight <= 0) {
                throw new IllegalArgumentException("need instances >= 1, tasks >= 1, threads >= 1, "
                        + "http-threads >= 1, duration > 0, warmup >= 0 and a non-zero mix");
            }
            return o;
        }
    }

    /** Latency summary of one operation in the measured window. */
    public record OpResult(String operation, long count, long errors, double p50Millis, double p99Millis,
            double maxMillis) {}

    /** Everything measured. */
    public record Result(double requestsPerSecond, Map<String, OpResult> operations, long errors,
            double heapMegabytes, double heapAfterRunMegabytes, double cpuMicrosPerRequest, Stats stats) {

        public String resultLine() {
            return String.format(Locale.ROOT,
                    "RESULT ecs_local_rps=%.0f describe_p99_ms=%.2f start_p99_ms=%.2f list_p99_ms=%.2f errors=%d"
                            + " heap_mb_1000x10000=%.1f cpu_us_per_req=%.0f",
                    requestsPerSecond, p99("DescribeTasks"), p99("StartTask"), p99("ListTasks"), errors, heapMegabytes,
                    cpuMicrosPerRequest);
        }

        private double p99(String op) {
            OpResult r = operations.get(op);
            return r == null ? Double.NaN : r.p99Millis();
        }
    }

    private static final String CLUSTER = "bench";
    private static final String LONG_FAMILY = "bench-long";
    private static final String SHORT_FAMILY = "bench-short";
    private static final String[] OPS = {"DescribeTasks", "StartTask", "ListTasks"};
    private static final byte[] NO_FAILURES = "\"failures\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private EcsLocalThroughput() {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println("usage: java -jar bench/target/ecs-mesos-bench.jar [--instances 1000] [--tasks 10000]"
                    + " [--threads 32] [--http-threads 16] [--warmup 5] [--duration 20] [--mix 50:25:25]"
                    + " [--seed 42] [--client raw|sdk]");
            System.exit(2);
            return;
        }
        Result r = run(o, System.out);
        System.out.println(r.resultLine());
        System.exit(r.errors() == 0 ? 0 : 1);
    }

    /** Runs the whole bench; prints progress and a report to {@code out} (not the RESULT line). */
    public static Result run(Options o, PrintStream out) throws Exception {
        // Without TCP_NODELAY the JDK server's response body waits for the client's delayed ACK
        // (~40 ms a call). ecs-local sets this itself from commit 686bbb9 on main; setting it here
        // too keeps the bench meaningful on older ecs-local builds. Read once per JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        Runtime rt = Runtime.getRuntime();
        out.printf(Locale.ROOT, "ecs-local throughput bench: %s%n", o);
        out.printf(Locale.ROOT, "machine: %d processors, java %s (%s), max heap %d MB, %s%n",
                rt.availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                rt.maxMemory() >> 20, Instant.now());

        long baseline = usedHeapAfterGc();
        out.printf(Locale.ROOT, "heap used before ecs-local: %.1f MB%n", mb(baseline));

        ExecutorService pool = Executors.newFixedThreadPool(o.threads, new NamedThreads("bench-client-"));
        long t0 = System.nanoTime();
        EcsLocal ecs = EcsLocal.builder()
                .timeFactor(1)
                .rateLimits(false)
                .apiLatency(Duration.ZERO)
                .seed(o.seed)
                .httpThreads(o.httpThreads)
                .build();
        EcsClient client = client(ecs.endpoint(), o.threads);
        try {
            List<String> instances = ecs.addInstances(CLUSTER, o.instances, o.instanceCpu, o.instanceMemory);
            registerDefinitions(client);
            List<String> taskArns = startLongTasks(client, pool, instances, o.tasks);
            Stats afterSetup = ecs.stats();
            out.printf(Locale.ROOT, "setup: %d instances, %d tasks (%d live) in %.1f s%n",
                    afterSetup.containerInstances(), afterSetup.tasks(), afterSetup.liveTasks(),
                    (System.nanoTime() - t0) / 1e9);

            long loaded = usedHeapAfterGc();
            double heapMb = mb(loaded - baseline);
            out.printf(Locale.ROOT, "heap used with %d instances / %d tasks: %.1f MB; held by ecs-local "
                    + "(incl. SDK client and the bench's ARN list): %.1f MB%n",
                    o.instances, o.tasks, mb(loaded), heapMb);

            Load load = mixedLoad(o, ecs.endpoint(), client, pool, instances, taskArns, out);
            Map<String, OpResult> ops = load.operations();
            long errors = ops.values().stream().mapToLong(OpResult::errors).sum();
            long count = ops.values().stream().mapToLong(OpResult::count).sum();
            double rps = count / o.durationSeconds;

            Stats end = ecs.stats();
            double heapAfterRun = mb(usedHeapAfterGc() - baseline);
            out.printf(Locale.ROOT, "after the run: %d tasks held (%d live, the rest stopped and retained for 1 h "
                    + "as ECS does), heap held %.1f MB%n", end.tasks(), end.liveTasks(), heapAfterRun);
            out.printf(Locale.ROOT, "ecs-local served %d ECS calls in total: %s%n", end.totalCalls(), end.calls());
            return new Result(rps, ops, errors, heapMb, heapAfterRun, load.cpuMicrosPerRequest(), end);
        } finally {
            pool.shutdownNow();
            client.close();
            ecs.close();
        }
    }

    static EcsClient client(URI endpoint, int threads) {
        return EcsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(threads * 2)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                // Every failure must show up as an error, not be hidden by a retry.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static void registerDefinitions(EcsClient client) {
        // 64 CPU units and 128 MiB each: 10 long tasks take 640/4096 CPU of an instance, leaving room
        // for the short-lived tasks StartTask adds during the run.
        client.registerTaskDefinition(b -> b.family(LONG_FAMILY).containerDefinitions(ContainerDefinition.builder()
                .name("app").image("busybox").cpu(64).memory(128).essential(true)
                .command("sleep", "3600").build()));
        client.registerTaskDefinition(b -> b.family(SHORT_FAMILY).containerDefinitions(ContainerDefinition.builder()
                .name("app").image("busybox").cpu(64).memory(128).essential(true)
                .command("sleep", "2").build()));
    }

    /** Starts {@code count} tasks round-robin over the instances, 10 instances per StartTask call. */
    private static List<String> startLongTasks(EcsClient client, ExecutorService pool, List<String> instances,
            int count) throws Exception {
        List<List<String>> calls = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            batch.add(instances.get(k % instances.size()));
            if (batch.size() == Math.min(10, instances.size()) || k == count - 1) {
                calls.add(batch);
                batch = new ArrayList<>();
            }
        }
        ConcurrentLinkedQueue<String> arns = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (List<String> call : calls) {
            futures.add(pool.submit(() -> {
                StartTaskResponse r = client.startTask(b -> b.cluster(CLUSTER).taskDefinition(LONG_FAMILY)
                        .containerInstances(call).startedBy("bench-setup"));
                if (!r.failures().isEmpty()) {
                    throw new IllegalStateException("StartTask failed during setup: " + r.failures());
                }
                r.tasks().forEach(t -> arns.add(t.taskArn()));
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        if (arns.size() != count) {
            throw new IllegalStateException("started " + arns.size() + " tasks, wanted " + count);
        }
        return new ArrayList<>(arns);
    }

    /** One client thread's samples for each operation, in microseconds. */
    private static final class Recorder {
        final long[][] micros = new long[OPS.length][];
        final int[] counts = new int[OPS.length];
        final long[] errors = new long[OPS.length];

        Recorder() {
            for (int i = 0; i < OPS.length; i++) {
                micros[i] = new long[4096];
            }
        }

        void record(int op, long us) {
            if (counts[op] == micros[op].length) {
                micros[op] = Arrays.copyOf(micros[op], micros[op].length * 2);
            }
            micros[op][counts[op]++] = us;
        }
    }

    private record Load(Map<String, OpResult> operations, double cpuMicrosPerRequest) {}

    private static Load mixedLoad(Options o, URI endpoint, EcsClient client, ExecutorService pool,
            List<String> instances, List<String> taskArns, PrintStream out) throws Exception {
        int totalWeight = o.describeWeight + o.startWeight + o.listWeight;
        long start = System.nanoTime();
        long measureFrom = start + (long) (o.warmupSeconds * 1e9);
        long measureTo = measureFrom + (long) (o.durationSeconds * 1e9);
        List<Recorder> recorders = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        AtomicInteger errorSampleCount = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(o.threads);
        CpuSplit cpu = new CpuSplit();
        Thread cpuSampler = new Thread(() -> {
            try {
                long wait = (measureFrom - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                cpu.begin();
                wait = (measureTo - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                cpu.end();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-cpu-sampler");
        cpuSampler.start();
        out.printf(Locale.ROOT, "mixed load: %d client threads, mix DescribeTasks:StartTask:ListTasks = %d:%d:%d, "
                + "%.0f s warm-up then %.0f s measured%n", o.threads, o.describeWeight, o.startWeight, o.listWeight,
                o.warmupSeconds, o.durationSeconds);
        for (int th = 0; th < o.threads; th++) {
            pool.execute(() -> {
                Recorder rec = new Recorder();
                recorders.add(rec);
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                String[] describeBatch = new String[Math.min(100, taskArns.size())];
                int listPage = Math.min(100, taskArns.size());
                RawEcsConnection raw = null;
                try {
                    raw = "raw".equals(o.client) ? new RawEcsConnection(endpoint) : null;
                } catch (java.io.IOException e) {
                    errorSamples.add("cannot connect: " + e);
                }
                try {
                    while (true) {
                        long begin = System.nanoTime();
                        if (begin >= measureTo) {
                            break;
                        }
                        int pick = rnd.nextInt(totalWeight);
                        int op = pick < o.describeWeight ? 0 : pick < o.describeWeight + o.startWeight ? 1 : 2;
                        String problem;
                        try {
                            problem = raw != null ? rawCall(raw, op, rnd, describeBatch, taskArns, instances)
                                    : switch (op) {
                                case 0 -> {
                                    for (int i = 0; i < describeBatch.length; i++) {
                                        describeBatch[i] = taskArns.get(rnd.nextInt(taskArns.size()));
                                    }
                                    DescribeTasksResponse r = client.describeTasks(b -> b.cluster(CLUSTER)
                                            .tasks(describeBatch));
                                    yield r.failures().isEmpty() && r.tasks().size() == describeBatch.length ? null
                                            : "DescribeTasks answered " + r.tasks().size() + " tasks, failures "
                                                    + r.failures();
                                }
                                case 1 -> {
                                    String ci = instances.get(rnd.nextInt(instances.size()));
                                    StartTaskResponse r = client.startTask(b -> b.cluster(CLUSTER)
                                            .taskDefinition(SHORT_FAMILY).containerInstances(ci)
                                            .startedBy("bench-run"));
                                    yield r.failures().isEmpty() && r.tasks().size() == 1 ? null
                                            : "StartTask failures " + r.failures();
                                }
                                default -> {
                                    ListTasksResponse r = client.listTasks(b -> b.cluster(CLUSTER).maxResults(100));
                                    yield r.taskArns().size() >= listPage ? null
                                            : "ListTasks answered " + r.taskArns().size() + " ARNs";
                                }
                            };
                        } catch (RuntimeException e) {
                            problem = e.toString();
                        }
                        long end = System.nanoTime();
                        if (begin >= measureFrom && end <= measureTo) {
                            if (problem == null) {
                                rec.record(op, (end - begin) / 1000);
                            } else {
                                rec.errors[op]++;
                            }
                        }
                        if (problem != null && errorSampleCount.incrementAndGet() <= 5) {
                            errorSamples.add(OPS[op] + ": " + problem);
                        }
                    }
                } finally {
                    done.countDown();
                    if (raw != null) {
                        try {
                            raw.close();
                        } catch (java.io.IOException ignored) {
                            // the bench is over for this thread either way
                        }
                    }
                }
            });
        }
        if (!done.await((long) (o.warmupSeconds + o.durationSeconds + 60), TimeUnit.SECONDS)) {
            throw new IllegalStateException("client threads did not finish");
        }
        cpuSampler.join();

        Map<String, OpResult> results = new LinkedHashMap<>();
        long total = 0;
        for (int op = 0; op < OPS.length; op++) {
            int n = 0;
            long errs = 0;
            for (Recorder r : recorders) {
                n += r.counts[op];
                errs += r.errors[op];
            }
            long[] all = new long[n];
            int at = 0;
            for (Recorder r : recorders) {
                System.arraycopy(r.micros[op], 0, all, at, r.counts[op]);
                at += r.counts[op];
            }
            Arrays.sort(all);
            OpResult res = new OpResult(OPS[op], n + errs, errs, pct(all, 0.50), pct(all, 0.99),
                    n == 0 ? Double.NaN : all[n - 1] / 1000.0);
            results.put(OPS[op], res);
            total += n + errs;
        }
        out.printf(Locale.ROOT, "%-14s %9s %9s %8s %9s %9s %9s%n", "operation", "requests", "req/s", "errors",
                "p50 ms", "p99 ms", "max ms");
        for (OpResult r : results.values()) {
            out.printf(Locale.ROOT, "%-14s %9d %9.0f %8d %9.2f %9.2f %9.2f%n", r.operation(), r.count(),
                    r.count() / o.durationSeconds, r.errors(), r.p50Millis(), r.p99Millis(), r.maxMillis());
        }
        out.printf(Locale.ROOT, "%-14s %9d %9.0f%n", "all", total, total / o.durationSeconds);
        errorSamples.forEach(e -> out.println("error sample: " + e));
        cpu.report(out, total, o.durationSeconds);
        return new Load(results, cpu.processMicrosPerRequest(total));
    }

    /**
     * One request over a raw connection; the answer is checked by status and by ECS's empty
     * failures list, without unmarshalling it.
     */
    private static String rawCall(RawEcsConnection raw, int op, ThreadLocalRandom rnd, String[] describeBatch,
            List<String> taskArns, List<String> instances) {
        try {
            RawEcsConnection.Answer a = switch (op) {
                case 0 -> {
                    StringBuilder json = new StringBuilder(10_000).append("{\"cluster\":\"").append(CLUSTER)
                            .append("\",\"tasks\":[");
                    for (int i = 0; i < describeBatch.length; i++) {
                        json.append(i == 0 ? "\"" : ",\"").append(taskArns.get(rnd.nextInt(taskArns.size())))
                                .append('"');
                    }
                    yield raw.call("DescribeTasks", json.append("]}").toString());
                }
                case 1 -> raw.call("StartTask", "{\"cluster\":\"" + CLUSTER + "\",\"taskDefinition\":\""
                        + SHORT_FAMILY + "\",\"containerInstances\":[\"" + instances.get(rnd.nextInt(instances.size()))
                        + "\"],\"startedBy\":\"bench-run\"}");
                default -> raw.call("ListTasks", "{\"cluster\":\"" + CLUSTER + "\",\"maxResults\":100}");
            };
            if (a.status() != 200) {
                return OPS[op] + " answered HTTP " + a.status() + ": " + a.text();
            }
            if (op != 2 && !a.endsWith(NO_FAILURES)) {
                String text = a.text();
                return OPS[op] + " answered failures: " + text.substring(Math.max(0, text.length() - 300));
            }
            return null;
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }

    /**
     * CPU time of the measured window by who spent it: ecs-local's HTTP handler threads and the JDK
     * server's dispatcher, the bench's client threads (SDK + Apache HTTP client), and the rest of
     * the process (GC, JIT, connection reaper...).
     */
    private static final class CpuSplit {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private Map<String, Long> before;
        private Map<String, Long> after;
        private long processBefore;
        private long processAfter;

        void begin() {
            processBefore = os.getProcessCpuTime();
            before = byGroup();
        }

        void end() {
            after = byGroup();
            processAfter = os.getProcessCpuTime();
        }

        private Map<String, Long> byGroup() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("server", 0L);
            m.put("client", 0L);
            for (long id : threads.getAllThreadIds()) {
                ThreadInfo info = threads.getThreadInfo(id);
                long t = threads.getThreadCpuTime(id);
                if (info == null || t < 0) {
                    continue;
                }
                String name = info.getThreadName();
                String group = name.startsWith("ecs-local-") || name.startsWith("HTTP-Dispatcher") ? "server"
                        : name.startsWith("bench-client-") || name.startsWith("idle-connection-reaper") ? "client"
                        : null;
                if (group != null) {
                    m.merge(group, t, Long::sum);
                }
            }
            return m;
        }

        void report(PrintStream out, long requests, double seconds) {
            if (before == null || after == null || requests == 0) {
                return;
            }
            double server = (after.get("server") - before.get("server")) / 1e9;
            double client = (after.get("client") - before.get("client")) / 1e9;
            double process = (processAfter - processBefore) / 1e9;
            double other = Math.max(0, process - server - client);
            out.printf(Locale.ROOT, "cpu in the measured window: process %.1f s of %.1f s x %d cores; ecs-local "
                    + "threads %.1f s (%.0f%%), client threads %.1f s (%.0f%%), other (GC, JIT) %.1f s%n",
                    process, seconds, Runtime.getRuntime().availableProcessors(), server, 100 * server / process,
                    client, 100 * client / process, other);
            double serverUsPerRequest = server * 1e6 / requests;
            double processUsPerRequest = process * 1e6 / requests;
            int cores = Runtime.getRuntime().availableProcessors();
            out.printf(Locale.ROOT, "cpu per request: %.0f us in the whole process (client included) -> %.0f req/s "
                    + "if the process had all %d cores to itself; %.0f us on ecs-local's own threads -> about %.0f "
                    + "req/s per core for ecs-local alone (GC not included)%n", processUsPerRequest,
                    cores * 1e6 / processUsPerRequest, cores, serverUsPerRequest, 1e6 / serverUsPerRequest);
            if (process < 0.8 * seconds * cores) {
                out.printf(Locale.ROOT, "note: the process used only %.0f%% of the %d cores; the machine's load "
                        + "average is %.1f, so other processes took the rest and req/s above is a lower bound%n",
                        100 * process / (seconds * cores), cores,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }

        double processMicrosPerRequest(long requests) {
            return before == null || after == null || requests == 0 ? Double.NaN
                    : (processAfter - processBefore) / 1e3 / requests;
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static final class NamedThreads implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger n = new AtomicInteger();

        NamedThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
