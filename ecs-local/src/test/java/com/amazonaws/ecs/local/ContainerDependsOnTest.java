package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Container ordering ({@code dependsOn}) at run time, seen in DescribeTasks and in every version of the task as
 * "ECS Task State Change" events carry it: a waiting container is PENDING until its condition holds.
 */
class ContainerDependsOnTest extends EventsTestBase {

    private static ContainerDefinition.Builder container(String name, boolean essential, String... command) {
        return ContainerDefinition.builder().name(name).image("busybox").memory(64).essential(essential)
                .command(command);
    }

    private static ContainerDependency on(String name, ContainerCondition condition) {
        return ContainerDependency.builder().containerName(name).condition(condition).build();
    }

    private Task describe(String arn) {
        return ecs.describeTasks(d -> d.tasks(arn)).tasks().get(0);
    }

    private static Container container(Task t, String name) {
        return t.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** The status of container {@code name} in an event's detail, with its exit code when it has one. */
    private static String status(JsonNode event, String name) {
        for (JsonNode c : event.path("detail").path("containers")) {
            if (c.path("name").asText().equals(name)) {
                return c.path("lastStatus").asText() + (c.has("exitCode") ? ":" + c.path("exitCode").asInt() : "");
            }
        }
        throw new AssertionError("no container " + name);
    }

    @Test
    void anAppWaitsForItsInitToSucceedAndASidecarForTheAppToStart() {
        ecsLocal.addInstances("default", 1, 4096, 8192);
        String queueUrl = ecsLocal.setUpEvents("default", "ordering");
        ecs.registerTaskDefinition(r -> r.family("ordered").containerDefinitions(
                container("init", false, "sh", "-c", "sleep 200; exit 0").build(),
                container("app", true, "app").dependsOn(on("init", ContainerCondition.SUCCESS)).build(),
                container("sidecar", false, "proxy").dependsOn(on("app", ContainerCondition.START)).build()));
        String arn = ecs.runTask(r -> r.taskDefinition("ordered")).tasks().get(0).taskArn();

        // 200 s of init at 100x is 2 s: the task runs, the app and its sidecar wait.
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).lastStatus().equals("RUNNING"));
        Task waiting = describe(arn);
        assertThat(container(waiting, "init").lastStatus()).isEqualTo("RUNNING");
        assertThat(container(waiting, "app").lastStatus()).isEqualTo("PENDING");
        assertThat(container(waiting, "app").runtimeId()).isNull();
        assertThat(container(waiting, "sidecar").lastStatus()).isEqualTo("PENDING");

        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(container(describe(arn), "sidecar")
                .lastStatus()));
        Task running = describe(arn);
        assertThat(container(running, "init").exitCode()).isZero();
        assertThat(container(running, "app").lastStatus()).isEqualTo("RUNNING");
        assertThat(running.lastStatus()).isEqualTo("RUNNING");

        ecs.stopTask(s -> s.task(arn));
        List<JsonNode> life = byVersion(about(receiveUntil(queueUrl, all -> seen(all, arn, "lastStatus", "STOPPED")),
                arn));
        assertThat(versions(life)).containsExactlyElementsOf(LongStream.rangeClosed(1, life.size()).boxed().toList());
        for (JsonNode e : life) {
            if (status(e, "app").startsWith("RUNNING")) {
                assertThat(status(e, "init")).as("app runs only after init exited 0").isEqualTo("STOPPED:0");
            }
            if (status(e, "sidecar").startsWith("RUNNING")) {
                assertThat(status(e, "app")).as("sidecar runs only once app started").isEqualTo("RUNNING");
            }
        }
        assertThat(life).extracting(e -> status(e, "init") + " " + status(e, "app") + " " + status(e, "sidecar"))
                .containsSubsequence("RUNNING PENDING PENDING", "STOPPED:0 PENDING PENDING",
                        "STOPPED:0 RUNNING PENDING", "STOPPED:0 RUNNING RUNNING", "STOPPED:0 STOPPED:137 STOPPED:137");
    }

    @Test
    void aFailedSuccessDependencyStopsTheWaitingContainerAndAnEssentialOneStopsTheTask() {
        ecsLocal.addInstances("default", 1, 4096, 8192);
        ecs.registerTaskDefinition(r -> r.family("broken").containerDefinitions(
                container("migrate", false, "sh", "-c", "sleep 5; exit 1").build(),
                container("app", true, "app").dependsOn(on("migrate", ContainerCondition.SUCCESS)).build()));
        String arn = ecs.runTask(r -> r.taskDefinition("broken")).tasks().get(0).taskArn();
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).lastStatus().equals("STOPPED"));
        Task stopped = describe(arn);
        assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
        assertThat(container(stopped, "migrate").exitCode()).isEqualTo(1);
        // As the ECS agent reports a container whose dependency can never be met: 143, CannotStartContainerError.
        assertThat(container(stopped, "app").exitCode()).isEqualTo(143);
        assertThat(container(stopped, "app").reason()).startsWith("CannotStartContainerError: dependency graph: "
                + "failed to resolve container ordering dependency [migrate] for target [app]");
        assertThat(container(stopped, "app").runtimeId()).isNull();
    }

    @Test
    void completeAcceptsAnyExitCodeAndHealthyWaitsForTheHealthCheck() {
        ecsLocal.addInstances("default", 1, 4096, 8192);
        ecs.registerTaskDefinition(r -> r.family("mixed").containerDefinitions(
                container("cleanup", false, "sh", "-c", "sleep 5; exit 2").build(),
                container("db", false, "postgres")
                        .healthCheck(HealthCheck.builder().command("CMD-SHELL", "pg_isready").build()).build(),
                container("app", true, "app").dependsOn(on("cleanup", ContainerCondition.COMPLETE),
                        on("db", ContainerCondition.HEALTHY)).build()));
        String arn = ecs.runTask(r -> r.taskDefinition("mixed")).tasks().get(0).taskArn();
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(container(describe(arn), "app")
                .lastStatus()));
        Task t = describe(arn);
        assertThat(container(t, "cleanup").exitCode()).isEqualTo(2);
        assertThat(container(t, "db").healthStatusAsString()).isEqualTo("HEALTHY");
        assertThat(t.lastStatus()).isEqualTo("RUNNING");
    }

    @Test
    void aContainerStillWaitingWhenTheTaskStopsHasNoExitCode() {
        ecsLocal.addInstances("default", 1, 4096, 8192);
        ecs.registerTaskDefinition(r -> r.family("slow-init").containerDefinitions(
                container("init", false, "sh", "-c", "sleep 100000; exit 0").build(),
                container("app", true, "app").dependsOn(on("init", ContainerCondition.SUCCESS)).build()));
        String arn = ecs.runTask(r -> r.taskDefinition("slow-init")).tasks().get(0).taskArn();
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).lastStatus().equals("RUNNING"));
        ecs.stopTask(s -> s.task(arn));
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).lastStatus().equals("STOPPED"));
        Task stopped = describe(arn);
        assertThat(container(stopped, "init").exitCode()).isEqualTo(137);
        assertThat(container(stopped, "app").lastStatus()).isEqualTo("STOPPED");
        assertThat(container(stopped, "app").exitCode()).isNull();
        assertThat(container(stopped, "app").reason()).isNull();
    }
}
