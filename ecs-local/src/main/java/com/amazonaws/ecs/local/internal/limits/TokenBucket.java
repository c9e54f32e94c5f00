package com.amazonaws.ecs.local.internal.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket as ECS throttles with: {@code burst} tokens, refilled at {@code perSecond} in
 * real time. Thread-safe.
 */
public final class TokenBucket {
    private final double burst;
    private final double perNano;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

    public TokenBucket(int burst, double perSecond, LongSupplier nanos) {
        this.burst = burst;
        this.perNano = perSecond / 1_000_000_000d;
        this.nanos = nanos;
        this.tokens = burst;
        this.last = nanos.getAsLong();
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryAcquire() {
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
