package com.amazonaws.ecs.bench;

import com.amazonaws.ecs.local.EcsLocal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU cost of one ECS request inside ecs-local, without HTTP and without the SDK:
 * {@link EcsLocal#call(String, String)} parses the JSON body, validates it against the service
 * model, runs the operation under the state lock and writes the JSON answer. The cluster holds
 * {@code instances} container instances and {@code tasks} running tasks, as in
 * {@link EcsLocalThroughput}.
 *
 * <pre>
 * java -cp bench/target/ecs-mesos-bench.jar org.openjdk.jmh.Main EcsLocalCallBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class EcsLocalCallBenchmark {
    private static final Pattern TASK_ARN = Pattern.compile("\"taskArn\":\"([^\"]+)\"");

    @Param("1000")
    public int instances;

    @Param("10000")
    public int tasks;

    private EcsLocal ecs;
    private List<String> instanceArns;
    private String[] describeBodies;
    private String[] startBodies;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        // Stopped tasks are kept 10 s instead of ECS's hour, so startAndStopTask does not pile up
        // hundreds of thousands of them; the other steps keep ecs-local's defaults.
        ecs = EcsLocal.builder().timeFactor(1).rateLimits(false).apiLatency(Duration.ZERO).seed(42).httpThreads(2)
                .timings(Duration.ofMillis(200), Duration.ofMillis(1000), Duration.ofMillis(200),
                        Duration.ofMillis(1000), Duration.ofMillis(200), Duration.ofMillis(1000),
                        Duration.ofSeconds(10))
                .build();
        instanceArns = ecs.addInstances("bench", instances, 4096, 8192);
        ecs.call("RegisterTaskDefinition", "{\"family\":\"bench-long\",\"containerDefinitions\":[{\"name\":\"app\","
                + "\"image\":\"busybox\",\"cpu\":64,\"memory\":128,\"essential\":true,"
                + "\"command\":[\"sleep\",\"3600\"]}]}");
        ecs.call("RegisterTaskDefinition", "{\"family\":\"bench-short\",\"containerDefinitions\":[{\"name\":\"app\","
                + "\"image\":\"busybox\",\"cpu\":64,\"memory\":128,\"essential\":true,"
                + "\"command\":[\"sleep\",\"2\"]}]}");
        // Each task's ARN also appears in its containers: keep the distinct ones, in order.
        Set<String> started = new LinkedHashSet<>();
        for (int k = 0; k < tasks; k += 10) {
            StringBuilder body = new StringBuilder("{\"cluster\":\"bench\",\"taskDefinition\":\"bench-long\","
                    + "\"containerInstances\":[");
            for (int j = 0; j < 10 && k + j < tasks; j++) {
                body.append(j == 0 ? "" : ",").append('"').append(instanceArns.get((k + j) % instances)).append('"');
            }
            Matcher m = TASK_ARN.matcher(ecs.call("StartTask", body.append("]}").toString()));
            while (m.find()) {
                started.add(m.group(1));
            }
        }
        List<String> arns = new ArrayList<>(started);
        if (arns.size() != tasks) {
            throw new IllegalStateException("started " + arns.size() + " tasks, wanted " + tasks);
        }
        Random rnd = new Random(7);
        describeBodies = new String[256];
        for (int i = 0; i < describeBodies.length; i++) {
            StringBuilder body = new StringBuilder("{\"cluster\":\"bench\",\"tasks\":[");
            for (int j = 0; j < 100; j++) {
                body.append(j == 0 ? "" : ",").append('"').append(arns.get(rnd.nextInt(arns.size()))).append('"');
            }
            describeBodies[i] = body.append("]}").toString();
        }
        startBodies = new String[256];
        for (int i = 0; i < startBodies.length; i++) {
            startBodies[i] = "{\"cluster\":\"bench\",\"taskDefinition\":\"bench-short\",\"containerInstances\":[\""
                    + instanceArns.get(rnd.nextInt(instances)) + "\"],\"startedBy\":\"bench-run\"}";
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ecs.close();
    }

    /** DescribeTasks of 100 random running tasks. */
    @Benchmark
    public String describeTasks100() {
        return ecs.call("DescribeTasks", describeBodies[next++ & 255]);
    }

    /** The first page (100 ARNs) of ListTasks over the whole cluster. */
    @Benchmark
    public String listTasksPage100() {
        return ecs.call("ListTasks", "{\"cluster\":\"bench\",\"maxResults\":100}");
    }

    /**
     * StartTask of one task on a random instance, then StopTask of it (two calls), so that the
     * instances never fill up and every StartTask really places a task.
     */
    @Benchmark
    public String startAndStopTask() {
        String started = ecs.call("StartTask", startBodies[next++ & 255]);
        Matcher m = TASK_ARN.matcher(started);
        if (!m.find()) {
            throw new IllegalStateException("StartTask placed nothing: " + started);
        }
        return ecs.call("StopTask", "{\"cluster\":\"bench\",\"task\":\"" + m.group(1) + "\"}");
    }
}
