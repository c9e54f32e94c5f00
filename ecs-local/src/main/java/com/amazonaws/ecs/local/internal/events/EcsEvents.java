package com.amazonaws.ecs.local.internal.events;

import com.amazonaws.ecs.local.EventStats;
import com.amazonaws.ecs.local.internal.limits.Faults;
import com.amazonaws.ecs.local.internal.state.EcsState;
import java.net.URI;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ECS events for one ecs-local: the SQS endpoint (embedded ElasticMQ or the user's), the writer that turns
 * every task and container instance version into an event, their delivery, and the ticker that makes the
 * cluster advance when nobody asks. Closing stops all of them (ElasticMQ last, so queued events get out).
 */
public final class EcsEvents implements AutoCloseable {
    private final EcsState state;
    private final SqsEndpoint sqsEndpoint;
    private final SqsClient sqs;
    private final EventDelivery delivery;
    private final ClusterTicker ticker;

    /**
     * Starts events for {@code state}; {@code sqs} null starts an embedded ElasticMQ on {@code bind}. Call
     * before the endpoint serves requests, so that no version is missed.
     */
    public EcsEvents(EcsState state, EventBus bus, Faults faults, URI sqs, String bind) {
        this.state = state;
        String region = state.arns().region();
        this.sqsEndpoint = sqs == null ? SqsEndpoint.embedded(bind, region, state.arns().account())
                : SqsEndpoint.external(sqs);
        this.sqs = sqsEndpoint.client(region);
        this.delivery = new EventDelivery(bus, faults, this.sqs, "ecs-local-events");
        synchronized (state) {
            state.addVersionListener(new EventWriter(region, state.arns().account(), delivery::submit));
        }
        this.ticker = new ClusterTicker(state, "ecs-local-ticker");
    }

    /** The SQS endpoint events are delivered to. */
    public URI sqsEndpoint() {
        return sqsEndpoint.uri();
    }

    /** What the events came to so far. */
    public EventStats stats() {
        return new EventStats(delivery.emitted(), delivery.delivered(), delivery.droppedByFault(),
                delivery.undeliverable());
    }

    /**
     * Creates (or finds) the queue {@code queueName}, a rule named after it for the cluster's ECS events and
     * the queue as its target, all through the SDK against these endpoints; returns the queue URL.
     */
    public String setUp(URI eventBridgeEndpoint, String clusterArn, String queueName) {
        String region = state.arns().region();
        try (EventBridgeClient events = SqsEndpoint.eventBridge(eventBridgeEndpoint, region)) {
            return EventWiring.setUp(sqs, events, clusterArn, queueName, queueName);
        }
    }

    @Override
    public void close() {
        ticker.close();
        delivery.close();
        sqs.close();
        sqsEndpoint.close();
    }
}
