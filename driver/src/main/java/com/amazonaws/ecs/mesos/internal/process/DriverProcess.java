package com.amazonaws.ecs.mesos.internal.process;

import com.amazonaws.ecs.mesos.internal.cluster.Cluster;
import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.Lifecycle;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsJmx;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.session.FrameworkSession;
import com.amazonaws.ecs.mesos.internal.tasks.TaskMonitor;
import com.amazonaws.ecs.mesos.internal.tasks.TrackedTask;
import com.amazonaws.ecs.mesos.internal.translate.TaskDefinitionSynthesis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded driver behind {@code ECSSchedulerDriver}: one {@link Cluster} with one
 * {@link FrameworkSession}, whose events are the framework's {@link Scheduler} callbacks. Every command
 * the facade posts and every ECS result runs on the loop thread, one at a time.
 *
 * <p>This class keeps what only the embedded driver has: the driver's {@code Protos.Status}, commands made
 * before registration (they wait for it), the JMX registration, and the end: {@code stop(false)} tears the
 * framework down, {@code stop(true)} leaves its tasks running, an abort releases everything at once.
 */
public final class DriverProcess implements DriverBackend {
  private static final Logger LOG = LoggerFactory.getLogger(DriverProcess.class);
  public static final String MESOS_VERSION = "1.11.0";
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final DriverConfig config;
  private final Lifecycle lifecycle;
  private final String threadPrefix;
  private final DriverLoop loop;
  private final Callbacks callbacks;
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final Cluster cluster;
  private final List<Runnable> deferred = new ArrayList<>();
  private final AtomicBoolean abortedTeardownStarted = new AtomicBoolean();

  private FrameworkSession session;
  private boolean registered;
  private volatile MetricsJmx.Registration jmx;
  private boolean shuttingDown;
  /** Set once an abort released everything; from then on only {@link AbortedTeardown} may act. */
  private volatile boolean released;
  private volatile boolean teardownRequested;
  private volatile List<AbortedTeardown.LiveTask> liveAtAbort = Collections.emptyList();
  private volatile AbortedTeardown abortedTeardown;

  public DriverProcess(DriverConfig config, Scheduler scheduler, SchedulerDriver driver, Lifecycle lifecycle) {
    this.config = config;
    this.lifecycle = lifecycle;
    this.threadPrefix = "ecs-scheduler-driver-" + INSTANCES.incrementAndGet();
    this.loop = new DriverLoop(threadPrefix, config.clock, this::bug);
    this.callbacks = new Callbacks(scheduler, driver, lifecycle, this::aborted);
    this.cluster = new Cluster(config, loop, threadPrefix, metrics, 0);
    metrics.loopQueueDepth(loop::queueDepth);
  }

  @Override
  public boolean inLoop() {
    return loop.inLoop();
  }

  /** The driver's counters so far. Any thread. */
  @Override
  public com.amazonaws.ecs.mesos.DriverMetrics metrics() {
    return metrics.snapshot();
  }

  // ---------------------------------------------------------------- commands from the facade (any thread)

  /** Starts the loop and the registration. */
  @Override
  public void start() {
    if (config.jmx) {
      jmx = MetricsJmx.register(config.framework.getName(), metrics::snapshot);
    }
    loop.start();
    loop.post(() -> cluster.start(new Cluster.Listener() {
      @Override
      public void ready() {
        if (!lifecycle.running() || shuttingDown) {
          return;
        }
        open();
      }

      @Override
      public void failed(String message) {
        callbacks.error(message);
      }

      @Override
      public void lost(String message) {
        if (registered) {
          callbacks.error(message);
        }
      }
    }));
  }

  /** Runs {@code command} with the session once registered; dropped if the driver is no longer running. */
  private void submit(final SessionCommand command) {
    loop.post(() -> {
      if (!lifecycle.running() || shuttingDown) {
        return;
      }
      if (!registered) {
        deferred.add(() -> command.run(session));
        return;
      }
      command.run(session);
    });
  }

  /** A command of the facade, run on the loop with the framework's session. */
  private interface SessionCommand {
    void run(FrameworkSession s);
  }

  @Override
  public void stop(final boolean failover) {
    if (!failover) {
      teardownRequested = true;
    }
    if (released) {
      startAbortedTeardownIfRequested();
      return;
    }
    loop.post(() -> shutdown(failover));
  }

  /** The driver was aborted (by the framework, a throwing callback or an error): release everything. */
  @Override
  public void aborted() {
    loop.post(this::release);
  }

  /** Blocks until the loop has ended and any teardown after an abort is done. */
  @Override
  public void awaitStopped() throws InterruptedException {
    loop.awaitTermination(Long.MAX_VALUE);
    AbortedTeardown t = abortedTeardown;
    if (t != null) {
      t.await();
    }
  }

