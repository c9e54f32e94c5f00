package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** Events without anybody polling ECS, their wiring, other SQS endpoints, lost deliveries and shutdown. */
class EventsLifecycleTest extends EventsTestBase {

    @Test
    void theTickerDeliversChangesNobodyPolledFor() {
        String queueUrl = ecsLocal.setUpEvents("default", "unpolled");
        ecsLocal.addInstances("default", 1, 2048, 4096);
        registerTaskDefinition("short", 128, 128, "sleep", "30");
        String arn = ecs.runTask(r -> r.taskDefinition("short")).tasks().get(0).taskArn();
        long callsAfterLaunch = ecsLocal.stats().totalCalls();

        // 30 s of cluster time: RUNNING, the exit and STOPPED happen with no ECS request at all.
        List<JsonNode> got = receiveUntil(queueUrl, all -> seen(all, arn, "lastStatus", "STOPPED"));
        assertThat(ecsLocal.stats().totalCalls()).isEqualTo(callsAfterLaunch);
        List<JsonNode> life = byVersion(about(got, arn));
        JsonNode stopped = life.get(life.size() - 1).path("detail");
        // The exit makes three versions in one step (container exited, stop asked, STOPPING): each is an event.
        assertThat(versions(life)).containsExactlyElementsOf(LongStream.rangeClosed(1, stopped.path("version")
                .asLong()).boxed().toList());
        assertThat(life).extracting(e -> e.path("detail").path("lastStatus").asText() + "/"
                + e.path("detail").path("desiredStatus").asText()).containsSubsequence("RUNNING/RUNNING",
                "RUNNING/STOPPED", "STOPPING/STOPPED", "STOPPED/STOPPED");
        assertThat(stopped.path("stopCode").asText()).isEqualTo("EssentialContainerExited");
        assertThat(stopped.path("containers").get(0).path("exitCode").asInt()).isZero();
        // Events carry the cluster time of the change, not the time somebody looked; as ISO-8601, as ECS's do.
        java.time.Instant startedAt = java.time.Instant.parse(stopped.path("startedAt").asText());
        java.time.Instant stoppedAt = java.time.Instant.parse(stopped.path("stoppedAt").asText());
        assertThat(java.time.Duration.between(startedAt, stoppedAt).toMillis()).isBetween(30_000L, 31_000L);
    }

    @Test
    void setUpEventsIsIdempotentAndWiresOneRuleAndTarget() throws Exception {
        String first = ecsLocal.setUpEvents("default", "wired");
        assertThat(ecsLocal.setUpEvents("default", "wired")).isEqualTo(first);
        assertThat(first).startsWith(ecsLocal.sqsEndpoint().toString());

        assertThat(events.listRules(r -> r.namePrefix("wired")).rules()).extracting(Rule::name)
                .containsExactly("wired");
        JsonNode pattern = parse(events.describeRule(r -> r.name("wired")).eventPattern());
        assertThat(pattern).isEqualTo(parse("{\"source\":[\"aws.ecs\"],\"detail-type\":[\"ECS Task State Change\","
                + "\"ECS Container Instance State Change\"],\"detail\":{\"clusterArn\":"
                + "[\"arn:aws:ecs:us-east-1:000000000000:cluster/default\"]}}"));
        assertThat(events.listTargetsByRule(r -> r.rule("wired")).targets()).singleElement()
                .extracting(Target::arn).isEqualTo("arn:aws:sqs:us-east-1:000000000000:wired");

        HttpResponse<String> control = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(ecsLocal.endpoint() + "/_ecs-local/events")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = parse(control.body());
        assertThat(answer.path("enabled").asBoolean()).isTrue();
        assertThat(answer.path("sqsEndpoint").asText()).isEqualTo(ecsLocal.sqsEndpoint().toString());
    }

    @Test
    void anotherEcsLocalDeliversToTheSqsEndpointItIsGiven() {
        String queueUrl = ecsLocal.setUpEvents("default", "shared");
        try (EcsLocal second = EcsLocal.builder().sqsEndpoint(ecsLocal.sqsEndpoint()).build()) {
            assertThat(second.sqsEndpoint()).isEqualTo(ecsLocal.sqsEndpoint());
            assertThat(second.setUpEvents("blue", "shared")).isEqualTo(queueUrl);
            String ci = second.addInstances("blue", 1, 1024, 1024).get(0);
            receiveUntil(queueUrl, got -> !about(got, ci).isEmpty());
        }
        // Closing it left this endpoint's ElasticMQ alone.
        assertThat(ecsLocal.setUpEvents("default", "shared")).isEqualTo(queueUrl);
    }

    @Test
    void aTargetWhoseQueueDoesNotExistCostsOnlyItsDeliveries() {
        String queueUrl = ecsLocal.setUpEvents("default", "good");
        events.putTargets(r -> r.rule("good").targets(Target.builder().id("gone")
                .arn("arn:aws:sqs:us-east-1:000000000000:no-such-queue").build()));
        String a = ecsLocal.addInstances("default", 1, 1024, 1024).get(0);
        String b = ecsLocal.addInstances("default", 1, 1024, 1024).get(0);

        receiveUntil(queueUrl, got -> !about(got, a).isEmpty() && !about(got, b).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> ecsLocal.stats().events().undeliverable() == 2);
        assertThat(ecsLocal.stats().events().delivered()).isEqualTo(2);
    }

    @Test
    void withoutEventsThereIsNoSqsEndpointAndNothingToWire() {
        try (EcsLocal plain = EcsLocal.builder().build()) {
            assertThat(plain.sqsEndpoint()).isNull();
            assertThatThrownBy(() -> plain.setUpEvents("default", "q")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("events(true)");
            assertThat(plain.stats().events()).isEqualTo(EventStats.NONE);
        }
    }

    @Test
    void closeStopsElasticMqDeliveryAndTheTicker() {
        Set<String> before = threadNames();
        EcsLocal local = EcsLocal.builder().events(true).build();
        URI sqsEndpoint = local.sqsEndpoint();
        local.setUpEvents("default", "closing");
        local.addInstances("default", 1, 1024, 1024);
        assertThat(threadNames()).contains("ecs-local-events", "ecs-local-ticker");

        local.close();

        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(sqsEndpoint.getHost(), sqsEndpoint.getPort()), 1000);
            }
        }).isInstanceOf(IOException.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(threadNames().stream()
                .filter(n -> !before.contains(n)).filter(n -> !n.equals("idle-connection-reaper"))
                .filter(n -> !n.startsWith("awaitility"))).isEmpty());
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
