package com.amazonaws.ecs.local.internal.state;

import java.util.function.LongSupplier;

/**
 * The time of the simulated cluster: epoch milliseconds that run {@code factor} times faster than
 * the real clock, so a 360 s task can finish in 6 s of a test. Changing the factor keeps time
 * continuous. Rate limits and API latency do not use this clock: they stay in real time.
 */
public final class VirtualClock {
    private final LongSupplier realNanos;
    private long baseVirtualMillis;
    private long baseRealNanos;
    private double factor;

    public VirtualClock(long startEpochMillis, double factor, LongSupplier realNanos) {
        this.realNanos = realNanos;
        this.baseVirtualMillis = startEpochMillis;
        this.baseRealNanos = realNanos.getAsLong();
        this.factor = checkFactor(factor);
    }

    public synchronized long nowMillis() {
        long elapsedNanos = realNanos.getAsLong() - baseRealNanos;
        return baseVirtualMillis + (long) (elapsedNanos * factor / 1_000_000d);
    }

    public synchronized double factor() {
        return factor;
    }

    public synchronized void setFactor(double newFactor) {
        checkFactor(newFactor);
        long now = nowMillis();
        baseVirtualMillis = now;
        baseRealNanos = realNanos.getAsLong();
        factor = newFactor;
    }

    /** Real milliseconds until the virtual time {@code virtualMillis} is reached (at least 0). */
    public synchronized long realMillisUntil(long virtualMillis) {
        long delta = virtualMillis - nowMillis();
        return delta <= 0 ? 0 : (long) Math.ceil(delta / factor);
    }

    private static double checkFactor(double f) {
        if (!(f > 0) || Double.isInfinite(f)) {
            throw new IllegalArgumentException("time factor must be a positive number, got " + f);
        }
        return f;
    }
}
