package com.amazonaws.ecs.local.internal.events;

import java.net.URI;
import java.time.Duration;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS endpoint that ECS events are delivered to: an ElasticMQ started in this JVM (its queue URLs name
 * the address it listens on), or one the user runs. Clients built here use fixed dummy credentials, as both
 * ElasticMQ and ecs-local accept any.
 */
final class SqsEndpoint implements AutoCloseable {
    private final URI uri;
    private final SQSRestServer embedded;

    private SqsEndpoint(URI uri, SQSRestServer embedded) {
        this.uri = uri;
        this.embedded = embedded;
    }

    /** Starts ElasticMQ on {@code bind} (a free port), with ecs-local's region and account in its queue ARNs. */
    static SqsEndpoint embedded(String bind, String region, String account) {
        SQSRestServer server = SQSRestServerBuilder.withInterface(bind).withDynamicPort().withAWSRegion(region)
                .withAWSAccountId(account).start();
        int port = server.waitUntilStarted().localAddress().getPort();
        String host = "0.0.0.0".equals(bind) ? "127.0.0.1" : bind.contains(":") ? "[" + bind + "]" : bind;
        return new SqsEndpoint(URI.create("http://" + host + ":" + port), server);
    }

    static SqsEndpoint external(URI uri) {
        return new SqsEndpoint(uri, null);
    }

    URI uri() {
        return uri;
    }

    /** An SQS client for this endpoint; the caller closes it. */
    SqsClient client(String region) {
        return client(uri, region);
    }

    static SqsClient client(URI endpoint, String region) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(8))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /** An EventBridge client for ecs-local's own endpoint; the caller closes it. */
    static EventBridgeClient eventBridge(URI endpoint, String region) {
        return EventBridgeClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials()).httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("ecs-local", "ecs-local"));
    }

    /** Stops ElasticMQ if it was started here; queues and messages are gone with it. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.stopAndWait();
        }
    }
}
