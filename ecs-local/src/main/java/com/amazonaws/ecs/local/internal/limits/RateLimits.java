package com.amazonaws.ecs.local.internal.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * ECS's request throttling: one token bucket per group of actions, shared by every caller of the
 * endpoint, with ECS's documented burst and sustained rates. Actions outside these groups are not
 * throttled.
 */
public final class RateLimits {
    /** Fargate's documented rates: task launches per capacity provider, and RunTask calls that launch on Fargate. */
    public static final int FARGATE_LAUNCH_BURST = 100;
    public static final double FARGATE_LAUNCHES_PER_SECOND = 20;
    public static final int FARGATE_RUN_TASK_BURST = 20;
    public static final double FARGATE_RUN_TASKS_PER_SECOND = 20;

    private final Map<String, TokenBucket> byAction = new HashMap<>();
    /** Fargate task launches by capacity provider (FARGATE, FARGATE_SPOT); empty when off. */
    private final Map<String, TokenBucket> fargateLaunches = new HashMap<>();
    private TokenBucket fargateRunTask;

    private RateLimits() {}

    /** No throttling at all. */
    public static RateLimits off() {
        return new RateLimits();
    }

    /** ECS's buckets, in real time. */
    public static RateLimits ecs(LongSupplier nanos) {
        RateLimits limits = new RateLimits();
        limits.group(new TokenBucket(100, 20, nanos), "DescribeTasks", "DescribeContainerInstances", "ListTasks",
                "ListContainerInstances", "ListAttributes");
        limits.group(new TokenBucket(100, 40, nanos), "RunTask", "StartTask", "StopTask", "PutAttributes",
                "DeregisterContainerInstance");
        limits.group(new TokenBucket(20, 1, nanos), "RegisterTaskDefinition", "DeregisterTaskDefinition");
        limits.group(new TokenBucket(50, 20, nanos), "DescribeTaskDefinition", "ListTaskDefinitions");
        limits.group(new TokenBucket(50, 20, nanos), "DescribeClusters", "ListClusters");
        limits.group(new TokenBucket(20, 10, nanos), "TagResource", "UntagResource");
        limits.group(new TokenBucket(50, 20, nanos), "ListTagsForResource");
        return limits;
    }

    /**
     * Adds Fargate's buckets (AWS Fargate throttling quotas): launches per account for On-Demand and, separately,
     * Spot ({@code launchBurst} tokens, {@code launchesPerSecond} refill), and RunTask calls that launch on Fargate.
     */
    public RateLimits withFargate(int launchBurst, double launchesPerSecond, int runTaskBurst,
            double runTasksPerSecond, LongSupplier nanos) {
        fargateLaunches.put("FARGATE", new TokenBucket(launchBurst, launchesPerSecond, nanos));
        fargateLaunches.put("FARGATE_SPOT", new TokenBucket(launchBurst, launchesPerSecond, nanos));
        fargateRunTask = new TokenBucket(runTaskBurst, runTasksPerSecond, nanos);
        return this;
    }

    /** True if a RunTask call that launches on Fargate may go ahead. */
    public boolean admitFargateRunTask() {
        return fargateRunTask == null || fargateRunTask.tryAcquire();
    }

    /**
     * Takes the launch tokens of {@code launches} (capacity provider → tasks) all together, or none: false when one
     * provider's bucket has too few.
     */
    public boolean admitFargateLaunches(Map<String, Integer> launches) {
        Map<String, Integer> taken = new HashMap<>();
        for (Map.Entry<String, Integer> e : launches.entrySet()) {
            TokenBucket bucket = fargateLaunches.get(e.getKey());
            if (bucket == null || e.getValue() == 0) {
                continue;
            }
            if (!bucket.tryAcquire(e.getValue())) {
                taken.forEach((provider, n) -> fargateLaunches.get(provider).refund(n));
                return false;
            }
            taken.put(e.getKey(), e.getValue());
        }
        return true;
    }

    private void group(TokenBucket bucket, String... actions) {
        for (String a : actions) {
            byAction.put(a, bucket);
        }
    }

    /** True if the call may go ahead; false if ECS would answer ThrottlingException. */
    public boolean admit(String action) {
        TokenBucket bucket = byAction.get(action);
        return bucket == null || bucket.tryAcquire();
    }

    public boolean enabled() {
        return !byAction.isEmpty();
    }
}
