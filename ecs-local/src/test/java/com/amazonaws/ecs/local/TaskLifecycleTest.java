package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Task;

/** The task lifecycle on the cluster clock, as DescribeTasks reports it through the SDK. */
class TaskLifecycleTest extends EcsLocalTestBase {
    private String instance;

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        // 100x: the 1 s pending step takes 10 ms, a 360 s sleep 3.6 s of real time.
        return builder.timeFactor(100);
    }

    private String start(String family) {
        if (instance == null) {
            instance = ecsLocal.addInstances("default", 1, 4096, 8192).get(0);
        }
        return ecs.startTask(s -> s.taskDefinition(family).containerInstances(instance)).tasks().get(0).taskArn();
    }

    private Task describe(String taskArn) {
        return ecs.describeTasks(d -> d.tasks(taskArn)).tasks().get(0);
    }

    private Task awaitStatus(String taskArn, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(taskArn).lastStatus().equals(status));
        return describe(taskArn);
    }

    @Test
    void aSleepingTaskGoesThroughEveryStepAndExitsZero() {
        registerTaskDefinition("sleep360", 256, 128, "sleep", "360");
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ecsLocal.onTaskChange((taskArn, last, desired, at) -> seen.add(last + "/" + desired));
        instance = ecsLocal.addInstances("default", 1, 4096, 8192).get(0);
        Task first = ecs.startTask(s -> s.taskDefinition("sleep360").containerInstances(instance)).tasks().get(0);
        String arn = first.taskArn();
        assertThat(first.lastStatus()).isEqualTo("PROVISIONING");
        assertThat(first.desiredStatus()).isEqualTo("RUNNING");
        assertThat(first.startedAt()).isNull();

        Task running = awaitStatus(arn, "RUNNING");
        assertThat(running.pullStartedAt()).isNotNull();
        assertThat(running.startedAt()).isAfterOrEqualTo(running.pullStoppedAt());
        assertThat(running.containers()).extracting(Container::lastStatus).containsExactly("RUNNING");

        Task stopped = awaitStatus(arn, "STOPPED");
        assertThat(stopped.desiredStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
        assertThat(stopped.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(stopped.containers().get(0).exitCode()).isZero();
        // 360 s of cluster time passed between start and exit, whatever the real time was.
        assertThat(Duration.between(stopped.startedAt(), stopped.stoppingAt())).isEqualTo(Duration.ofSeconds(360));
        assertThat(stopped.stoppedAt()).isAfterOrEqualTo(stopped.stoppingAt());
        assertThat(stopped.executionStoppedAt()).isEqualTo(stopped.stoppedAt());
        assertThat(seen).containsExactly("PROVISIONING/RUNNING", "PENDING/RUNNING", "RUNNING/RUNNING",
                "STOPPING/STOPPED", "STOPPED/STOPPED");
    }

    @Test
    void exitCodeComesFromTheCommand() {
        registerTaskDefinition("fails", 256, 128, "sh", "-c", "sleep 5; exit 3");
        Task stopped = awaitStatus(start("fails"), "STOPPED");
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(3);
        assertThat(Duration.between(stopped.startedAt(), stopped.stoppingAt())).isEqualTo(Duration.ofSeconds(5));
        assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
    }

    @Test
    void memoryKillIsReportedAsEcsReportsIt() {
        registerTaskDefinition("oom", 256, 128, "sh", "-c", "sleep 1; oom");
        Task stopped = awaitStatus(start("oom"), "STOPPED");
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(137);
        assertThat(stopped.containers().get(0).reason()).startsWith("OutOfMemoryError");
    }

    @Test
    void anImageThatCannotBePulledFailsToStart() {
        ecs.registerTaskDefinition(r -> r.family("badimage").containerDefinitions(ContainerDefinition.builder()
                .name("main").image("registry.example/does-not-exist:1").memory(64).build()));
        Task stopped = awaitStatus(start("badimage"), "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).startsWith("CannotPullContainerError");
        assertThat(stopped.startedAt()).isNull();
        assertThat(stopped.containers().get(0).exitCode()).isNull();
        assertThat(stopped.containers().get(0).reason()).startsWith("CannotPullContainerError");
    }

    @Test
    void aNonEssentialContainerExitDoesNotStopTheTask() {
        ecs.registerTaskDefinition(r -> r.family("sidecar").containerDefinitions(
                ContainerDefinition.builder().name("app").image("app").memory(64).build(),
                ContainerDefinition.builder().name("init").image("busybox").memory(32).essential(false)
                        .command("sh", "-c", "exit 1").build()));
        String arn = start("sidecar");
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).containers().stream()
                .anyMatch(c -> c.name().equals("init") && "STOPPED".equals(c.lastStatus())));
        Task t = describe(arn);
        assertThat(t.lastStatus()).isEqualTo("RUNNING");
        assertThat(t.containers()).filteredOn(c -> c.name().equals("init")).extracting(Container::exitCode)
                .containsExactly(1);
    }

    @Test
    void stopTaskStopsARunningTaskWithUserInitiated() {
        registerTaskDefinition("forever", 256, 128, "nginx");
        String arn = start("forever");
        awaitStatus(arn, "RUNNING");
        Task stopping = ecs.stopTask(s -> s.task(arn).reason("done with it")).task();
        assertThat(stopping.desiredStatus()).isEqualTo("STOPPED");
        Task stopped = awaitStatus(arn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(stopped.stoppedReason()).isEqualTo("done with it");
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(137);
    }

    @Test
    void awsvpcTasksActivateAndDeactivate() {
        ecs.registerTaskDefinition(r -> r.family("vpc").networkMode(NetworkMode.AWSVPC).containerDefinitions(
                ContainerDefinition.builder().name("main").image("app").memory(64).command("sleep", "30").build()));
        String arn = start("vpc");
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ecsLocal.onTaskChange((taskArn, last, desired, at) -> {
            if (taskArn.equals(arn)) {
                seen.add(last);
            }
        });
        awaitStatus(arn, "STOPPED");
        assertThat(seen).containsSubsequence("ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING",
                "STOPPED");
    }

    @Test
    void healthChecksReportHealthyOrUnhealthy() {
        ecs.registerTaskDefinition(r -> r.family("healthy").containerDefinitions(ContainerDefinition.builder()
                .name("main").image("app").memory(64)
                .healthCheck(HealthCheck.builder().command("CMD-SHELL", "curl -f localhost").build()).build()));
        ecs.registerTaskDefinition(r -> r.family("sick").containerDefinitions(ContainerDefinition.builder()
                .name("main").image("app").memory(64)
                .healthCheck(HealthCheck.builder().command("CMD-SHELL", "exit 1").build()).build()));
        instance = ecsLocal.addInstances("default", 1, 4096, 8192).get(0);
        Task created = ecs.startTask(s -> s.taskDefinition("healthy").containerInstances(instance)).tasks().get(0);
        assertThat(created.healthStatusAsString()).isEqualTo("UNKNOWN");
        String good = created.taskArn();
        String bad = start("sick");
        await().atMost(Duration.ofSeconds(20)).until(() -> "HEALTHY".equals(describe(good).healthStatusAsString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "UNHEALTHY".equals(describe(bad).healthStatusAsString()));
        assertThat(describe(good).containers().get(0).healthStatusAsString()).isEqualTo("HEALTHY");
    }

    @Test
    void stoppedTasksDisappearAfterTheirRetention() {
        ecsLocal.close();
        ecsLocal = EcsLocal.builder().timeFactor(1000).build();
        // Recreate the client on the new endpoint.
        ecs.close();
        ecs = software.amazon.awssdk.services.ecs.EcsClient.builder().endpointOverride(ecsLocal.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b")))
                .build();
        registerTaskDefinition("quick", 256, 128, "sleep", "1");
        String arn = start("quick");
        awaitStatus(arn, "STOPPED");
        // One hour of cluster time is 3.6 s at 1000x.
        await().atMost(Duration.ofSeconds(30)).until(() -> !ecs.describeTasks(d -> d.tasks(arn)).failures().isEmpty());
        assertThat(ecs.describeTasks(d -> d.tasks(arn)).failures().get(0).reason()).isEqualTo("MISSING");
    }
}
