package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** EventBridge's rule API on ecs-local's endpoint, through the real SDK's EventBridgeClient. */
class EventBridgeApiTest extends EcsLocalTestBase {
    private static final String PATTERN = "{\"source\":[\"aws.ecs\"]}";
    private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:q1";
    private EventBridgeClient events;

    @BeforeEach
    void client() {
        events = EventBridgeClient.builder().endpointOverride(ecsLocal.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @AfterEach
    void closeClient() {
        events.close();
    }

    private static String errorCode(Throwable e) {
        return ((EventBridgeException) e).awsErrorDetails().errorCode();
    }

    @Test
    void putRuleCreatesThenReplacesAndDescribeRuleShowsIt() {
        String arn = events.putRule(r -> r.name("ecs-events").eventPattern(PATTERN).description("first")).ruleArn();
        assertThat(arn).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/ecs-events");

        String again = events.putRule(r -> r.name("ecs-events").eventPattern("{\"source\":[\"aws.ec2\"]}")
                .state(RuleState.DISABLED)).ruleArn();
        assertThat(again).isEqualTo(arn);
        DescribeRuleResponse rule = events.describeRule(r -> r.name("ecs-events"));
        assertThat(rule.name()).isEqualTo("ecs-events");
        assertThat(rule.arn()).isEqualTo(arn);
        assertThat(rule.eventPattern()).isEqualTo("{\"source\":[\"aws.ec2\"]}");
        assertThat(rule.state()).isEqualTo(RuleState.DISABLED);
        assertThat(rule.description()).as("PutRule replaces: what it omits is gone").isNull();
        assertThat(rule.eventBusName()).isEqualTo("default");

        events.enableRule(r -> r.name("ecs-events"));
        assertThat(events.describeRule(r -> r.name("ecs-events")).state()).isEqualTo(RuleState.ENABLED);
        events.disableRule(r -> r.name("ecs-events"));
        assertThat(events.describeRule(r -> r.name("ecs-events")).state()).isEqualTo(RuleState.DISABLED);
    }

    @Test
    void targetsArePutListedAndRemovedAndOnlySqsQueuesAreAccepted() {
        events.putRule(r -> r.name("r1").eventPattern(PATTERN));
        PutTargetsResponse put = events.putTargets(r -> r.rule("r1").targets(
                Target.builder().id("sqs").arn(QUEUE_ARN).build(),
                Target.builder().id("fn").arn("arn:aws:lambda:us-east-1:000000000000:function:f").build()));
        assertThat(put.failedEntryCount()).isEqualTo(1);
        assertThat(put.failedEntries()).singleElement().satisfies(f -> {
            assertThat(f.targetId()).isEqualTo("fn");
            assertThat(f.errorMessage()).contains("SQS queues only");
        });
        // The same ID again replaces the target.
        events.putTargets(r -> r.rule("r1").targets(Target.builder().id("sqs").arn(QUEUE_ARN + "b").build(),
                Target.builder().id("other").arn(QUEUE_ARN).build()));
        assertThat(events.listTargetsByRule(r -> r.rule("r1")).targets())
                .extracting(Target::id, Target::arn).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sqs", QUEUE_ARN + "b"),
                        org.assertj.core.groups.Tuple.tuple("other", QUEUE_ARN));

        assertThat(events.removeTargets(r -> r.rule("r1").ids("sqs", "unknown")).failedEntryCount()).isZero();
        assertThat(events.listTargetsByRule(r -> r.rule("r1")).targets()).extracting(Target::id)
                .containsExactly("other");
    }

    @Test
    void aRuleWithTargetsCannotBeDeletedAndAMissingOneIsNotFound() {
        events.putRule(r -> r.name("r1").eventPattern(PATTERN));
        events.putTargets(r -> r.rule("r1").targets(Target.builder().id("sqs").arn(QUEUE_ARN).build()));

        assertThatThrownBy(() -> events.deleteRule(r -> r.name("r1")))
                .isInstanceOf(EventBridgeException.class).hasMessageContaining("Rule can't be deleted since it has targets.")
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
        events.removeTargets(r -> r.rule("r1").ids("sqs"));
        events.deleteRule(r -> r.name("r1"));
        events.deleteRule(r -> r.name("r1"));

        assertThatThrownBy(() -> events.describeRule(r -> r.name("r1")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Rule r1 does not exist on EventBus default.");
        assertThatThrownBy(() -> events.putTargets(r -> r.rule("r1").targets(Target.builder().id("sqs")
                .arn(QUEUE_ARN).build()))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> events.removeTargets(r -> r.rule("r1").ids("sqs")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> events.listTargetsByRule(r -> r.rule("r1")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> events.enableRule(r -> r.name("r1"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void listRulesFiltersByPrefixAndPages() {
        for (String name : new String[] {"ecs-a", "ecs-b", "ecs-c", "other"}) {
            events.putRule(r -> r.name(name).eventPattern(PATTERN));
        }
        assertThat(events.listRules(r -> r.namePrefix("ecs-")).rules()).extracting(Rule::name)
                .containsExactly("ecs-a", "ecs-b", "ecs-c");
        ListRulesResponse first = events.listRules(r -> r.limit(3));
        assertThat(first.rules()).extracting(Rule::name).containsExactly("ecs-a", "ecs-b", "ecs-c");
        assertThat(first.rules().get(0).arn()).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/ecs-a");
        ListRulesResponse second = events.listRules(r -> r.limit(3).nextToken(first.nextToken()));
        assertThat(second.rules()).extracting(Rule::name).containsExactly("other");
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void badRequestsGetEventBridgesErrors() {
        assertThatThrownBy(() -> events.putRule(r -> r.name("r1").eventPattern("{\"source\":\"aws.ecs\"}")))
                .isInstanceOf(InvalidEventPatternException.class).hasMessageContaining("Event pattern is not valid");
        assertThatThrownBy(() -> events.putRule(r -> r.name("r1").eventPattern(
                "{\"source\":[{\"wildcard\":\"aws.*\"}]}")))
                .isInstanceOf(EventBridgeException.class).hasMessageContaining("\"wildcard\"")
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> events.putRule(r -> r.name("r1").scheduleExpression("rate(5 minutes)")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> events.putRule(r -> r.name("r1")))
                .hasMessageContaining("EventPattern or ScheduleExpression must be specified");
        assertThatThrownBy(() -> events.putRule(r -> r.name("bad name").eventPattern(PATTERN)))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> events.putRule(r -> r.name("r1").eventPattern(PATTERN).eventBusName("mine")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Event bus mine does not exist.");
        assertThat(events.listRules(r -> r.namePrefix("r1")).rules()).as("nothing was created").isEmpty();

        events.putRule(r -> r.name("r1").eventPattern(PATTERN)
                .eventBusName("arn:aws:events:us-east-1:000000000000:event-bus/default"));
        Target[] six = new Target[6];
        for (int i = 0; i < six.length; i++) {
            six[i] = Target.builder().id("t" + i).arn(QUEUE_ARN + i).build();
        }
        assertThatThrownBy(() -> events.putTargets(r -> r.rule("r1").targets(six)))
                .isInstanceOf(LimitExceededException.class);
    }

    @Test
    void testEventPatternEvaluatesAPatternAgainstAnEvent() {
        String event = "{\"id\":\"1\",\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\","
                + "\"detail\":{\"lastStatus\":\"STOPPED\"}}";
        assertThat(events.testEventPattern(r -> r.event(event)
                .eventPattern("{\"detail\":{\"lastStatus\":[{\"prefix\":\"STOP\"}]}}")).result()).isTrue();
        assertThat(events.testEventPattern(r -> r.event(event)
                .eventPattern("{\"source\":[\"aws.ec2\"]}")).result()).isFalse();
    }
}
