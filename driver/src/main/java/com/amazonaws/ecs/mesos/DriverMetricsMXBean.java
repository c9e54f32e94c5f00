package com.amazonaws.ecs.mesos;

import java.util.Map;

/**
 * {@link ECSSchedulerDriver#metrics()} over JMX, for frameworks that cannot call it (Marathon, Chronos or
 * Spark on the drop-in jar): each running driver registers one under
 * {@code com.amazonaws.ecs.mesos:type=ECSSchedulerDriver,framework=NAME,instance=N} until it stops. Each
 * attribute read takes a fresh snapshot; see {@link DriverMetrics} for what the figures mean.
 */
public interface DriverMetricsMXBean {
  /** ECS and EC2 call attempts, every action and outcome. */
  long getEcsCallsTotal();

  /** Call attempts by action ({@code StartTask}, {@code DescribeTasks}, ...), every outcome. */
  Map<String, Long> getEcsCallsByAction();

  /** Call attempts ECS refused with a throttling error. */
  long getThrottled();

  /** Attempts made again after a failure. */
  long getRetries();

  long getOffersMade();

  long getOffersDeclined();

  long getOffersRescinded();

  long getOffersAccepted();

  /** Tasks sent to ECS with StartTask. */
  long getTasksLaunched();

  /** State changes of the framework's tasks, by state (see {@link DriverMetrics#statusUpdates()}). */
  Map<String, Long> getStatusUpdates();

  /** Live tasks by latest state, as of the last status sweep. */
  Map<String, Integer> getTasksByState();

  /** Median status latency in milliseconds, -1 when none was recorded. */
  double getStatusLatencyP50Millis();

  /** 99th percentile of status latency in milliseconds, -1 when none was recorded. */
  double getStatusLatencyP99Millis();

  /** Commands waiting for the driver's loop thread. */
  int getLoopQueueDepth();
}
