package com.amazonaws.ecs.local;

/**
 * What ecs-local's ECS events came to (all zero when events are off): events emitted (one per version of a
 * task or container instance), copies delivered to SQS queues (an event matching two rules, or duplicated by
 * a fault, counts twice), events dropped by {@code event-drop} faults, and deliveries lost because the
 * target queue did not exist or could not be reached.
 *
 * <pre>{@code
 * await().until(() -> ecsLocal.stats().events().delivered() >= 3);
 * }</pre>
 */
public record EventStats(long emitted, long delivered, long droppedByFault, long undeliverable) {

    /** The stats of an endpoint without events. */
    public static final EventStats NONE = new EventStats(0, 0, 0, 0);
}
