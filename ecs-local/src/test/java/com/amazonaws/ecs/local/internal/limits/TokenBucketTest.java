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
}
