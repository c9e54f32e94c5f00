package com.amazonaws.ecs.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The queue policy that lets one rule send: added once, replaced in place, other statements kept. */
class EventsQueuePolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String QUEUE = "arn:aws:sqs:eu-west-1:123456789012:q";
    private static final String RULE = "arn:aws:events:eu-west-1:123456789012:rule/ecs-mesos-events-blue";

    @Test
    void allowsEventBridgeToSendForThisRuleOnly() throws Exception {
        JsonNode policy = MAPPER.readTree(QueuePolicy.withStatement(null, QUEUE, RULE));
        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.path("Statement")).singleElement().satisfies(s -> {
            assertThat(s.path("Effect").asText()).isEqualTo("Allow");
            assertThat(s.path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");
            assertThat(s.path("Action").asText()).isEqualTo("sqs:SendMessage");
            assertThat(s.path("Resource").asText()).isEqualTo(QUEUE);
            assertThat(s.path("Condition").path("ArnEquals").path("aws:SourceArn").asText()).isEqualTo(RULE);
        });
    }

    @Test
    void runningAgainChangesNothingAndOtherStatementsStay() throws Exception {
        String other = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"mine\",\"Effect\":\"Deny\"}}";
        String once = QueuePolicy.withStatement(other, QUEUE, RULE);
        String twice = QueuePolicy.withStatement(once, QUEUE, RULE);
        assertThat(MAPPER.readTree(twice)).isEqualTo(MAPPER.readTree(once));
        assertThat(MAPPER.readTree(twice).path("Statement")).extracting(s -> s.path("Sid").asText())
                .containsExactly("mine", "EcsMesosEventsecsmesoseventsblue");
        String otherRule = RULE.replace("blue", "green");
        assertThat(MAPPER.readTree(QueuePolicy.withStatement(twice, QUEUE, otherRule)).path("Statement"))
                .as("each rule its own statement").hasSize(3);
    }
}
