package com.amazonaws.ecs.mesos.master.internal;

import com.amazonaws.ecs.mesos.internal.cluster.Cluster;
import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.session.FrameworkSession;
import com.amazonaws.ecs.mesos.internal.tasks.Recovery;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a master that was just elected (or restarted) takes over the cluster: it reads every framework's tasks from
 * ECS once, before it serves, instead of once per framework as each re-subscribes through the account's 20
 * reads/s; then, while the frameworks that were running tasks come back, it holds its offers (at most
 * {@link #HOLD_MILLIS}), so that the first one back is not offered the whole cluster while the others wait for
 * what it declines; and each framework reads its first offers before the hundreds of recovered tasks' states.
 * Loop thread, but for construction.
 */
final class Takeover {
  private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);
  /**
   * How long offers wait for the frameworks that ran tasks to re-subscribe (the drivers look up the new leader with
   * a backoff capped at 1 s). A Mesos master's allocator, too, has nothing to offer after a failover until the
   * agents re-register.
   */
  static final long HOLD_MILLIS = 2_000;
  /**
   * The read is used within this time of it: later, the tasks it saw running may have stopped more than ECS's
   * hour ago and no longer be describable, so a framework that comes back that late is read afresh.
   */
  static final long FRESH_MILLIS = 60_000;

  private final DriverLoop loop;
  private final Cluster cluster;
  /** What the read found of each framework not yet re-subscribed, by {@code startedBy}; null when not usable. */
  private Map<String, Recovery.Found> read;
  private long readAtMillis;
  /** The frameworks with running tasks that have not re-subscribed yet, by {@code startedBy}; null: none awaited. */
  private Set<String> awaited;
  /** Frameworks registered while offers are held, with what releases their updates. */
  private final List<Runnable> updatesHeld = new ArrayList<>();

  Takeover(DriverLoop loop, Cluster cluster) {
    this.loop = loop;
    this.cluster = cluster;
  }

  /** Reads ECS; the future completes, never exceptionally, once the master may serve. */
  CompletableFuture<Void> read() {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final long began = loop.nowMillis();
    loop.whenDone(Recovery.fetchAll(cluster.gateway()), (byFramework, error) -> {
      if (error != null) {
        // No reason not to serve: each framework's tasks are then read as it subscribes, with retries.
        LOG.warn("Cannot read the frameworks' tasks from ECS yet ({}); each framework's are read as it subscribes",
            EcsErrors.describe(error));
      } else {
        read = byFramework;
        readAtMillis = loop.nowMillis();
        Set<String> running = Recovery.withLiveTasks(byFramework);
        if (!running.isEmpty()) {
          awaited = running;
          cluster.holdOffers(readAtMillis + HOLD_MILLIS);
          loop.schedule(HOLD_MILLIS, this::allBack);
        }
        LOG.info("Read {} task(s) of {} framework(s) from ECS in {} ms{}", Recovery.count(byFramework),
            byFramework.size(), readAtMillis - began, running.isEmpty() ? "" : "; offers wait until the "
            + running.size() + " with running tasks have re-subscribed (at most " + HOLD_MILLIS + " ms)");
      }
      done.complete(null);
    });
    return done;
  }

  /**
   * What the read found of the framework {@code id} that re-subscribes, once (later subscriptions read ECS afresh)
   * and only while recent; null otherwise.
   */
  Recovery.Found of(String frameworkId) {
    String startedBy = FrameworkTags.startedBy(frameworkId);
    if (read == null || loop.nowMillis() - readAtMillis > FRESH_MILLIS) {
      read = null;
      return null;
    }
    Recovery.Found found = read.remove(startedBy);
    if (awaited != null && awaited.remove(startedBy) && awaited.isEmpty()) {
      loop.post(this::allBack); // after this framework's registration, so that its first offers come with the others'
    }
    return found != null ? found : Recovery.Found.of(java.util.Collections.<Task>emptyList());
  }

  /**
   * Registers a framework: SUBSCRIBED, then offers, then the updates that waited. While offers are held, its
   * updates wait with them, and go when they do if {@code stillSubscribed} (the framework was not torn down or
   * replaced meanwhile).
   */
  void register(final FrameworkSession session, Protos.MasterInfo master, final BooleanSupplier stillSubscribed) {
    if (awaited == null) {
      session.register(master, cluster::allocate);
    } else if (session.registerHoldingUpdates(master)) {
      updatesHeld.add(() -> {
        if (stillSubscribed.getAsBoolean()) {
          session.releaseUpdates();
        }
      });
    }
  }

  /** Every framework with running tasks re-subscribed, or the hold is over: offers go out, then updates. */
  private void allBack() {
    if (awaited == null) {
      return;
    }
    awaited = null;
    cluster.releaseOffers();
    for (Runnable release : updatesHeld) {
      release.run();
    }
    updatesHeld.clear();
  }
}
