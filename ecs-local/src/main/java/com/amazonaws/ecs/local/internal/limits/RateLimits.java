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
    private final Map<String, TokenBucket> byAction = new HashMap<>();

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
