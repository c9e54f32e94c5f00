package com.amazonaws.ecs.local.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong nanos = new AtomicLong();

    private int drain(TokenBucket bucket) {
        int n = 0;
        while (bucket.tryAcquire()) {
            n++;
        }
        return n;
    }

    @Test
    void burstThenSustainedRate() {
        TokenBucket bucket = new TokenBucket(100, 40, nanos::get);
        assertThat(drain(bucket)).isEqualTo(100);
        nanos.addAndGet(1_000_000_000L);
        assertThat(drain(bucket)).isEqualTo(40);
        nanos.addAndGet(10_000_000_000L);
        assertThat(drain(bucket)).isEqualTo(100);
    }

    @Test
    void ecsBucketsAreSharedByTheirActions() {
        RateLimits limits = RateLimits.ecs(nanos::get);
        for (int i = 0; i < 50; i++) {
            assertThat(limits.admit("StartTask")).isTrue();
            assertThat(limits.admit("StopTask")).isTrue();
        }
        assertThat(limits.admit("RunTask")).isFalse();
        assertThat(limits.admit("DescribeTasks")).isTrue();
        for (int i = 0; i < 20; i++) {
            limits.admit("RegisterTaskDefinition");
        }
        assertThat(limits.admit("DeregisterTaskDefinition")).isFalse();
        assertThat(limits.admit("RegisterContainerInstance")).isTrue();
        assertThat(RateLimits.off().admit("StartTask")).isTrue();
    }

    @Test
    void fargateLaunchesHaveABucketPerCapacityProviderAtFargatesDocumentedRates() {
        RateLimits limits = RateLimits.ecs(nanos::get).withFargate(RateLimits.FARGATE_LAUNCH_BURST,
                RateLimits.FARGATE_LAUNCHES_PER_SECOND, RateLimits.FARGATE_RUN_TASK_BURST,
                RateLimits.FARGATE_RUN_TASKS_PER_SECOND, nanos::get);
        for (int i = 0; i < 10; i++) {
            assertThat(limits.admitFargateLaunches(java.util.Map.of("FARGATE", 10))).isTrue();
        }
        assertThat(limits.admitFargateLaunches(java.util.Map.of("FARGATE", 1))).isFalse();
        // All or nothing: Spot's tokens are given back when On-Demand has too few.
        assertThat(limits.admitFargateLaunches(new java.util.TreeMap<>(java.util.Map.of("FARGATE_SPOT", 100,
                "FARGATE", 1)))).isFalse();
        assertThat(limits.admitFargateLaunches(java.util.Map.of("FARGATE_SPOT", 100))).isTrue();
        nanos.addAndGet(1_000_000_000L);
        assertThat(limits.admitFargateLaunches(java.util.Map.of("FARGATE", 20))).isTrue();
        assertThat(limits.admitFargateLaunches(java.util.Map.of("FARGATE", 1))).isFalse();

        for (int i = 0; i < 20; i++) {
            assertThat(limits.admitFargateRunTask()).isTrue();
        }
        assertThat(limits.admitFargateRunTask()).isFalse();
        assertThat(RateLimits.off().admitFargateRunTask()).isTrue();
        assertThat(RateLimits.off().admitFargateLaunches(java.util.Map.of("FARGATE", 1000))).isTrue();
    }
}
