package com.amazonaws.ecs.local;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * An ecs-local with ECS events on, and the real SDK's SQS and EventBridge clients for its endpoints. The
 * queue is read as the driver reads it: ReceiveMessage of up to 10, then DeleteMessageBatch. Like SQS, the
 * queue does not keep the order of the messages of one SendMessageBatch, so tests order by version.
 */
abstract class EventsTestBase extends EcsLocalTestBase {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    protected SqsClient sqs;
    protected EventBridgeClient events;
    /** Queue URL → every envelope received from it so far, in the order SQS returned them. */
    private final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        return builder.events(true).timeFactor(100);
    }

    @BeforeEach
    void startClients() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret"));
        sqs = SqsClient.builder().endpointOverride(ecsLocal.sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build();
        events = EventBridgeClient.builder().endpointOverride(ecsLocal.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @AfterEach
    void closeClients() {
        sqs.close();
        events.close();
    }

    /** Reads the queue (deleting what it reads) until the envelopes received so far satisfy {@code done}. */
    protected List<JsonNode> receiveUntil(String queueUrl, Predicate<List<JsonNode>> done) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> {
            receive(queueUrl, 1);
            return done.test(received(queueUrl));
        });
        return received(queueUrl);
    }

    /** Everything read from {@code queueUrl} so far. */
    protected List<JsonNode> received(String queueUrl) {
        return new ArrayList<>(received.computeIfAbsent(queueUrl, q -> new CopyOnWriteArrayList<>()));
    }

    /** One ReceiveMessage (long poll of {@code waitSeconds}) and the DeleteMessageBatch of what it got. */
    protected List<JsonNode> receive(String queueUrl, int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds)).messages();
        List<JsonNode> out = new ArrayList<>();
        for (Message m : messages) {
            out.add(parse(m.body()));
        }
        if (!messages.isEmpty()) {
            sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(messages.stream().map(m -> software.amazon.awssdk
                    .services.sqs.model.DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                    .receiptHandle(m.receiptHandle()).build()).toList()));
        }
        received.computeIfAbsent(queueUrl, q -> new CopyOnWriteArrayList<>()).addAll(out);
        return out;
    }

    /** The envelopes about one resource, in the order received. */
    protected static List<JsonNode> about(List<JsonNode> envelopes, String arn) {
        return envelopes.stream().filter(e -> e.path("resources").path(0).asText().equals(arn)).toList();
    }

    /** These envelopes (about one resource) in the order of their detail versions. */
    protected static List<JsonNode> byVersion(List<JsonNode> envelopes) {
        return envelopes.stream().sorted(java.util.Comparator.comparingLong(e -> e.path("detail").path("version")
                .asLong())).toList();
    }

    /** The detail versions of these envelopes, in order. */
    protected static List<Long> versions(List<JsonNode> envelopes) {
        return envelopes.stream().map(e -> e.path("detail").path("version").asLong()).toList();
    }

    /** Whether some envelope about {@code arn} has detail.{@code field} = {@code value}. */
    protected static boolean seen(List<JsonNode> envelopes, String arn, String field, String value) {
        return about(envelopes, arn).stream().anyMatch(e -> e.path("detail").path(field).asText().equals(value));
    }

    protected static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A DescribeTasks / DescribeContainerInstances answer's timestamps as an event writes them: ISO-8601. */
    static com.fasterxml.jackson.databind.node.ObjectNode isoTimes(com.fasterxml.jackson.databind.node.ObjectNode n) {
        for (String f : java.util.List.of("createdAt", "pullStartedAt", "pullStoppedAt", "startedAt", "stoppingAt",
                "stoppedAt", "executionStoppedAt", "connectivityAt", "registeredAt")) {
            if (n.path(f).isNumber()) {
                n.put(f, Instant.ofEpochMilli(Math.round(n.get(f).asDouble() * 1000)).toString());
            }
        }
        return n;
    }
}
