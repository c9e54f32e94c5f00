package com.amazonaws.ecs.mesos.internal.cluster;

import com.amazonaws.ecs.mesos.internal.events.EcsEvent;
import com.amazonaws.ecs.mesos.internal.events.EventQueue;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
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
 * be read for {@link #UNREACHABLE_MILLIS}, or when it has been silent for an events check interval while
 * descriptions found changes that no event brought. They are trusted again when an event of the cluster
 * arrives.
 */
final class EventFeed {
  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
  /** How long the queue may fail to answer before status comes from polling again. */
  static final long UNREACHABLE_MILLIS = 30_000;

  /** Where applied events go; on the loop. */
  interface Sink {
    List<FrameworkSession> sessions();

    void instanceEvent(EcsEvent event);
  }

  private final DriverLoop loop;
  private final EventQueue queue;
  private final String clusterArn;
  private final long checkIntervalMillis;
  private final Sink sink;
  private boolean flowing;
  private boolean everFlowed;
  private long lastEventMillis;
  private Long failingSinceMillis;
  private String lastError;
  private long applied;
  private long dropped;
  private boolean closed;

  EventFeed(DriverLoop loop, EventQueue queue, String clusterArn, long checkIntervalMillis, Sink sink) {
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

  /** Events applied to a task or an agent, and dropped (other clusters, tasks not of these frameworks, stale). */
  long applied() {
    return applied;
  }

  long dropped() {
    return dropped;
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
        dropped++;
        continue;
      }
      ours = true;
      if (e.kind() == EcsEvent.Kind.INSTANCE) {
        sink.instanceEvent(e);
        applied++;
      } else if (applyTask(e)) {
        applied++;
      } else {
        dropped++; // not a task of these frameworks (another scheduler's, or one whose launch has not returned)
      }
    }
    if (ours) {
      lastEventMillis = loop.nowMillis();
      if (!flowing) {
        flowing = true;
        LOG.info(everFlowed ? "ECS events flow again from {}: live tasks are described every {} ms, not polled"
            : "ECS events flow from {}: live tasks are described every {} ms, not polled",
            queue.queueUrl(), checkIntervalMillis);
        everFlowed = true;
      }
    }
    queue.delete(batch);
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
   * Every poll interval: falls back to polling when the queue has not answered for {@link #UNREACHABLE_MILLIS},
   * or has been silent for a check interval while descriptions found {@code changesFound} changes no event
   * brought.
   */
  void check(int changesFound) {
    if (!flowing || closed) {
      return;
    }
    long now = loop.nowMillis();
    if (failingSinceMillis != null && now - failingSinceMillis >= UNREACHABLE_MILLIS) {
      flowing = false;
      LOG.warn("The events queue {} has not answered for {} ms ({}): polling every live task until events flow "
          + "again", queue.queueUrl(), now - failingSinceMillis, lastError);
    } else if (changesFound > 0 && now - lastEventMillis >= checkIntervalMillis) {
      flowing = false;
      LOG.warn("No ECS event has arrived from {} for {} ms while {} task change(s) were found by describing: "
          + "polling every live task until events flow again", queue.queueUrl(), now - lastEventMillis,
          changesFound);
    }
  }

  /** Stops reading (the queue is closed with the connection). */
  void close() {
    closed = true;
  }
}
