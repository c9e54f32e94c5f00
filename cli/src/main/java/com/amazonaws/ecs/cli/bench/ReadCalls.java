package com.amazonaws.ecs.cli.bench;

import com.amazonaws.ecs.local.CallListener;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * When each ECS read call (an action starting with {@code Describe} or {@code List}) reached ecs-local, so the
 * bench can say how much of the account's read bucket (20/s) the driver uses in steady state.
 */
final class ReadCalls implements CallListener {
    private final LongSupplier nanos;
    private long[] at = new long[1024];
    private int count;

    ReadCalls(LongSupplier nanos) {
        this.nanos = nanos;
    }

    @Override
    public void before(String action, String body) {
        if (action.startsWith("Describe") || action.startsWith("List")) {
            long now = nanos.getAsLong();
            synchronized (this) {
                if (count == at.length) {
                    at = Arrays.copyOf(at, count * 2);
                }
                at[count++] = now;
            }
        }
    }

    /** Reads per second between {@code fromNanos} and {@code toNanos}; NaN for an empty or reversed window. */
    synchronized double perSecond(long fromNanos, long toNanos) {
        if (fromNanos <= 0 || toNanos <= fromNanos) {
            return Double.NaN;
        }
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (at[i] >= fromNanos && at[i] <= toNanos) {
                n++;
            }
        }
        return n / ((toNanos - fromNanos) / 1e9);
    }
}
