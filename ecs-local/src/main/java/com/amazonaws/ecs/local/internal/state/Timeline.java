package com.amazonaws.ecs.local.internal.state;

import java.util.PriorityQueue;

/**
 * Everything the cluster will do by itself later (a task reaching RUNNING, a container exiting, a
 * stopped task expiring), in time order. Work is run when somebody looks: every request first
 * brings the cluster up to the current virtual time, so no background thread races the API.
 */
public final class Timeline {
    private record Entry(long dueMillis, long seq, Runnable action) {}

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.dueMillis != b.dueMillis
            ? Long.compare(a.dueMillis, b.dueMillis)
            : Long.compare(a.seq, b.seq));
    private final Runnable afterEach;
    private long seq;
    private long currentMillis;

    public Timeline() {
        this(() -> { });
    }

    /** {@code afterEach} runs after every action, which ends a unit of work (see {@link VersionLog}). */
    Timeline(Runnable afterEach) {
        this.afterEach = afterEach;
    }

    public void schedule(long dueMillis, Runnable action) {
        queue.add(new Entry(dueMillis, seq++, action));
    }

    /**
     * Runs every action due at or before {@code nowMillis}, in order; while an action runs,
     * {@link #now()} is its due time, so timestamps it records are exact rather than "when polled".
     */
    public void advanceTo(long nowMillis) {
        while (!queue.isEmpty() && queue.peek().dueMillis <= nowMillis) {
            Entry e = queue.poll();
            currentMillis = Math.max(currentMillis, e.dueMillis);
            e.action.run();
            afterEach.run();
        }
        currentMillis = Math.max(currentMillis, nowMillis);
    }

    /** The cluster's current time: the due time of the running action, or the last advance. */
    public long now() {
        return currentMillis;
    }

    public int pending() {
        return queue.size();
    }

    /** Due time of the next action, or {@link Long#MAX_VALUE}. */
    public long nextDue() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().dueMillis;
    }
}
