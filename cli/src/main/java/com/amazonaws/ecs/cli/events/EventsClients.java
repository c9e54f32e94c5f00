package com.amazonaws.ecs.cli.events;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The SQS and EventBridge clients of one {@code events} run: the region and credentials the ECS connection
 * resolved, the endpoints {@link EventEndpoints} chose (null: the region's).
 */
final class EventsClients implements AutoCloseable {
    final SqsClient sqs;
    final EventBridgeClient events;

    EventsClients(String region, EventEndpoints endpoints) {
        SqsClientBuilder s = SqsClient.builder().region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(Apache5HttpClient.builder());
        EventBridgeClientBuilder e = EventBridgeClient.builder().region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(Apache5HttpClient.builder());
        if (endpoints.sqs() != null) {
            s.endpointOverride(endpoints.sqs());
        }
        if (endpoints.events() != null) {
            e.endpointOverride(endpoints.events());
        }
        this.sqs = s.build();
        this.events = e.build();
    }

    /** {@code " at URL"} for messages, or nothing for the region's endpoint. */
    static String at(URI endpoint) {
        return endpoint == null ? "" : " at " + endpoint;
    }

    @Override
    public void close() {
        sqs.close();
        events.close();
    }
}
