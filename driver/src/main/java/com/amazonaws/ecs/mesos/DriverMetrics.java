package com.amazonaws.ecs.mesos;

import com.amazonaws.ecs.mesos.internal.metrics.LatencyHistogram;
import java.util.Map;

/**
 * What an {@link ECSSchedulerDriver} has done so far, as counted when {@link ECSSchedulerDriver#metrics()}
 * was called: the figures an operator watches without a metrics library forced on the host. Counters only
 * grow over the driver's life; feed them to any metrics system (a Micrometer binding is in the
 * {@code amazon-ecs-scheduler-driver-micrometer} module).
 *
 * <p>ECS calls are counted per attempt: a call retried twice after throttling counts one {@code ok} and two
 * {@code throttled}. Outcomes: {@code ok}, {@code throttled}, {@code server_error}, {@code no_answer},
 * {@code rejected} (ECS refused the request, 4xx), {@code cluster_not_found}, {@code other}.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class DriverMetrics {
  private final Map<String, Map<String, Long>> ecsCalls;
  private final long retries;
  private final long offersMade;
  private final long offersDeclined;
  private final long offersRescinded;
  private final long offersAccepted;
  private final long tasksLaunched;
  private final Map<String, Long> statusUpdates;
  private final Map<String, Integer> tasksByState;
  private final long[] statusLatency;
  private final int loopQueueDepth;
  private final long[] offerUse;
  private final long eventsApplied;
  private final long eventsDropped;
  private final boolean statusFromEvents;

  /** Snapshots come from {@link ECSSchedulerDriver#metrics()}; public for bindings' tests. */
  public DriverMetrics(Map<String, Map<String, Long>> ecsCalls, long retries, long offersMade, long offersDeclined,
      long offersRescinded, long offersAccepted, long tasksLaunched, Map<String, Long> statusUpdates,
      Map<String, Integer> tasksByState, long[] statusLatencyCounts, int loopQueueDepth) {
    this(ecsCalls, retries, offersMade, offersDeclined, offersRescinded, offersAccepted, tasksLaunched, statusUpdates,
        tasksByState, statusLatencyCounts, loopQueueDepth, new long[0]);
  }

  /** As above, with the counts of {@link #offerUseMillis}. */
  public DriverMetrics(Map<String, Map<String, Long>> ecsCalls, long retries, long offersMade, long offersDeclined,
      long offersRescinded, long offersAccepted, long tasksLaunched, Map<String, Long> statusUpdates,
      Map<String, Integer> tasksByState, long[] statusLatencyCounts, int loopQueueDepth, long[] offerUseCounts) {
    this(ecsCalls, retries, offersMade, offersDeclined, offersRescinded, offersAccepted, tasksLaunched, statusUpdates,
        tasksByState, statusLatencyCounts, loopQueueDepth, offerUseCounts, 0, 0, false);
  }

  /** As above, with the ECS events figures ({@link #eventsApplied()}, ...). */
  public DriverMetrics(Map<String, Map<String, Long>> ecsCalls, long retries, long offersMade, long offersDeclined,
      long offersRescinded, long offersAccepted, long tasksLaunched, Map<String, Long> statusUpdates,
      Map<String, Integer> tasksByState, long[] statusLatencyCounts, int loopQueueDepth, long[] offerUseCounts,
      long eventsApplied, long eventsDropped, boolean statusFromEvents) {
    this.eventsApplied = eventsApplied;
    this.eventsDropped = eventsDropped;
    this.statusFromEvents = statusFromEvents;
    this.ecsCalls = ecsCalls;
    this.retries = retries;
    this.offersMade = offersMade;
    this.offersDeclined = offersDeclined;
    this.offersRescinded = offersRescinded;
    this.offersAccepted = offersAccepted;
    this.tasksLaunched = tasksLaunched;
    this.statusUpdates = statusUpdates;
    this.tasksByState = tasksByState;
    this.statusLatency = statusLatencyCounts.clone();
    this.loopQueueDepth = loopQueueDepth;
    this.offerUse = offerUseCounts.clone();
  }

  /** ECS and EC2 call attempts by action ({@code StartTask}, {@code DescribeTasks}, ...) and outcome. */
  public Map<String, Map<String, Long>> ecsCalls() {
    return ecsCalls;
  }

  /** All call attempts of {@code action}, whatever their outcome. */
  public long ecsCalls(String action) {
    Map<String, Long> byOutcome = ecsCalls.get(action);
    long n = 0;
    if (byOutcome != null) {
      for (long c : byOutcome.values()) {
        n += c;
      }
    }
    return n;
  }

  /** All call attempts, every action and outcome. */
  public long ecsCallsTotal() {
    long n = 0;
    for (String action : ecsCalls.keySet()) {
      n += ecsCalls(action);
    }
    return n;
  }

  /** Call attempts of every action that ECS refused with a throttling error. */
  public long throttled() {
    long n = 0;
    for (Map<String, Long> byOutcome : ecsCalls.values()) {
      Long t = byOutcome.get("throttled");
      n += t == null ? 0 : t;
    }
    return n;
  }

  /** Attempts made again after a failure (throttling, 5xx, no answer). */
  public long retries() {
    return retries;
  }

  /** Offers sent to the framework in {@code resourceOffers}. */
  public long offersMade() {
    return offersMade;
  }

  /** Offers the framework declined (declineOffer, or accepted with no operation). */
  public long offersDeclined() {
    return offersDeclined;
  }

  /** Offers withdrawn with {@code offerRescinded}. */
  public long offersRescinded() {
    return offersRescinded;
  }

  /** Offers used by an accepted launch. */
  public long offersAccepted() {
    return offersAccepted;
  }

  /** Tasks the driver sent to ECS with StartTask. */
  public long tasksLaunched() {
    return tasksLaunched;
  }

  /**
   * Status updates by state ({@code TASK_RUNNING}, ...): one per state change of a task, including the
   * master's updates for tasks refused at launch (TASK_ERROR, TASK_DROPPED); resends and reconciliation
   * answers are not counted.
   */
  public Map<String, Long> statusUpdates() {
    return statusUpdates;
  }

  /**
   * The framework's live tasks by latest state ({@code TASK_STAGING} before any update), as counted at the
   * last status sweep (every poll interval).
   */
  public Map<String, Integer> tasksByState() {
    return tasksByState;
  }

  /** How many status updates have a latency recorded (those reporting a change ECS timestamped). */
  public long statusLatencyCount() {
    long n = 0;
    for (long c : statusLatency) {
      n += c;
    }
    return n;
  }

  /**
   * Status latency at quantile {@code q} (0..1), in milliseconds, within 1/16 of the value; -1 when none.
   * Latency runs from ECS's timestamp of a change ({@code startedAt}, {@code stoppedAt}) to the driver's
   * update for it, so it includes the wait for the next status sweep and depends on the clocks agreeing.
   */
  public double statusLatencyMillis(double q) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("quantile must be within 0..1, got " + q);
    }
    return LatencyHistogram.quantile(statusLatency, q);
  }

  /**
   * Offer use at quantile {@code q} (0..1), in milliseconds, within 1/16 of the value; -1 when no offer was used.
   * It runs from the moment an offer is made to the moment the framework's accept launching tasks from it
   * reaches the driver's loop (or the master's): the framework's think time, plus, through a master, the HTTP
   * path both ways.
   */
  public double offerUseMillis(double q) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("quantile must be within 0..1, got " + q);
    }
    return LatencyHistogram.quantile(offerUse, q);
  }

  /** Commands waiting for the driver's loop thread when the snapshot was taken: a loop that falls behind. */
  public int loopQueueDepth() {
    return loopQueueDepth;
  }

  /** ECS events of the events queue applied to a task or an agent (0 without an events queue). */
  public long eventsApplied() {
    return eventsApplied;
  }

  /** ECS events dropped: other clusters', other schedulers' tasks, unreadable messages. */
  public long eventsDropped() {
    return eventsDropped;
  }

  /**
   * Whether task status comes from ECS events now; false without an events queue, before the first event, and
   * while the queue cannot be read or stays silent (the driver then polls every live task).
   */
  public boolean statusFromEvents() {
    return statusFromEvents;
  }

  @Override
  public String toString() {
    return "DriverMetrics{ecsCalls=" + ecsCalls + ", retries=" + retries + ", offersMade=" + offersMade
        + ", offersDeclined=" + offersDeclined + ", offersRescinded=" + offersRescinded + ", offersAccepted="
        + offersAccepted + ", tasksLaunched=" + tasksLaunched + ", statusUpdates=" + statusUpdates
        + ", tasksByState=" + tasksByState + ", statusLatencyP50=" + statusLatencyMillis(0.5)
        + ", statusLatencyP99=" + statusLatencyMillis(0.99) + ", loopQueueDepth=" + loopQueueDepth
        + ", eventsApplied=" + eventsApplied + ", eventsDropped=" + eventsDropped + ", statusFromEvents="
        + statusFromEvents + "}";
  }
}
