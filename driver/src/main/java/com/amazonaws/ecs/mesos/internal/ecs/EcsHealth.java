package com.amazonaws.ecs.mesos.internal.ecs;

/**
 * Told the outcome of the driver's calls, to notice when ECS stops answering (after the gateway's retries)
 * and when it answers again. Throttling and rejections count as answers: ECS is there.
 */
public interface EcsHealth {

  void answered();

  /** A call failed for good; only failures where ECS did not answer count towards an outage. */
  void failed(Throwable error);
}
