package com.amazonaws.ecs.bench;

import com.amazonaws.ecs.local.EcsLocal;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * The client-side CPU of one {@code StartTask} through the AWS SDK, as the driver makes it, against an
 * in-process ecs-local: the calling thread's CPU time per call (ecs-local's own work runs on its threads
 * and is not counted). Measured back to back and paced at ECS's StartTask bound (one call every 25 ms),
 * with and without the per-request plugin the driver adds for clients that retry by themselves.
 *
 * <pre>java -cp bench/target/ecs-mesos-bench.jar com.amazonaws.ecs.bench.SdkCallCost [calls per round]</pre>
 */
public final class SdkCallCost {
    private SdkCallCost() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (EcsLocal local = EcsLocal.builder().port(0).bind("127.0.0.1").build();
                EcsClient ecs = EcsClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID",
                                "secret")))
                        .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())).build()) {
            local.createCluster("cost");
            String instance = local.addInstances("cost", 1, 1 << 24, 1 << 24).get(0);
            local.call("RegisterTaskDefinition", "{\"family\":\"cost\",\"containerDefinitions\":[{\"name\":\"m\","
                    + "\"image\":\"busybox\",\"memory\":16,\"command\":[\"sleep\",\"100000\"]}]}");
            AwsRequestOverrideConfiguration plain = EcsGateway.requestOverrides(Duration.ofSeconds(30), true);
            AwsRequestOverrideConfiguration plugin = EcsGateway.requestOverrides(Duration.ofSeconds(30), false);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            String[][] rounds = {{"warm-up", "plain", "0"}, {"back to back", "plain", "0"},
                {"back to back", "plugin", "0"}, {"back to back", "plain", "0"}, {"back to back", "plugin", "0"},
                {"paced 25 ms", "plain", "25"}, {"paced 25 ms", "plugin", "25"}};
            for (String[] round : rounds) {
                AwsRequestOverrideConfiguration o = round[1].equals("plain") ? plain : plugin;
                long pace = Long.parseLong(round[2]);
                int n = pace > 0 ? Math.max(1, calls / 5) : calls;
                long cpu = 0;
                for (int i = 0; i < n; i++) {
                    long before = mx.getCurrentThreadCpuTime();
                    String taskId = "t" + i;
                    ecs.startTask(r -> r.cluster("cost").taskDefinition("cost").containerInstances(instance)
                            .startedBy("mesos-cost").tags(Tag.builder().key("mesos.task-id").value(taskId).build())
                            .overrides(ov -> ov.cpu("1").memory("16")).overrideConfiguration(o));
                    cpu += mx.getCurrentThreadCpuTime() - before;
                    if (pace > 0) {
                        Thread.sleep(pace);
                    }
                }
                System.out.printf(Locale.ROOT, "%-13s %-7s %5d calls: %.3f ms CPU per StartTask%n", round[0],
                        round[1].equals("plain") ? "no plugin" : "plugin", n, cpu / 1e6 / n);
            }
        }
    }
}
