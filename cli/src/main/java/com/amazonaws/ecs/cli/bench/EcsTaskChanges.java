package com.amazonaws.ecs.cli.bench;

import com.amazonaws.ecs.local.EcsLocal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What ecs-local did to each ECS task, as its {@link EcsLocal#onTaskChange} listener reports it: when the task
 * was created (real time of the StartTask that created it), and the cluster time at which it became RUNNING and
 * STOPPED. Those are the two ECS changes that map to the Mesos updates the bench times (TASK_RUNNING and the
 * terminal one); PROVISIONING/PENDING/ACTIVATING (TASK_STARTING) are not timed.
 *
 * <p>Cluster time becomes real time through the best pairing seen: ecs-local applies changes lazily (when a
 * request arrives) but reports each with its exact due cluster time, so every report was observed at or after
 * the real moment of its cluster time. The real time of cluster time {@code c} is therefore at most
 * {@code observed - (c - c0) / factor} for every report, and the smallest such bound, reached by changes made
 * during the request that caused them (StartTask creating a task), is the mapping used.
 *
 * <p>The listener runs under ecs-local's lock: it only records. Thread-safe.
 */
final class EcsTaskChanges implements EcsLocal.TaskChangeListener {

    /** One ECS task's timeline: real nanos of its creation, cluster times of RUNNING and STOPPED (0: not reached). */
    record Seen(String arn, long createdNanos, long runningClusterMillis, long stoppedClusterMillis) {
    }

    private static final class EcsTask {
        final String arn;
        final long createdNanos;
        long runningClusterMillis;
        long stoppedClusterMillis;

        EcsTask(String arn, long createdNanos) {
            this.arn = arn;
            this.createdNanos = createdNanos;
        }
    }

    private final double factor;
    private final LongSupplier nanos;
    private final Map<String, EcsTask> tasks = new LinkedHashMap<>();
    private boolean paired;
    private long clusterOrigin;
    /** Real nanos of cluster time {@link #clusterOrigin}: the smallest upper bound seen. */
    private double realOriginNanos;
    private long lastChangeNanos;

    EcsTaskChanges(double factor, LongSupplier nanos) {
        this.factor = factor;
        this.nanos = nanos;
    }

    @Override
    public synchronized void changed(String taskArn, String lastStatus, String desiredStatus, long clusterTimeMillis) {
        long now = nanos.getAsLong();
        lastChangeNanos = now;
        if (!paired) {
            paired = true;
            clusterOrigin = clusterTimeMillis;
            realOriginNanos = now;
        } else {
            realOriginNanos = Math.min(realOriginNanos, now - (clusterTimeMillis - clusterOrigin) * 1e6 / factor);
        }
        EcsTask t = tasks.computeIfAbsent(taskArn, arn -> new EcsTask(arn, now));
        if ("RUNNING".equals(lastStatus) && t.runningClusterMillis == 0) {
            t.runningClusterMillis = clusterTimeMillis;
        } else if ("STOPPED".equals(lastStatus) && t.stoppedClusterMillis == 0) {
            t.stoppedClusterMillis = clusterTimeMillis;
        }
    }

    /** The real time ({@link System#nanoTime} scale) of a cluster time reported by ecs-local. */
    synchronized double realNanos(long clusterTimeMillis) {
        return realOriginNanos + (clusterTimeMillis - clusterOrigin) * 1e6 / factor;
    }

    synchronized int created() {
        return tasks.size();
    }

    /** ECS tasks in order of creation. */
    synchronized List<Seen> tasks() {
        List<Seen> out = new ArrayList<>(tasks.size());
        for (EcsTask t : tasks.values()) {
            out.add(new Seen(t.arn, t.createdNanos, t.runningClusterMillis, t.stoppedClusterMillis));
        }
        return out;
    }

    /** Real nanos of the last change reported, 0 before the first. */
    synchronized long lastChangeNanos() {
        return lastChangeNanos;
    }

    /** When the last ECS task was created (real nanos); 0 before any. */
    synchronized long lastCreationNanos() {
        long last = 0;
        for (EcsTask t : tasks.values()) {
            last = Math.max(last, t.createdNanos);
        }
        return last;
    }

    /** ECS tasks created per second of real time, from the first creation to the last; 0 for fewer than two. */
    synchronized double creationsPerSecond() {
        if (tasks.size() < 2) {
            return 0;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (EcsTask t : tasks.values()) {
            first = Math.min(first, t.createdNanos);
            last = Math.max(last, t.createdNanos);
        }
        return tasks.size() / (Math.max(1_000_000L, last - first) / 1e9);
    }
}
