package com.amazonaws.ecs.mesos.internal.process;

import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.loop.Callbacks;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.loop.Lifecycle;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsJmx;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.offers.OfferBook;
import com.amazonaws.ecs.mesos.internal.offers.OfferCycle;
import com.amazonaws.ecs.mesos.internal.tasks.Launcher;
import com.amazonaws.ecs.mesos.internal.tasks.Reconciler;
import com.amazonaws.ecs.mesos.internal.tasks.Recovery;
import com.amazonaws.ecs.mesos.internal.tasks.StatusUpdates;
import com.amazonaws.ecs.mesos.internal.tasks.TaskBook;
import com.amazonaws.ecs.mesos.internal.tasks.TaskMonitor;
import com.amazonaws.ecs.mesos.internal.tasks.Teardown;
import com.amazonaws.ecs.mesos.internal.tasks.TrackedTask;
import com.amazonaws.ecs.mesos.internal.translate.TaskDefinitionSynthesis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor behind {@code ECSSchedulerDriver}: every command the facade posts and every ECS result runs
 * here, on the loop thread, one at a time. It owns the books (agents, offers, tasks), wires the parts that
 * act on them, and keeps the driver's own life: registration, the periodic sweeps, the connection to ECS
 * (disconnected after an outage, reregistered when ECS answers again), and the end ({@code stop}: a
 * {@link Teardown} without failover; {@code abort}: everything released at once).
 *
 * <p>Start: build the ECS client (on an I/O thread: credential and region chains may be slow), check the
 * cluster ({@code DescribeClusters}; missing → {@code error()}), describe the instances, recover the
 * framework's tasks if it brought its ID, then {@code registered()}, the recovered tasks' updates, and the
 * first offers.
 */
public final class DriverProcess implements EcsHealth {
  private static final Logger LOG = LoggerFactory.getLogger(DriverProcess.class);
  public static final String MESOS_VERSION = "1.11.0";
  private static final long MAX_START_BACKOFF_MILLIS = 30_000;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final DriverConfig config;
  private final Lifecycle lifecycle;
  private final String threadPrefix;
  private final DriverLoop loop;
  private final Callbacks callbacks;
  private final FrameworkState framework;
  private final AgentBook agents;
  private final OfferBook offers;
  private final TaskBook tasks;
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final List<Runnable> deferred = new ArrayList<>();
  private final AtomicBoolean abortedTeardownStarted = new AtomicBoolean();