  @Override
  public void launch(final Collection<Protos.OfferID> offerIds, final Collection<Protos.Offer.Operation> operations,
      final Protos.Filters filters) {
    submit(s -> s.accept(offerIds, operations, filters));
  }

  @Override
  public void decline(final Protos.OfferID offerId, final Protos.Filters filters) {
    submit(s -> s.decline(offerId, filters));
  }

  @Override
  public void kill(final Protos.TaskID taskId) {
    submit(s -> s.kill(taskId));
  }

  /** {@code reviveOffers()} (roles null) or {@code reviveOffers(roles)}. */
  @Override
  public void revive(final Collection<String> roles) {
    submit(s -> s.revive(roles));
  }

  /** {@code suppressOffers()} (roles null: all of the framework's roles) or {@code suppressOffers(roles)}. */
  @Override
  public void suppress(final Collection<String> roles) {
    submit(s -> s.suppress(roles));
  }

  @Override
  public void updateFramework(final Protos.FrameworkInfo info, final Collection<String> suppressedRoles) {
    submit(s -> s.updateFramework(info, suppressedRoles));
  }

  @Override
  public void reconcile(final Collection<Protos.TaskStatus> statuses) {
    submit(s -> s.reconcile(statuses));
  }

  @Override
  public void acknowledge(final Protos.TaskStatus status) {
    submit(s -> s.acknowledge(status));
  }
  @Override
  public void misuse(final String message) {
    loop.post(() -> callbacks.error(message));
  }


  @Override
  public void frameworkMessage(final Protos.ExecutorID executor, final Protos.SlaveID agent, byte[] data) {
    submit(s -> s.frameworkMessage(executor, agent));
  }

  // ---------------------------------------------------------------- registration (loop)

  /** The cluster is ready: the framework's session recovers its tasks if it brought its ID, then registers. */
  private void open() {
    FrameworkSession.Settings settings = new FrameworkSession.Settings(config.implicitAcknowledgements,
        config.statusUpdateRetryInitial.toMillis(), config.statusUpdateRetryMax.toMillis(),
        config.missingGrace.toMillis(), config.defaultRefuse.toMillis(),
        config.defaultImage != null ? config.defaultImage : TaskDefinitionSynthesis.defaultImage(config.environment),
        config.suppressedRoles, config.seed, config.launchCall);
    session = cluster.open(config.framework, callbacks, settings);
    session.recover(Protos.FrameworkID.newBuilder().setValue(UUID.randomUUID() + "-0000").build(), this::register);
  }

  private void register() {
    if (!lifecycle.running() || shuttingDown) {
      return;
    }
    registered = true;
    LOG.info("Registered framework {} with ECS cluster {}", session.framework().id().getValue(),
        cluster.clusterArn());
    if (!session.register(cluster.masterInfo())) {
      return;
    }
    List<Runnable> waiting = new ArrayList<>(deferred);
    deferred.clear();
    for (Runnable r : waiting) {
      if (!lifecycle.running()) {
        return;
      }
      r.run();
    }
    cluster.allocate();
  }

  // ---------------------------------------------------------------- the end (loop)

  private void shutdown(boolean failover) {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    if (failover || session == null || session.framework().id() == null) {
      if (session != null) {
        session.close();
      }
      LOG.info("Driver stopped{}; tasks keep running", failover ? " for failover" : "");
      finish();
      return;
    }
    session.teardown(config.teardownTimeout.toMillis(), this::finish);
  }

  /**
   * After an abort nothing more may reach the framework and nothing keeps running for it: the loop, the I/O
   * threads, the clients the driver built and the JMX registration go now. The tasks keep running; the live
   * ones are remembered in case {@code stop(false)} follows (Mesos's driver still tears down then).
   */
  private void release() {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    List<AbortedTeardown.LiveTask> live = new ArrayList<>();
    if (session != null) {
      for (TrackedTask t : session.liveOnEcs()) {
        live.add(new AbortedTeardown.LiveTask(t.idValue(), t.arn(), t.agentId()));
      }
    }
    liveAtAbort = live;
    LOG.info("Driver aborted: its threads and clients are released; {} task(s) keep running", live.size());
    finish();
    released = true;
    startAbortedTeardownIfRequested();
  }

  private void startAbortedTeardownIfRequested() {
    if (!teardownRequested || !abortedTeardownStarted.compareAndSet(false, true)) {
      return;
    }
    AbortedTeardown t = new AbortedTeardown(config, threadPrefix, liveAtAbort,
        TaskMonitor.KILL_REASON_PREFIX + " " + config.framework.getName() + " (framework stopped after abort)");
    abortedTeardown = t;
    t.start();
  }

  private void finish() {
    if (jmx != null) {
      jmx.unregister();
    }
    cluster.close();
    loop.shutdown();
  }

  /** A command of the driver itself threw: report it to the framework rather than carry on in doubt. */
  private void bug(String what, Throwable t) {
    callbacks.error("Internal error of the ECS scheduler driver in a " + what + ": " + t);
  }
}
