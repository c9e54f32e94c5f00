package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each event fault does what it says, on container instance registrations: one call, one event, so the
 * events a test causes are known exactly.
 */
class EventFaultsTest extends EventsTestBase {
    private String queueUrl;

    @BeforeEach
    void wire() {
        queueUrl = ecsLocal.setUpEvents("default", "faults");
    }

    private String addInstance() {
        return ecsLocal.addInstances("default", 1, 1024, 1024).get(0);
    }

    private List<String> arrivedOrder(List<JsonNode> got) {
        return got.stream().map(e -> e.path("resources").get(0).asText()).toList();
    }

    @Test
    void eventDropLosesTheEventsItHitsAndOnlyThoseOfItsKind() {
        ecsLocal.injectFaults("event-drop:task:x5,event-drop:instance:x1");
        String a = addInstance();
        String b = addInstance();
        String c = addInstance();

        List<JsonNode> got = receiveUntil(queueUrl, all -> !about(all, c).isEmpty());
        assertThat(receive(queueUrl, 1)).isEmpty();
        assertThat(arrivedOrder(received(queueUrl))).containsExactlyInAnyOrder(b, c);
        assertThat(got).hasSize(2);
        EventStats stats = ecsLocal.stats().events();
        assertThat(stats.emitted()).isEqualTo(3);
        assertThat(stats.droppedByFault()).isEqualTo(1);
        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(ecsLocal.faults()).as("the instance rule is used up, the task one untouched")
                .containsExactly("event-drop:task:x5");
    }

    @Test
    void eventDuplicateDeliversTheSameEventTwice() {
        ecsLocal.injectFaults("event-duplicate:*:x1");
        String a = addInstance();
        String b = addInstance();

        List<JsonNode> got = receiveUntil(queueUrl, all -> all.size() >= 3);
        assertThat(arrivedOrder(got)).containsExactlyInAnyOrder(a, a, b);
        assertThat(about(got, a)).as("the very same envelope, id included").hasSize(2).allSatisfy(e ->
                assertThat(e).isEqualTo(about(got, a).get(0)));
        assertThat(receive(queueUrl, 1)).isEmpty();
        assertThat(ecsLocal.stats().events().delivered()).isEqualTo(3);
        assertThat(ecsLocal.stats().events().emitted()).isEqualTo(2);
    }

    @Test
    void eventDelayDeliversLaterThanWhatFollows() {
        ecsLocal.injectFaults("event-delay:instance:1500ms@x1");
        long start = System.nanoTime();
        String a = addInstance();
        String b = addInstance();
        String c = addInstance();

        receiveUntil(queueUrl, all -> !about(all, b).isEmpty() && !about(all, c).isEmpty());
        assertThat(about(received(queueUrl), a)).as("not yet").isEmpty();
        List<JsonNode> got = receiveUntil(queueUrl, all -> !about(all, a).isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(arrivedOrder(got).subList(0, 2)).containsExactlyInAnyOrder(b, c);
        assertThat(arrivedOrder(got).get(2)).isEqualTo(a);
    }

    @Test
    void eventReorderSendsTheEventAfterTheNextOne() {
        ecsLocal.injectFaults("event-reorder:instance:x1");
        String a = addInstance();
        // Held back until something follows (or for 5 s): nothing arrives meanwhile.
        await().pollDelay(Duration.ofMillis(300)).until(() -> ecsLocal.stats().events().emitted() == 1);
        assertThat(receive(queueUrl, 0)).isEmpty();
        String b = addInstance();
        String c = addInstance();

        List<JsonNode> got = receiveUntil(queueUrl, all -> all.size() >= 3);
        assertThat(arrivedOrder(got)).containsExactly(b, a, c);
    }
}
