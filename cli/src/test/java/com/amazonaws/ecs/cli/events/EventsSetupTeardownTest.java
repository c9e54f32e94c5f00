package com.amazonaws.ecs.cli.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.amazonaws.ecs.local.EcsLocal;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** {@code ecs-mesos events setup|teardown} against an ecs-local with events, checked through the SDK. */
@Timeout(120)
class EventsSetupTeardownTest {
    private static final String CLUSTER = "test";
    private static final String NAME = "ecs-mesos-events-test";

    private final EcsLocal ecsLocal = EcsLocal.builder().events(true).timeFactor(600).build();
    private final SqsClient sqs;
    private final EventBridgeClient events;

    EventsSetupTeardownTest() {
        ecsLocal.createCluster(CLUSTER);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        sqs = SqsClient.builder().endpointOverride(ecsLocal.sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build();
        events = EventBridgeClient.builder().endpointOverride(ecsLocal.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build();
        // The commands find credentials through the SDK's default chain.
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
    }

    @AfterEach
    void close() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        sqs.close();
        events.close();
        ecsLocal.close();
    }

    private EventsCommandRun run(String command, String... more) {
        String[] args = new String[] {"events", command, "--endpoint", ecsLocal.endpoint().toString(), "--region",
            "us-east-1", "--cluster", CLUSTER};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return EventsCommandRun.of(all);
    }

    @Test
    void setupTwiceThenTeardownTwice() throws Exception {
        EventsCommandRun first = run("setup");
        assertThat(first.err()).isEmpty();
        assertThat(first.exitCode()).isZero();
        String queueUrl = first.lastLine();
        assertThat(queueUrl).isEqualTo(sqs.getQueueUrl(r -> r.queueName(NAME)).queueUrl())
                .startsWith(ecsLocal.sqsEndpoint().toString());

        EventsCommandRun second = run("setup");
        assertThat(second.exitCode()).isZero();
        assertThat(second.lastLine()).isEqualTo(queueUrl);

        String clusterArn = "arn:aws:ecs:us-east-1:000000000000:cluster/test";
        assertThat(new ObjectMapper().readTree(events.describeRule(r -> r.name(NAME)).eventPattern()))
                .isEqualTo(new ObjectMapper().readTree("{\"source\":[\"aws.ecs\"],\"detail-type\":[\"ECS Task State "
                        + "Change\",\"ECS Container Instance State Change\"],\"detail\":{\"clusterArn\":[\""
                        + clusterArn + "\"]}}"));
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        assertThat(events.listTargetsByRule(r -> r.rule(NAME)).targets()).singleElement()
                .extracting(Target::arn).isEqualTo(queueArn);
        assertThat(events.listRules(r -> r.namePrefix("ecs-mesos-events")).rules()).hasSize(1);
        // ElasticMQ keeps no queue policy; setup says so instead of failing.
        assertThat(first.out()).contains("policy  not needed: ecs-local's SQS endpoint");

        // The wiring works: the cluster's events arrive.
        String ci = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .waitTimeSeconds(1)).messages().stream().anyMatch(m -> m.body().contains(ci)));

        EventsCommandRun down = run("teardown");
        assertThat(down.err()).isEmpty();
        assertThat(down.exitCode()).isZero();
        assertThat(down.out()).contains("rule    " + NAME + " deleted", "queue   " + NAME + " deleted");
        assertThatThrownBy(() -> events.describeRule(r -> r.name(NAME))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sqs.getQueueUrl(r -> r.queueName(NAME))).isInstanceOf(QueueDoesNotExistException.class);

        EventsCommandRun again = run("teardown");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("rule    " + NAME + " not there", "queue   " + NAME + " not there");
    }

    @Test
    void namesCanBeChosen() {
        EventsCommandRun setup = run("setup", "--queue", "mine", "--rule", "my-rule");
        assertThat(setup.exitCode()).isZero();
        assertThat(setup.lastLine()).isEqualTo(sqs.getQueueUrl(r -> r.queueName("mine")).queueUrl());
        assertThat(events.listTargetsByRule(r -> r.rule("my-rule")).targets()).hasSize(1);
        assertThat(run("teardown", "--queue", "mine", "--rule", "my-rule").exitCode()).isZero();
        assertThat(events.listRules(r -> r.namePrefix("my-rule")).rules()).isEmpty();
    }

    @Test
    void aPolicyTheSqsEndpointDropsIsReportedNotFatal() {
        // Named explicitly, the SQS endpoint is not known to be ecs-local's: setup tries the policy.
        EventsCommandRun setup = run("setup", "--sqs-endpoint", ecsLocal.sqsEndpoint().toString());
        assertThat(setup.exitCode()).isZero();
        assertThat(setup.out()).contains("policy  not kept by the SQS endpoint (it needs none)");
        assertThat(setup.lastLine()).isEqualTo(sqs.getQueueUrl(r -> r.queueName(NAME)).queueUrl());
    }

    @Test
    void anUnknownClusterIsOneLineAndExitsOne() {
        EventsCommandRun run = EventsCommandRun.of("events", "setup", "--endpoint", ecsLocal.endpoint().toString(),
                "--region", "us-east-1", "--cluster", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("ecs-mesos events setup: ECS cluster 'nope' in us-east-1");
        assertThat(events.listRules(r -> r.namePrefix("ecs-mesos-events")).rules()).isEmpty();
    }

    @Test
    void anEcsLocalWithoutEventsIsRefusedAndBadNamesAreUsageErrors() {
        try (EcsLocal plain = EcsLocal.builder().build()) {
            plain.createCluster(CLUSTER);
            EventsCommandRun run = EventsCommandRun.of("events", "setup", "--endpoint", plain.endpoint().toString(),
                    "--region", "us-east-1", "--cluster", CLUSTER);
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("was started without events");
        }
        EventsCommandRun bad = run("setup", "--queue", "no spaces");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("queue name 'no spaces'");
    }
}
