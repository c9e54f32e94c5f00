package com.amazonaws.ecs.mesos.internal.ecs;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The driver's one client-side rate limiter: ECS's request buckets (burst, sustained per second), so the
 * driver spends its budget evenly instead of bursting into {@code ThrottlingException}s. ECS's buckets are
 * per account and region and shared with every other caller, so ECS may still throttle; the gateway retries
 * those calls.
 *
 * <pre>
 * cluster resource read    DescribeTasks, DescribeContainerInstances, ListTasks, ListContainerInstances  100 / 20
 * cluster resource modify  StartTask, StopTask, RunTask                                                 100 / 40
 * task definition read     DescribeTaskDefinition                                                        50 / 20
 * task definition modify   RegisterTaskDefinition                                                        20 / 1
 * cluster read             DescribeClusters                                                              50 / 20
 * EC2 DescribeInstances    (EC2's own limits; a modest share of them)                                    50 / 10
 * </pre>
 */
public final class RateLimiter {
  private final Map<String, TokenBucket> byAction = new HashMap<>();
  private final LongSupplier nanos;

  private RateLimiter(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** ECS's buckets on the given clock (real time: {@code System::nanoTime}). */
  public static RateLimiter ecs(LongSupplier nanos) {
    RateLimiter limiter = new RateLimiter(nanos);
    long now = nanos.getAsLong();
    limiter.group(new TokenBucket(100, 20, now), "DescribeTasks", "DescribeContainerInstances", "ListTasks",
        "ListContainerInstances");
    limiter.group(new TokenBucket(100, 40, now), "StartTask", "StopTask", "RunTask");
    limiter.group(new TokenBucket(50, 20, now), "DescribeTaskDefinition");
    limiter.group(new TokenBucket(20, 1, now), "RegisterTaskDefinition");
    limiter.group(new TokenBucket(50, 20, now), "DescribeClusters");
    limiter.group(new TokenBucket(50, 10, now), "DescribeInstances");
    return limiter;
  }

  private void group(TokenBucket bucket, String... actions) {
    for (String action : actions) {
      byAction.put(action, bucket);
    }
  }

  /** Reserves a call of {@code action}; returns the nanoseconds to wait before making it. */
  public long reserve(String action) {
    TokenBucket bucket = byAction.get(action);
    return bucket == null ? 0 : bucket.reserve(nanos.getAsLong());
  }
}
