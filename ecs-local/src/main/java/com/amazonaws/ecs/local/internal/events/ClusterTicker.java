package com.amazonaws.ecs.local.internal.events;

import com.amazonaws.ecs.local.internal.state.EcsState;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Advances the cluster by itself when its next step is due. Without events ecs-local is lazy (the cluster
 * catches up when a request looks), but an event must go out when the change happens, even if nobody asks.
 * Wakes at least every {@link #MAX_SLEEP_MILLIS}, so steps scheduled meanwhile and time factor changes are
 * seen soon enough; runs under the state lock, as requests do.
 */
final class ClusterTicker implements AutoCloseable {
    static final long MAX_SLEEP_MILLIS = 50;

    private final EcsState state;
    private final Thread thread;
    private volatile boolean closed;

    ClusterTicker(EcsState state, String name) {
        this.state = state;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!closed) {
            long sleepMillis;
            synchronized (state) {
                state.advance();
                state.publishChanges();
                sleepMillis = state.clock().realMillisUntil(state.timeline().nextDue());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(MAX_SLEEP_MILLIS, sleepMillis))));
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
