package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * FARGATE_SPOT interruptions, asked for ({@link EcsLocal#interruptSpot}) or injected as a fault, and the "ECS Task
 * State Change" events of Fargate tasks: they carry the ENI and address, the launch type and the capacity provider.
 */
class FargateSpotTest extends EventsTestBase {

    private void register(String family) {
        ecs.registerTaskDefinition(r -> r.family(family).networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("worker").image("worker").build()));
    }

    private String run(String family, String provider) {
        return ecs.runTask(r -> r.taskDefinition(family).capacityProviderStrategy(CapacityProviderStrategyItem
                .builder().capacityProvider(provider).weight(1).build())
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-spot")))).tasks().get(0)
                .taskArn();
    }

    private Task describe(String arn) {
        return ecs.describeTasks(d -> d.tasks(arn)).tasks().get(0);
    }

    private Task awaitStatus(String arn, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).lastStatus().equals(status));
        return describe(arn);
    }

    @Test
    void anInterruptedSpotTaskStopsWithSpotInterruptionAndItsEventsSayWhereItRan() {
        ecsLocal.createCluster("default");
        String queueUrl = ecsLocal.setUpEvents("default", "spot");
        register("worker");
        String arn = run("worker", "FARGATE_SPOT");
        Task running = awaitStatus(arn, "RUNNING");
        String ip = running.containers().get(0).networkInterfaces().get(0).privateIpv4Address();

        assertThat(ecsLocal.interruptSpot(arn)).isTrue();
        assertThat(ecsLocal.interruptSpot(arn)).as("already stopping").isFalse();
        Task stopped = awaitStatus(arn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("SpotInterruption");
        assertThat(stopped.stoppedReason()).isEqualTo("Your Spot Task was interrupted.");
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(137);

        List<JsonNode> life = byVersion(about(receiveUntil(queueUrl, all -> seen(all, arn, "lastStatus", "STOPPED")),
                arn));
        assertThat(versions(life)).containsExactlyElementsOf(LongStream.rangeClosed(1, stopped.version()).boxed()
                .toList());
        JsonNode warning = life.stream().filter(e -> e.path("detail").path("desiredStatus").asText().equals("STOPPED"))
                .findFirst().orElseThrow().path("detail");
        assertThat(warning.path("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(warning.path("stopCode").asText()).isEqualTo("SpotInterruption");
        for (JsonNode e : life) {
            JsonNode d = e.path("detail");
            assertThat(d.path("launchType").asText()).isEqualTo("FARGATE");
            assertThat(d.path("capacityProviderName").asText()).isEqualTo("FARGATE_SPOT");
            assertThat(d.has("containerInstanceArn")).isFalse();
            assertThat(d.path("attachments").get(0).path("type").asText()).isEqualTo("ElasticNetworkInterface");
        }
        JsonNode runningEvent = life.stream().filter(e -> e.path("detail").path("lastStatus").asText()
                .equals("RUNNING")).findFirst().orElseThrow().path("detail");
        assertThat(runningEvent.path("attachments").get(0).path("status").asText()).isEqualTo("ATTACHED");
        assertThat(runningEvent.path("containers").get(0).path("networkInterfaces").get(0)
                .path("privateIpv4Address").asText()).isEqualTo(ip);
        ObjectNode described = (ObjectNode) parse(ecsLocal.call("DescribeTasks", "{\"tasks\":[\"" + arn + "\"]}"))
                .path("tasks").get(0);
        described.remove("tags");
        assertThat(life.get(life.size() - 1).path("detail")).isEqualTo(isoTimes(described));
    }

    @Test
    void onlyFargateSpotTasksCanBeInterrupted() {
        ecsLocal.createCluster("default");
        register("worker");
        String onDemand = run("worker", "FARGATE");
        assertThatThrownBy(() -> ecsLocal.interruptSpot(onDemand)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ecsLocal.interruptSpot("arn:aws:ecs:us-east-1:000000000000:task/default/nope"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSpotInterruptionFaultHitsTheNextSpotTasksOfItsFamily() {
        ecsLocal.createCluster("default");
        register("spotty");
        register("other");
        ecsLocal.injectFaults("spot-interruption:spotty:x1");
        String other = run("other", "FARGATE_SPOT");
        String onDemand = run("spotty", "FARGATE");
        String hit = run("spotty", "FARGATE_SPOT");
        String spared = run("spotty", "FARGATE_SPOT");

        assertThat(awaitStatus(hit, "STOPPED").stopCodeAsString()).isEqualTo("SpotInterruption");
        assertThat(ecsLocal.faults()).isEmpty();
        for (String arn : List.of(other, onDemand, spared)) {
            Task t = describe(arn);
            assertThat(t.lastStatus()).isEqualTo("RUNNING");
            assertThat(t.desiredStatus()).isEqualTo("RUNNING");
        }
    }

    @Test
    void aDelayedSpotInterruptionComesAfterThatMuchRunning() {
        ecsLocal.createCluster("default");
        register("worker");
        ecsLocal.injectFaults("spot-interruption:*:30s@1.0");
        String arn = run("worker", "FARGATE_SPOT");
        Task stopped = awaitStatus(arn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("SpotInterruption");
        assertThat(Duration.between(stopped.startedAt(), stopped.stoppingAt())).isEqualTo(Duration.ofSeconds(30));
        assertThat(stopped.launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(ecsLocal.faults()).containsExactly("spot-interruption:*:30000ms");
    }
}
