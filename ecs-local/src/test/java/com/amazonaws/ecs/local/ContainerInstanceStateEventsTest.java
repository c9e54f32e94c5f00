package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;

/** "ECS Container Instance State Change" events, and rules that keep one cluster's events apart. */
class ContainerInstanceStateEventsTest extends EventsTestBase {

    private static int remainingCpu(JsonNode envelope) {
        for (JsonNode r : envelope.path("detail").path("remainingResources")) {
            if (r.path("name").asText().equals("CPU")) {
                return r.path("integerValue").asInt();
            }
        }
        throw new AssertionError("no CPU in " + envelope);
    }

    @Test
    void registrationResourcesAgentAndDrainingArriveAsOneEventPerVersion() {
        String queueUrl = ecsLocal.setUpEvents("default", "instances");
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("forever", 512, 256, "nginx");

        receiveUntil(queueUrl, got -> !about(got, ci).isEmpty());
        assertThat(about(received(queueUrl), ci)).singleElement().satisfies(e -> {
            assertThat(e.path("detail").path("version").asLong()).isEqualTo(1);
            assertThat(e.path("detail").path("status").asText()).isEqualTo("ACTIVE");
        });

        ecs.startTask(r -> r.taskDefinition("forever").containerInstances(ci));
        receiveUntil(queueUrl, got -> about(got, ci).stream().anyMatch(e -> remainingCpu(e) == 2048 - 512
                && e.path("detail").path("pendingTasksCount").asInt() == 1));

        ecsLocal.disconnectAgent("default", ci);
        receiveUntil(queueUrl, got -> seen(got, ci, "agentConnected", "false"));
        ecsLocal.reconnectAgent("default", ci);
        ecs.updateContainerInstancesState(r -> r.containerInstances(ci).status(ContainerInstanceStatus.DRAINING));
        List<JsonNode> got = receiveUntil(queueUrl, all -> seen(all, ci, "status", "DRAINING"));

        List<JsonNode> life = byVersion(about(got, ci));
        long version = ecs.describeContainerInstances(r -> r.containerInstances(ci)).containerInstances().get(0)
                .version();
        assertThat(versions(life)).containsExactlyElementsOf(LongStream.rangeClosed(1, version).boxed().toList());
        JsonNode draining = life.get(life.size() - 1);
        assertThat(draining.path("detail-type").asText()).isEqualTo("ECS Container Instance State Change");
        assertThat(draining.path("resources").get(0).asText()).isEqualTo(ci);
        assertThat(draining.path("detail").path("agentConnected").asBoolean()).isTrue();
        // The detail is DescribeContainerInstances' instance, without tags, with its cluster's ARN.
        ObjectNode expected = (ObjectNode) parse(ecsLocal.call("DescribeContainerInstances",
                "{\"containerInstances\":[\"" + ci + "\"]}")).path("containerInstances").get(0);
        expected.remove("tags");
        expected.put("clusterArn", "arn:aws:ecs:us-east-1:000000000000:cluster/default");
        assertThat(draining.path("detail")).isEqualTo(isoTimes(expected));
    }

    @Test
    void eventsOfAnotherClusterDoNotArriveInThisClustersQueue() {
        String mine = ecsLocal.setUpEvents("default", "mine");
        String theirs = ecsLocal.setUpEvents("other", "theirs");
        String other = ecsLocal.addInstances("other", 1, 1024, 1024).get(0);
        receiveUntil(theirs, got -> !about(got, other).isEmpty());
        String own = ecsLocal.addInstances("default", 1, 1024, 1024).get(0);

        List<JsonNode> inMine = receiveUntil(mine, got -> !about(got, own).isEmpty());
        assertThat(about(inMine, other)).isEmpty();
        assertThat(inMine).allSatisfy(e -> assertThat(e.path("detail").path("clusterArn").asText())
                .endsWith(":cluster/default"));
        assertThat(receive(mine, 1)).as("nothing else is waiting").isEmpty();
    }
}
