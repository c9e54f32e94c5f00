package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stop(false)}: the framework is done, so every task it has on ECS is stopped before the driver
 * reports stopped ({@code join()} returns).
 *
 * <p>No StartTask leaves the driver from the start of the teardown: calls waiting for a token are dropped
 * and their tasks forgotten (they never reached ECS). Every live task ECS has gets a {@code StopTask}, which
 * goes before anything else of ECS's modify bucket (40 per second); a StartTask already on the wire is
 * followed by a StopTask once it returns; a failed StopTask is sent again. It ends when ECS has accepted a
 * StopTask for every task, however many there are (at ECS's rate, 1,000 tasks need at least 22 s), or when
 * {@code noProgressMillis} pass without one more task stopped (ECS unreachable, calls refused): then every
 * task left is logged with its ECS task ARN, agent and why.
 */
public final class Teardown {
  private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);
  private static final long TICK_MILLIS = 50;
  private static final long RETRY_MILLIS = 1000;

  private final DriverLoop loop;
  private final TaskBook tasks;
  private final TaskMonitor monitor;
  private final Launcher launcher;
  private final long noProgressMillis;
  private final String reason;
  private final Runnable done;
  private final Map<TrackedTask, Long> retryAt = new HashMap<>();
  private long startedMillis;
  private long lastProgressMillis;
  private int outstanding = Integer.MAX_VALUE;

  /**
   * @param noProgressMillis how long the teardown goes on while no further task is stopped
   * @param reason the StopTask reason
   * @param done run on the loop when the teardown has ended
   */
  public Teardown(DriverLoop loop, TaskBook tasks, TaskMonitor monitor, Launcher launcher, long noProgressMillis,
      String reason, Runnable done) {
    this.loop = loop;
    this.tasks = tasks;
    this.monitor = monitor;
    this.launcher = launcher;
    this.noProgressMillis = noProgressMillis;
    this.reason = reason;
    this.done = done;
  }

  /** Closes launches and starts stopping. Loop thread. */
  public void start() {
    startedMillis = loop.nowMillis();
    lastProgressMillis = startedMillis;
    launcher.close();
    tick();
  }

  private void tick() {
    long now = loop.nowMillis();
    List<TrackedTask> left = new ArrayList<>();
    for (TrackedTask t : tasks.live()) {
      if (t.stopConfirmed()) {
        continue;
      }
      left.add(t);
      boolean onEcs = t.phase() == TrackedTask.Phase.STARTED && t.arn() != null;
      if (!onEcs || t.stopInFlight()) {
        t.killRequested(true); // stopped as soon as its StartTask returns
        continue;
      }
      Long due = t.stopError() == null ? null : retryAt.get(t);
      if (t.stopError() != null && due == null) {
        retryAt.put(t, now + RETRY_MILLIS);
      } else if (due == null || now >= due) {
        retryAt.remove(t);
        monitor.stopForTeardown(t, reason);
      }
    }
    if (left.size() < outstanding) {
      outstanding = left.size();
      lastProgressMillis = now;
    }
    if (left.isEmpty()) {
      LOG.info("Teardown done in {} ms: every task of the framework was stopped{}", now - startedMillis,
          abandonedSuffix());
      done.run();
      return;
    }
    if (now - lastProgressMillis >= noProgressMillis) {
      report(left, now);
      done.run();
      return;
    }
    loop.schedule(TICK_MILLIS, this::tick);
  }

  private String abandonedSuffix() {
    List<String> abandoned = launcher.abandoned();
    return abandoned.isEmpty() ? "" : "; the outcome of " + abandoned.size() + " StartTask call(s) stayed unknown: "
        + abandoned;
  }

  private void report(List<TrackedTask> left, long now) {
    LOG.warn("Teardown gave up after {} ms, {} ms without a further task stopped: {} task(s) may still run on ECS{}",
        now - startedMillis, now - lastProgressMillis, left.size(), abandonedSuffix());
    for (TrackedTask t : left) {
      String why;
      if (t.arn() == null) {
        why = t.phase() == TrackedTask.Phase.STARTING ? "its StartTask's outcome is not known yet"
            : "it was not sent to ECS yet";
      } else if (t.stopError() != null) {
        why = "StopTask failed: " + t.stopError();
      } else {
        why = t.stopInFlight() ? "its StopTask got no answer" : "no StopTask was sent";
      }
      LOG.warn("Left running: task {} (ECS {}, agent {}): {}", t.idValue(), t.arn() == null ? "-" : t.arn(),
          t.agentId(), why);
    }
  }
}
