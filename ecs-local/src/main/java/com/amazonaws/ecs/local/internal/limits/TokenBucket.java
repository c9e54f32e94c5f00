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
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /** Takes {@code n} tokens if there are that many; otherwise takes none. */
    public synchronized boolean tryAcquire(int n) {
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** Puts back {@code n} tokens taken for work that did not happen after all. */
    public synchronized void refund(int n) {
        tokens = Math.min(burst, tokens + n);
    }
}