  private EcsConnection connection;
  private EcsGateway gateway;
  private String clusterArn;
  private StatusUpdates updates;
  private TaskMonitor monitor;
  private Launcher launcher;
  private Reconciler reconciler;
  private OfferCycle offerCycle;
  private AgentSweeps sweeps;
  private Protos.MasterInfo masterInfo;
  private boolean registered;
  private boolean connected;
  private Long failingSinceMillis;
  private volatile MetricsJmx.Registration jmx;
  private boolean shuttingDown;
  private boolean warnedFrameworkMessage;
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
    this.framework = new FrameworkState(config.framework);
    this.agents = new AgentBook(config.agentDisconnectTimeout.toMillis(), loop);
    this.offers = new OfferBook(Long.toHexString(new Random(config.seed).nextLong() & 0xFFFFFFFFL),
        config.suppressedRoles, loop);
    this.tasks = new TaskBook(loop);
    metrics.loopQueueDepth(loop::queueDepth);
  }

  public DriverLoop loop() {
    return loop;
  }

  /** The prefix of every thread this driver runs ({@code ecs-scheduler-driver-N}). */
  public String threadPrefix() {
    return threadPrefix;
  }

  /** The driver's counters so far. Any thread. */
  public com.amazonaws.ecs.mesos.DriverMetrics metrics() {
    return metrics.snapshot();
  }

  // ---------------------------------------------------------------- commands from the facade (any thread)

  /** Starts the loop and the registration. */
  public void start() {
    if (config.jmx) {
      jmx = MetricsJmx.register(framework.info().getName(), metrics::snapshot);
    }
    loop.start();
    loop.post(this::connect);
  }

  /** Runs {@code command} on the loop once registered; dropped if the driver is no longer running. */
  public void submit(final Runnable command) {
    loop.post(() -> {
      if (!lifecycle.running() || shuttingDown) {
        return;
      }
      if (!registered) {
        deferred.add(command);
        return;
      }
      command.run();
    });
  }

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
  public void aborted() {
    loop.post(this::release);
  }

  /** Blocks until the loop has ended and any teardown after an abort is done. */
  public void awaitStopped() throws InterruptedException {
    loop.awaitTermination(Long.MAX_VALUE);
    AbortedTeardown t = abortedTeardown;
    if (t != null) {
      t.await();
    }
  }

  public void launch(final Collection<Protos.OfferID> offerIds, final Collection<Protos.Offer.Operation> operations,
      final Protos.Filters filters) {
    submit(() -> launcher.accept(offerIds, operations, filters, connected));
  }

  public void decline(final Protos.OfferID offerId, final Protos.Filters filters) {
    submit(() -> launcher.decline(offerId, filters));
  }

  public void kill(final Protos.TaskID taskId) {
    submit(() -> {
      if (!connected) {
        LOG.warn("Ignoring kill of task {}: disconnected from ECS", taskId.getValue());
        return;
      }
      if (!monitor.kill(taskId.getValue())) {
        LOG.info("Kill of unknown task {}: reconciling it", taskId.getValue());
        reconciler.reconcile(Collections.singletonList(Protos.TaskStatus.newBuilder().setTaskId(taskId)
            .setState(Protos.TaskState.TASK_LOST).build()));
      }
    });
  }

  /** {@code reviveOffers()} (roles null) or {@code reviveOffers(roles)}: filters and suppression of those roles. */
  public void revive(final Collection<String> roles) {
    submit(() -> {
      if (roles == null) {
        offers.clearRefusals();
        offers.replaceSuppressed(Collections.<String>emptySet());
      } else {
        offers.clearRefusals(roles);
        offers.revive(roles);
      }
    });
  }

  /** {@code suppressOffers()} (roles null: all of the framework's roles) or {@code suppressOffers(roles)}. */
  public void suppress(final Collection<String> roles) {
    submit(() -> offers.suppress(roles == null ? framework.roles() : roles));
  }

  public void updateFramework(final Protos.FrameworkInfo info, final Collection<String> suppressedRoles) {
    submit(() -> {
      if (info.hasId() && framework.id() != null && !info.getId().equals(framework.id())) {
        LOG.warn("updateFramework with framework ID {} differs from {}; the ID is kept", info.getId().getValue(),
            framework.id().getValue());
      }
      framework.update(info);
      offers.replaceSuppressed(suppressedRoles);
    });
  }

  public void reconcile(final Collection<Protos.TaskStatus> statuses) {
    submit(() -> {
      if (!connected) {
        LOG.info("Ignoring reconciliation of {} task(s): disconnected from ECS", statuses.size());
        return;
      }
      reconciler.reconcile(statuses);
    });
  }

  public void acknowledge(final Protos.TaskStatus status) {
    if (config.implicitAcknowledgements) {
      loop.post(() -> callbacks.error("acknowledgeStatusUpdate called although implicit acknowledgements are "
          + "enabled (construct the driver with implicitAcknowledgements = false to acknowledge explicitly)"));
      return;
    }
    if (!status.hasUuid() || !status.hasSlaveId()) {
      return; // updates without uuid need no acknowledgement (Marathon acknowledges every update)
    }
    submit(() -> updates.acknowledge(status));
  }

  public void frameworkMessage(Protos.ExecutorID executor, Protos.SlaveID agent) {
    loop.post(() -> {
      if (!warnedFrameworkMessage) {
        warnedFrameworkMessage = true;
        LOG.warn("sendFrameworkMessage to executor {} on agent {}: ECS tasks have no Mesos executor to receive "
            + "framework messages; dropped (logged once)", executor.getValue(), agent.getValue());
      }
    });
  }

  // ---------------------------------------------------------------- start and registration (loop)

  private void connect() {
    final EcsConnection building = EcsConnection.executors(threadPrefix, config.ioThreads);
    connection = building;
    loop.whenDone(CompletableFuture.supplyAsync(() -> building.open(config, metrics), building.io()),
        (built, error) -> {
          if (error != null) {
            callbacks.error("Cannot configure the ECS client: " + EcsErrors.describe(error));
            return;
          }
          if (shuttingDown) {
            return; // stopped or aborted meanwhile: finish() closed the connection
          }
          gateway = built.gateway();
          wire();
          LOG.info("Registering framework '{}' with ECS cluster {} in {} ({})", framework.info().getName(),
              gateway.cluster(), built.region(), built.endpoint());
          describeCluster(1);
        });
  }

  private void wire() {
    updates = new StatusUpdates(callbacks, loop, tasks, config.implicitAcknowledgements,
        config.statusUpdateRetryInitial.toMillis(), config.statusUpdateRetryMax.toMillis());
    monitor = new TaskMonitor(loop, gateway, tasks, agents, updates, framework, this, config.missingGrace.toMillis(),
        metrics);
    launcher = new Launcher(loop, gateway, tasks, agents, offers, monitor, updates, framework, this,
        config.defaultRefuse.toMillis(), config.defaultImage != null ? config.defaultImage
            : TaskDefinitionSynthesis.defaultImage(config.environment), metrics);
    reconciler = new Reconciler(tasks, agents, updates, framework, loop);
    offerCycle = new OfferCycle(agents, offers, tasks, connection.portRange(), config.diskPerAgentMb,
        connection.region());
    sweeps = new AgentSweeps(config, loop, gateway, agents, tasks, this, new AgentSweeps.Listener() {
      @Override
      public void changed(AgentBook.Changes changes) {
        if (registered) {
          applyChanges(changes);
        }
      }

      @Override
      public void named() {
        if (registered) {
          makeOffers();
        }
      }
    });
  }

  private void describeCluster(final int attempt) {
    loop.whenDone(gateway.describeCluster(), (cluster, error) -> {
      if (!lifecycle.running() || shuttingDown) {
        return;
      }
      if (error != null) {
        EcsErrors.Kind kind = EcsErrors.classify(error);
        String where = " in " + connection.region() + " (" + connection.endpoint() + ")";
        if (kind == EcsErrors.Kind.CLUSTER_NOT_FOUND) {
          callbacks.error("ECS cluster '" + gateway.cluster() + "' does not exist" + where + ": "
              + EcsErrors.describe(error));
        } else if (kind == EcsErrors.Kind.REJECTED || kind == EcsErrors.Kind.OTHER) {
          callbacks.error("Cannot use ECS cluster '" + gateway.cluster() + "'" + where + ": "
              + EcsErrors.describe(error));
        } else {
          LOG.warn("ECS is not answering yet ({}); trying again", EcsErrors.describe(error));
          loop.schedule(startBackoff(attempt), () -> describeCluster(attempt + 1));
        }
        return;
      }
      clusterArn = cluster.clusterArn();
      sweeps.sweep(this::recoverThenRegister);
    });
  }

  private void recoverThenRegister() {
    if (framework.id() == null) {
      framework.assignId(Protos.FrameworkID.newBuilder().setValue(UUID.randomUUID() + "-0000").build());
      register();
      return;
    }
    recover(1);
  }

  private void recover(final int attempt) {
    loop.whenDone(Recovery.fetch(gateway, framework.startedBy()), (found, error) -> {
      if (!lifecycle.running() || shuttingDown) {
        return;
      }
      if (error != null) {
        LOG.warn("Cannot list the tasks of framework {} yet ({}); trying again", framework.id().getValue(),
            EcsErrors.describe(error));
        loop.schedule(startBackoff(attempt), () -> recover(attempt + 1));
        return;
      }
      int n = Recovery.apply(found, framework, tasks, monitor, gateway, loop.nowMillis());
      LOG.info("Recovered {} task(s) of framework {} from ECS", n, framework.id().getValue());
      register();
    });
  }

  private static long startBackoff(int attempt) {
    return Math.min(MAX_START_BACKOFF_MILLIS, 500L << Math.min(attempt - 1, 10));
  }

  private void register() {
    masterInfo = connection.masterInfo(clusterArn);
    registered = true;
    connected = true;
    LOG.info("Registered framework {} with ECS cluster {}", framework.id().getValue(), clusterArn);
    if (!callbacks.registered(framework.id(), masterInfo)) {
      return;
    }
    // Updates wait for registered(): a recovered task's update must not come before it.
    updates.connected(true);
    List<Runnable> waiting = new ArrayList<>(deferred);
    deferred.clear();
    for (Runnable r : waiting) {
      if (!lifecycle.running()) {
        return;
      }
      r.run();
    }
    makeOffers();
    every(config.pollInterval.toMillis(), () -> monitor.sweep());
    every(config.offerInterval.toMillis(), this::offerTick);
    every(Math.min(1000, config.pollInterval.toMillis()), this::checkOutage);
  }

  private void every(final long periodMillis, final Runnable action) {
    loop.schedule(periodMillis, () -> {
      if (!lifecycle.running() || shuttingDown) {
        return;
      }
      action.run();
      every(periodMillis, action);
    });
  }

  // ---------------------------------------------------------------- agents and offers (loop)

  /** Mesos's allocation cycle, every offer interval: describe what changed, then offer from what is known. */
  private void offerTick() {
    sweeps.tick();
    makeOffers();
  }

  private void applyChanges(AgentBook.Changes changes) {
    for (Agent a : changes.reconnected) {
      LOG.info("Agent {} is connected again", a.id());
      monitor.agentReachable(a.id());
    }
    if (!connected || !lifecycle.running()) {
      return;
    }
    rescindStale();
    for (String lost : changes.lost) {
      LOG.warn("Agent {} is lost", lost);
      if (!callbacks.slaveLost(Protos.SlaveID.newBuilder().setValue(lost).build())) {
        return;
      }
    }
    if (!changes.lost.isEmpty()) {
      monitor.sweep();
    }
    makeOffers();
  }

  private void rescindStale() {
    for (Protos.OfferID id : offerCycle.removeStale()) {
      LOG.info("Rescinding offer {}", id.getValue());
      metrics.offerRescinded();
      if (!callbacks.offerRescinded(id)) {
        return;
      }
    }
  }

  private void makeOffers() {
    if (!connected || !lifecycle.running() || shuttingDown) {
      return;
    }
    List<Protos.Offer> made = offerCycle.makeOffers(framework.id(), framework.roles(), loop.nowMillis());
    if (!made.isEmpty()) {
      LOG.debug("Offering {} agent(s)", made.size());
      metrics.offersMade(made.size());
      callbacks.resourceOffers(made);
    }
  }

  // ---------------------------------------------------------------- connection to ECS (loop)

  @Override
  public void answered() {
    failingSinceMillis = null;
    if (registered && !connected && lifecycle.running() && !shuttingDown) {
      connected = true;
      LOG.info("ECS answers again; reregistered");
      if (!callbacks.reregistered(masterInfo)) {
        return;
      }
      updates.connected(true);
    }
  }

  @Override
  public void failed(Throwable error) {
    EcsErrors.Kind kind = EcsErrors.classify(error);
    switch (kind) {
      case SERVER_ERROR:
      case NO_ANSWER:
      case OTHER:
        if (kind == EcsErrors.Kind.OTHER && EcsErrors.unwrap(error) instanceof java.util.concurrent.CancellationException) {
          break; // the driver is stopping
        }
        if (failingSinceMillis == null) {
          failingSinceMillis = loop.nowMillis();
          LOG.warn("ECS call failed ({}); disconnected if ECS does not answer within {}", EcsErrors.describe(error),
              config.outageTimeout);
        }
        break;
      case THROTTLED:
      case REJECTED:
        answered();
        break;
      case CLUSTER_NOT_FOUND:
        if (registered) {
          callbacks.error("ECS cluster '" + gateway.cluster() + "' no longer exists: " + EcsErrors.describe(error));
        }
        break;
    }
  }

  private void checkOutage() {
    if (!connected || failingSinceMillis == null) {
      return;
    }
    long outage = loop.nowMillis() - failingSinceMillis;
    if (outage < config.outageTimeout.toMillis()) {
      return;
    }
    connected = false;
    updates.connected(false);
    int dropped = offers.clear().size();
    LOG.warn("ECS has not answered for {} ms; disconnected ({} outstanding offer(s) dropped)", outage, dropped);
    callbacks.disconnected();
  }

  // ---------------------------------------------------------------- the end (loop)

  private void shutdown(boolean failover) {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    if (sweeps != null) {
      sweeps.stop();
    }
    if (failover || gateway == null || framework.id() == null) {
      if (launcher != null) {
        launcher.close();
      }
      LOG.info("Driver stopped{}; tasks keep running", failover ? " for failover" : "");
      finish();
      return;
    }
    LOG.info("Framework {} is done: stopping its {} live task(s)", framework.id().getValue(), tasks.live().size());
    new Teardown(loop, tasks, monitor, launcher, config.teardownTimeout.toMillis(),
        TaskMonitor.KILL_REASON_PREFIX + " " + framework.info().getName() + " (framework stopped)", this::finish)
        .start();
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
    for (TrackedTask t : tasks.live()) {
      if (t.arn() != null) {
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
    if (connection != null) {
      connection.close();
    }
    loop.shutdown();
  }

  /** A command of the driver itself threw: report it to the framework rather than carry on in doubt. */
  private void bug(String what, Throwable t) {
    callbacks.error("Internal error of the ECS scheduler driver in a " + what + ": " + t);
  }
}
