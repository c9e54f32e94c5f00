package com.amazonaws.ecs.local.internal.state;

import java.time.Duration;

/**
 * How long each lifecycle step takes, in cluster time (divided by the time factor in real time).
 * The defaults are short on purpose: ecs-local exists for tests and demos.
 */
public record LifecycleTimings(
        Duration provisioning,
        Duration pending,
        Duration activating,
        Duration stopping,
        Duration deprovisioning,
        Duration healthCheck,
        Duration stoppedRetention) {

    public static LifecycleTimings defaults() {
        return new LifecycleTimings(
                Duration.ofMillis(200),
                Duration.ofMillis(1000),
                Duration.ofMillis(200),
                Duration.ofMillis(1000),
                Duration.ofMillis(200),
                Duration.ofMillis(1000),
                Duration.ofHours(1));
    }
}
