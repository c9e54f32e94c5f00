package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/** "ECS Task State Change" events of a task of several containers carry each container's own exit. */
class MultiContainerEventsTest extends EventsTestBase {

    private static JsonNode container(JsonNode event, String name) {
        for (JsonNode c : event.path("detail").path("containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + event);
    }

    @Test
    void eachContainersExitArrivesInTheEventOfItsChangeAndInTheLastOne() {
        ecsLocal.addInstances("default", 1, 4096, 8192);
        String queueUrl = ecsLocal.setUpEvents("default", "pod-events");
        ecs.registerTaskDefinition(r -> r.family("pod").containerDefinitions(
                ContainerDefinition.builder().name("executor").image("mesos-executor").memory(128).essential(true)
                        .command("executor").build(),
                ContainerDefinition.builder().name("fails").image("busybox").memory(64).essential(false)
                        .command("sh", "-c", "sleep 20; exit 3").build(),
                ContainerDefinition.builder().name("succeeds").image("busybox").memory(64).essential(false)
                        .command("sleep", "40").build()));
        String arn = ecs.runTask(r -> r.taskDefinition("pod")).tasks().get(0).taskArn();

        receiveUntil(queueUrl, all -> about(all, arn).stream()
                .anyMatch(e -> container(e, "succeeds").path("lastStatus").asText().equals("STOPPED")));
        ecs.stopTask(s -> s.task(arn));
        List<JsonNode> life = byVersion(about(receiveUntil(queueUrl, all -> seen(all, arn, "lastStatus", "STOPPED")),
                arn));

        JsonNode failed = life.stream().filter(e -> container(e, "fails").has("exitCode")).findFirst().orElseThrow();
        assertThat(failed.path("detail").path("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(container(failed, "fails").path("exitCode").asInt()).isEqualTo(3);
        assertThat(container(failed, "succeeds").path("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(container(failed, "executor").has("exitCode")).isFalse();

        JsonNode last = life.get(life.size() - 1);
        assertThat(container(last, "executor").path("exitCode").asInt()).isEqualTo(137);
        assertThat(container(last, "fails").path("exitCode").asInt()).isEqualTo(3);
        assertThat(container(last, "succeeds").path("exitCode").asInt()).isZero();
        ObjectNode described = (ObjectNode) parse(ecsLocal.call("DescribeTasks", "{\"tasks\":[\"" + arn + "\"]}"))
                .path("tasks").get(0);
        described.remove("tags");
        assertThat(last.path("detail")).isEqualTo(isoTimes(described));
    }
}
