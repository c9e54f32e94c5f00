package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A task of several containers, as a pod is run: an essential executor that runs until stopped and non-essential
 * containers that exit on their own. Each container reports its own status, exit code and reason.
 */
class MultiContainerTaskTest extends EcsLocalTestBase {
    private String instance;

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        // 100x: a 20 s sleep is 0.2 s of real time.
        return builder.timeFactor(100);
    }

    @BeforeEach
    void registerPod() {
        instance = ecsLocal.addInstances("default", 1, 4096, 8192).get(0);
        ecs.registerTaskDefinition(r -> r.family("pod").containerDefinitions(
                ContainerDefinition.builder().name("executor").image("mesos-executor").memory(128).essential(true)
                        .command("executor", "--forever").build(),
                ContainerDefinition.builder().name("fails").image("busybox").memory(64).essential(false)
                        .command("sh", "-c", "sleep 20; exit 3").build(),
                ContainerDefinition.builder().name("succeeds").image("busybox").memory(64).essential(false)
                        .command("sleep", "40").build(),
                ContainerDefinition.builder().name("greedy").image("busybox").memory(64).essential(false)
                        .command("sh", "-c", "sleep 10; oom").build()));
    }

    private Task describe(String arn) {
        return ecs.describeTasks(d -> d.tasks(arn)).tasks().get(0);
    }

    private static Container container(Task t, String name) {
        return t.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void eachContainerReportsItsOwnExitWhileTheExecutorKeepsTheTaskRunning() {
        String arn = ecs.startTask(s -> s.taskDefinition("pod").containerInstances(instance)).tasks().get(0)
                .taskArn();
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).containers().stream()
                .filter(c -> !c.name().equals("executor")).allMatch(c -> "STOPPED".equals(c.lastStatus())));

        Task running = describe(arn);
        assertThat(running.lastStatus()).isEqualTo("RUNNING");
        assertThat(running.desiredStatus()).isEqualTo("RUNNING");
        assertThat(container(running, "executor").lastStatus()).isEqualTo("RUNNING");
        assertThat(container(running, "executor").exitCode()).isNull();
        assertThat(container(running, "fails").exitCode()).isEqualTo(3);
        assertThat(container(running, "fails").reason()).isNull();
        assertThat(container(running, "succeeds").exitCode()).isZero();
        assertThat(container(running, "greedy").exitCode()).isEqualTo(137);
        assertThat(container(running, "greedy").reason()).startsWith("OutOfMemoryError");

        ecs.stopTask(s -> s.task(arn).reason("pod killed"));
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).lastStatus().equals("STOPPED"));
        Task stopped = describe(arn);
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        // The executor was still running: SIGTERM then SIGKILL. The others keep the codes they exited with.
        assertThat(container(stopped, "executor").exitCode()).isEqualTo(137);
        assertThat(container(stopped, "fails").exitCode()).isEqualTo(3);
        assertThat(container(stopped, "succeeds").exitCode()).isZero();
        assertThat(container(stopped, "greedy").exitCode()).isEqualTo(137);
        assertThat(container(stopped, "greedy").reason()).startsWith("OutOfMemoryError");
        assertThat(stopped.containers()).extracting(Container::lastStatus).containsOnly("STOPPED");
    }

    @Test
    void whenTheExecutorExitsTheOthersAreStoppedWithIt() {
        ecs.registerTaskDefinition(r -> r.family("short-pod").containerDefinitions(
                ContainerDefinition.builder().name("executor").image("mesos-executor").memory(128).essential(true)
                        .command("sh", "-c", "sleep 30; exit 0").build(),
                ContainerDefinition.builder().name("sidecar").image("busybox").memory(64).essential(false)
                        .command("tail", "-f", "/dev/null").build()));
        String arn = ecs.startTask(s -> s.taskDefinition("short-pod").containerInstances(instance)).tasks().get(0)
                .taskArn();
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).lastStatus().equals("STOPPED"));
        Task stopped = describe(arn);
        assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
        assertThat(container(stopped, "executor").exitCode()).isZero();
        assertThat(container(stopped, "sidecar").exitCode()).isEqualTo(137);
    }
}
