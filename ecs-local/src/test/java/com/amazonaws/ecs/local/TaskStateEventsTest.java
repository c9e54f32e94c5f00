package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

/** "ECS Task State Change" events through an EventBridge rule into an SQS queue, read with the real SDK. */
class TaskStateEventsTest extends EventsTestBase {

    @Test
    void aTasksLifeArrivesAsOneEventPerVersionWithWhatDescribeTasksShows() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        String queueUrl = ecsLocal.setUpEvents("default", "task-life");
        registerTaskDefinition("forever", 256, 256, "nginx");

        Task started = ecs.runTask(r -> r.taskDefinition("forever").count(1)).tasks().get(0);
        String arn = started.taskArn();
        receiveUntil(queueUrl, got -> seen(got, arn, "lastStatus", "RUNNING"));
        ecs.stopTask(r -> r.task(arn).reason("done"));
        List<JsonNode> got = receiveUntil(queueUrl, all -> seen(all, arn, "lastStatus", "STOPPED"));

        List<JsonNode> life = byVersion(about(got, arn));
        Task last = ecs.describeTasks(r -> r.tasks(arn)).tasks().get(0);
        assertThat(versions(life)).as("every version once")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, last.version()).boxed().toList());
        assertThat(life).extracting(e -> e.path("detail").path("lastStatus").asText())
                .containsSubsequence("PROVISIONING", "PENDING", "RUNNING", "STOPPING", "STOPPED");
        JsonNode stopRequested = life.stream().filter(e -> e.path("detail").path("desiredStatus").asText()
                .equals("STOPPED")).findFirst().orElseThrow();
        assertThat(stopRequested.path("detail").path("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(stopRequested.path("detail").path("stopCode").asText()).isEqualTo("UserInitiated");

        JsonNode stopped = life.get(life.size() - 1);
        assertThat(stopped.path("version").asText()).isEqualTo("0");
        assertThat(stopped.path("source").asText()).isEqualTo("aws.ecs");
        assertThat(stopped.path("detail-type").asText()).isEqualTo("ECS Task State Change");
        assertThat(stopped.path("account").asText()).isEqualTo("000000000000");
        assertThat(stopped.path("region").asText()).isEqualTo("us-east-1");
        assertThat(stopped.path("resources")).containsExactly(parse("\"" + arn + "\""));
        assertThat(Instant.parse(stopped.path("time").asText()).getEpochSecond())
                .isEqualTo(last.stoppedAt().getEpochSecond());
        // The detail is DescribeTasks' task, without tags, its timestamps in ISO-8601.
        String described = ecsLocal.call("DescribeTasks", "{\"tasks\":[\"" + arn + "\"]}");
        ObjectNode expected = (ObjectNode) parse(described).path("tasks").get(0);
        expected.remove("tags");
        assertThat(stopped.path("detail")).isEqualTo(isoTimes(expected));
        assertThat(stopped.path("detail").path("clusterArn").asText()).isEqualTo(last.clusterArn());
        assertThat(stopped.path("detail").path("containerInstanceArn").asText()).isEqualTo(ci);
        assertThat(stopped.path("detail").has("tags")).isFalse();
    }
}
