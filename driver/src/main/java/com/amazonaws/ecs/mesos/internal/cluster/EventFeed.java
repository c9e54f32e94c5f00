package com.amazonaws.ecs.mesos.internal.cluster;

import com.amazonaws.ecs.mesos.internal.events.EcsEvent;
import com.amazonaws.ecs.mesos.internal.events.EventQueue;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.session.FrameworkSession;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ECS events on the loop: applies each batch the {@link EventQueue} read (task events to the session whose
 * task it is, instance events to the agent sweeps), then has the queue delete it; and decides whether the
 * events flow, which sets how the cluster polls.
 *
 * <p>Events are trusted only once proven: polling stays as without events until the first event of the
 * cluster arrives. They stop being trusted, and full polling resumes with a log line, when the queue cannot
 * be read for the outage timeout, or when it has been silent for an events check interval while
 * descriptions found changes that no event brought. They are trusted again when an event of the cluster
 * arrives.
 */
final class EventFeed {
  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

  /** Where applied events go; on the loop. */
  interface Sink {
    List<FrameworkSession> sessions();

    void instanceEvent(EcsEvent event);
  }

  private final DriverLoop loop;
  private final EventQueue queue;
  private final String clusterArn;
  private final long checkIntervalMillis;
  private final long unreachableMillis;
  private final Sink sink;
  private final MetricsRecorder metrics;
  private boolean flowing;
  private boolean everFlowed;
  private long lastEventMillis;
  private Long failingSinceMillis;
  /** Changes that descriptions found and no event brought since the last event of the cluster arrived. */
  private int changesFoundSinceLastEvent;
  private String lastError;
  private boolean closed;
  /**
   * Events of tasks no session knows yet, by ARN (the newest of each): a task's first events can come before the
   * answer of the RunTask that started it, and are applied when that answer names the task. Bounded: most
   * unknown tasks are other schedulers', whose events only pass through.
   */
  private final java.util.LinkedHashMap<String, EcsEvent> early = new java.util.LinkedHashMap<String, EcsEvent>(
      16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, EcsEvent> eldest) {
      return size() > MAX_EARLY;
    }
  };
  static final int MAX_EARLY = 10_000;

  /**
   * @param unreachableMillis how long the queue may fail to answer before status comes from polling again (the
   *     driver's outage timeout: the patience it has with ECS itself)
   */
  EventFeed(DriverLoop loop, EventQueue queue, String clusterArn, long checkIntervalMillis, long unreachableMillis,
      Sink sink, MetricsRecorder metrics) {
    this.unreachableMillis = unreachableMillis;
    this.metrics = metrics;
    this.loop = loop;
    this.queue = queue;
    this.clusterArn = clusterArn;
    this.checkIntervalMillis = checkIntervalMillis;
    this.sink = sink;
  }

  /** Starts reading the queue; status is polled until the first event of the cluster arrives. */
  void start() {
    LOG.info("Reading ECS events of {} from {}; polling until the first event arrives", clusterArn,
        queue.queueUrl());
    queue.start(new EventQueue.Listener() {
      @Override
      public void received(final List<EventQueue.Received> batch) {
        loop.post(() -> apply(batch));
      }

      @Override
      public void empty() {
        loop.post(() -> reachable());
      }

      @Override
      public void failed(final Throwable error) {
        loop.post(() -> failing(error));
      }
    });
  }

  /** Whether events are trusted for status now (else every live task is polled every poll interval). */
  boolean flowing() {
    return flowing && !closed;
  }

  private void apply(List<EventQueue.Received> batch) {
    if (closed) {
      return;
    }
    reachable();
    boolean ours = false;
    for (EventQueue.Received r : batch) {
      EcsEvent e = r.event();
      if (e == null || (e.clusterArn() != null && !e.clusterArn().equals(clusterArn))) {
        metrics.eventDropped();
        continue;
      }
      ours = true;
      if (e.kind() == EcsEvent.Kind.INSTANCE) {
        sink.instanceEvent(e);
        metrics.eventApplied();
      } else if (applyTask(e)) {
        metrics.eventApplied();
      } else {
        // Another scheduler's task, or one whose RunTask has not answered yet: kept in case it is the latter.
        EcsEvent known = early.remove(e.arn());
        early.put(e.arn(), known != null && known.version() > e.version() ? known : e);
        metrics.eventDropped();
      }
    }
    if (ours) {
      lastEventMillis = loop.nowMillis();
      changesFoundSinceLastEvent = 0;
      if (!flowing) {
        flowing = true;
        metrics.statusFromEvents(true);
        LOG.info(everFlowed ? "ECS events flow again from {}: live tasks are described every {} ms, not polled"
            : "ECS events flow from {}: live tasks are described every {} ms, not polled",
            queue.queueUrl(), checkIntervalMillis);
        everFlowed = true;
      }
    }
    queue.delete(batch);
  }

  /** The newest event of a task that came before the task was known, once (null if none). */
  EcsEvent takeEarly(String taskArn) {
    return early.remove(taskArn);
  }

  private boolean applyTask(EcsEvent e) {
    for (FrameworkSession s : sink.sessions()) {
      if (s.taskEvent(e)) {
        return true;
      }
    }
    return false;
  }

  private void reachable() {
    if (failingSinceMillis != null) {
      LOG.info("The events queue {} answers again", queue.queueUrl());
    }
    failingSinceMillis = null;
  }

  private void failing(Throwable error) {
    if (failingSinceMillis == null) {
      failingSinceMillis = loop.nowMillis();
      LOG.warn("Reading the events queue {} failed: {}", queue.queueUrl(), error.toString());
    }
    lastError = error.toString();
  }

  /**
   * Every poll interval: falls back to polling when the queue has not answered for the outage timeout,
   * or has been silent for a check interval while descriptions found changes no event brought
   * ({@code changesFound} since the last check).
   */
  void check(int changesFound) {
    if (!flowing || closed) {
      return;
    }
    changesFoundSinceLastEvent += changesFound;
    long now = loop.nowMillis();
    if (failingSinceMillis != null && now - failingSinceMillis >= unreachableMillis) {
      flowing = false;
      metrics.statusFromEvents(false);
      LOG.warn("The events queue {} has not answered for {} ms ({}): polling every live task until events flow "
          + "again", queue.queueUrl(), now - failingSinceMillis, lastError);
    } else if (changesFoundSinceLastEvent > 0 && now - lastEventMillis >= checkIntervalMillis) {
      flowing = false;
      metrics.statusFromEvents(false);
      LOG.warn("No ECS event has arrived from {} for {} ms while {} task change(s) were found by describing: "
          + "polling every live task until events flow again", queue.queueUrl(), now - lastEventMillis,
          changesFoundSinceLastEvent);
    }
  }

  /** Stops reading (the queue is closed with the connection). */
  void close() {
    closed = true;
    metrics.statusFromEvents(false);
  }
}
