package com.amazonaws.ecs.mesos.internal.metrics;

import com.amazonaws.ecs.mesos.DriverMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Where the driver counts what operators watch: ECS calls by action and outcome, retries, offers, launches,
 * status updates, status latency and the loop's backlog. Writers are the loop and the I/O threads; each
 * counter is a {@link LongAdder}, so recording never blocks and never contends on the hot path.
 */
public final class MetricsRecorder {
  /** Outcome name of an ECS call that answered. */
  public static final String OK = "ok";

  private final ConcurrentMap<String, ConcurrentMap<String, LongAdder>> calls = new ConcurrentHashMap<>();
  private final LongAdder retries = new LongAdder();
  private final LongAdder offersMade = new LongAdder();
  private final LongAdder offersDeclined = new LongAdder();
  private final LongAdder offersRescinded = new LongAdder();
  private final LongAdder offersAccepted = new LongAdder();
  private final LongAdder tasksLaunched = new LongAdder();
  private final ConcurrentMap<String, LongAdder> updates = new ConcurrentHashMap<>();
  private final LatencyHistogram statusLatency = new LatencyHistogram();
  private final LatencyHistogram offerUse = new LatencyHistogram();
  private volatile Map<String, Integer> tasksByState = Collections.emptyMap();
  private volatile IntSupplier loopQueueDepth = () -> 0;
  private final LongAdder eventsApplied = new LongAdder();
  private final LongAdder eventsDropped = new LongAdder();
  private volatile boolean statusFromEvents;

  /** One attempt of an ECS (or EC2) call ended with {@code outcome}: {@link #OK} or an error kind. */
  public void call(String action, String outcome) {
    counter(calls.computeIfAbsent(action, a -> new ConcurrentHashMap<String, LongAdder>()), outcome).increment();
  }

  private static LongAdder counter(ConcurrentMap<String, LongAdder> counters, String key) {
    return counters.computeIfAbsent(key, k -> new LongAdder());
  }

  public void retry() {
    retries.increment();
  }

  public void offersMade(int n) {
    offersMade.add(n);
  }

  public void offerDeclined() {
    offersDeclined.increment();
  }

  public void offerRescinded() {
    offersRescinded.increment();
  }

  public void offersAccepted(int n) {
    offersAccepted.add(n);
  }

  /** A task was handed to ECS's StartTask (accepted by the driver, not necessarily started yet). */
  public void taskLaunched() {
    tasksLaunched.increment();
  }

  /** A task changed state: an update of its life, or the master's for a task not launched (not resends). */
  public void update(String state) {
    counter(updates, state).increment();
  }

  /** Time from the change on ECS (ECS's own timestamp) to the update that reports it. */
  public void statusLatency(long millis) {
    statusLatency.record(millis);
  }

  /** Time from an offer being made to the framework's accept that launches tasks from it arriving. */
  public void offerUsed(long millis) {
    offerUse.record(millis);
  }

  /** The live tasks by latest state, as counted by the loop at its last status sweep. */
  public void tasksByState(Map<String, Integer> counts) {
    this.tasksByState = Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** An ECS event was applied to a task or an agent. */
  public void eventApplied() {
    eventsApplied.increment();
  }

  /** An ECS event was dropped (another cluster's, another scheduler's task, unreadable). */
  public void eventDropped() {
    eventsDropped.increment();
  }

  /** Whether task status comes from events now. */
  public void statusFromEvents(boolean fromEvents) {
    this.statusFromEvents = fromEvents;
  }

  public void loopQueueDepth(IntSupplier depth) {
    this.loopQueueDepth = depth;
  }

  /** A copy of everything counted so far. Any thread. */
  public DriverMetrics snapshot() {
    Map<String, Map<String, Long>> callCopy = new TreeMap<>();
    for (Map.Entry<String, ConcurrentMap<String, LongAdder>> e : calls.entrySet()) {
      Map<String, Long> outcomes = new TreeMap<>();
      for (Map.Entry<String, LongAdder> o : e.getValue().entrySet()) {
        outcomes.put(o.getKey(), o.getValue().sum());
      }
      callCopy.put(e.getKey(), Collections.unmodifiableMap(outcomes));
    }
    Map<String, Long> updateCopy = new LinkedHashMap<>();
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(updates).entrySet()) {
      updateCopy.put(e.getKey(), e.getValue().sum());
    }
    return new DriverMetrics(Collections.unmodifiableMap(callCopy), retries.sum(), offersMade.sum(),
        offersDeclined.sum(), offersRescinded.sum(), offersAccepted.sum(), tasksLaunched.sum(),
        Collections.unmodifiableMap(updateCopy), tasksByState, statusLatency.counts(),
        loopQueueDepth.getAsInt(), offerUse.counts(), eventsApplied.sum(), eventsDropped.sum(), statusFromEvents);
  }
}
