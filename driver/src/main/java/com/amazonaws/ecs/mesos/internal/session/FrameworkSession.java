package com.amazonaws.ecs.mesos.internal.session;

import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.events.EcsEvent;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkSink;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.offers.AgentCommitments;
import com.amazonaws.ecs.mesos.internal.offers.Claimant;
import com.amazonaws.ecs.mesos.internal.offers.OfferBook;
import com.amazonaws.ecs.mesos.internal.tasks.Launcher;
import com.amazonaws.ecs.mesos.internal.tasks.Reconciler;
import com.amazonaws.ecs.mesos.internal.tasks.Recovery;
import com.amazonaws.ecs.mesos.internal.tasks.StatusUpdates;
import com.amazonaws.ecs.mesos.internal.tasks.TaskBook;
import com.amazonaws.ecs.mesos.internal.tasks.TaskMonitor;
import com.amazonaws.ecs.mesos.internal.tasks.TaskSweeps;
import com.amazonaws.ecs.mesos.internal.tasks.Teardown;
import com.amazonaws.ecs.mesos.internal.tasks.TrackedTask;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One framework on the cluster, on the cluster's loop: its FrameworkInfo and ID, its offers and filters
 * (OfferBook), its tasks (TaskBook), their status update streams and acknowledgements, launches, kills,
 * reconciliation, recovery from ECS after a failover, and the teardown when it is done. Its events go to
 * its {@link FrameworkSink}. The cluster's {@code Allocator} offers it resources (it is a {@link Claimant}).
 *
 * <p>The embedded driver runs one session; the master one per subscribed framework.
 */
public final class FrameworkSession implements Claimant {
  private static final Logger LOG = LoggerFactory.getLogger(FrameworkSession.class);
  private static final long MAX_RECOVERY_BACKOFF_MILLIS = 30_000;

  /** What a session is configured with (from the driver's builder, or the master's flags). */
  public static final class Settings {
    final boolean implicitAcknowledgements;
    final long statusUpdateRetryInitialMillis;
    final long statusUpdateRetryMaxMillis;
    final long missingGraceMillis;
    final long defaultRefuseMillis;
    final String defaultImage;
    final Collection<String> suppressedRoles;
    final long seed;
    final com.amazonaws.ecs.mesos.LaunchCall launchCall;

    public Settings(boolean implicitAcknowledgements, long statusUpdateRetryInitialMillis,
        long statusUpdateRetryMaxMillis, long missingGraceMillis, long defaultRefuseMillis, String defaultImage,
        Collection<String> suppressedRoles, long seed, com.amazonaws.ecs.mesos.LaunchCall launchCall) {
      this.implicitAcknowledgements = implicitAcknowledgements;
      this.statusUpdateRetryInitialMillis = statusUpdateRetryInitialMillis;
      this.statusUpdateRetryMaxMillis = statusUpdateRetryMaxMillis;
      this.missingGraceMillis = missingGraceMillis;
      this.defaultRefuseMillis = defaultRefuseMillis;
      this.defaultImage = defaultImage;
      this.suppressedRoles = suppressedRoles;
      this.seed = seed;
      this.launchCall = launchCall;
    }
  }

  private final DriverLoop loop;
  private final EcsGateway gateway;
  private final MetricsRecorder metrics;
  private final FrameworkState framework;
  private final OfferBook offers;
  private final TaskBook tasks;
  private final FrameworkSink sink;
  private final StatusUpdates updates;
  private final TaskMonitor monitor;
  private final TaskSweeps sweeps;
  private final Launcher launcher;
  private final Reconciler reconciler;
  private boolean registered;
  private boolean connected;
  private boolean closing;
  private boolean warnedFrameworkMessage;

  public FrameworkSession(DriverLoop loop, EcsGateway gateway, AgentBook agents, EcsHealth health,
      MetricsRecorder metrics, Protos.FrameworkInfo info, FrameworkSink sink, Settings settings) {
    this.loop = loop;
    this.gateway = gateway;
    this.metrics = metrics;
    this.framework = new FrameworkState(info);
    this.sink = sink;
    this.offers = new OfferBook(Long.toHexString(new Random(settings.seed).nextLong() & 0xFFFFFFFFL),
        settings.suppressedRoles, loop);
    this.tasks = new TaskBook(loop);
    this.updates = new StatusUpdates(sink, loop, tasks, settings.implicitAcknowledgements,
        settings.statusUpdateRetryInitialMillis, settings.statusUpdateRetryMaxMillis);
    this.monitor = new TaskMonitor(loop, gateway, tasks, agents, updates, framework, health, metrics);
    this.sweeps = new TaskSweeps(loop, gateway, tasks, agents, monitor, health, settings.missingGraceMillis, metrics);
    this.launcher = new Launcher(loop, gateway, tasks, agents, offers, monitor, updates, framework, health,
        settings.defaultRefuseMillis, settings.defaultImage, settings.launchCall, metrics);
    this.reconciler = new Reconciler(tasks, agents, updates, framework, loop);
  }

  public FrameworkState framework() {
    return framework;
  }

  public TaskBook tasks() {
    return tasks;
  }

  public FrameworkSink sink() {
    return sink;
  }

  public boolean registered() {
    return registered;
  }

  // ---------------------------------------------------------------- Claimant (the allocator's view)

  @Override
  public Protos.FrameworkID frameworkId() {
    return framework.id();
  }

  @Override
  public boolean offerable() {
    return registered && connected && !closing && sink.active();
  }

  @Override
  public List<String> roles() {
    return framework.roles();
  }

  @Override
  public OfferBook offers() {
    return offers;
  }

  @Override
  public AgentCommitments commitments() {
    return tasks;
  }

  @Override
  public HeldResources allocated() {
    return tasks.allocated();
  }

  @Override
  public void offer(List<Protos.Offer> made) {
    LOG.debug("Offering {} agent(s) to framework {}", made.size(), framework.id().getValue());
    metrics.offersMade(made.size());
    sink.resourceOffers(made);
  }

  @Override
  public void rescind(Protos.OfferID offer) {
    LOG.info("Rescinding offer {} of framework {}", offer.getValue(), framework.id().getValue());
    metrics.offerRescinded();
    sink.offerRescinded(offer);
  }

  // ---------------------------------------------------------------- registration

  /**
   * Rebuilds the book from ECS when the framework brought its ID (failover), then runs {@code then}; asks
   * again, backing off, while ECS cannot be asked. A framework without an ID gets {@code newId}.
   */
  public void recover(final Protos.FrameworkID newId, final Runnable then) {
    recover(newId, null, then);
  }

  /**
   * As {@link #recover(Protos.FrameworkID, Runnable)}, from {@code found} when it is not null: what a master that
   * took over read of this framework from ECS a moment ago, with every other framework's tasks.
   */
  public void recover(final Protos.FrameworkID newId, Recovery.Found found, final Runnable then) {
    if (framework.id() == null) {
      framework.assignId(newId);
      then.run();
      return;
    }
    recover(1, found == null ? null : CompletableFuture.completedFuture(found), then);
  }

  private void recover(final int attempt, CompletableFuture<Recovery.Found> read, final Runnable then) {
    loop.whenDone(read != null ? read : Recovery.fetch(gateway, framework.startedBy()), (found, error) -> {
      if (closing || !sink.active()) {
        return;
      }
      if (error != null) {
        LOG.warn("Cannot list the tasks of framework {} yet ({}); trying again", framework.id().getValue(),
            EcsErrors.describe(error));
        loop.schedule(Math.min(MAX_RECOVERY_BACKOFF_MILLIS, 500L << Math.min(attempt - 1, 10)),
            () -> recover(attempt + 1, null, then));
        return;
      }
      int n = Recovery.apply(found, framework, tasks, monitor, gateway, loop.nowMillis());
      LOG.info("Recovered {} task(s) of framework {} from ECS", n, framework.id().getValue());
      then.run();
    });
  }

  /**
   * Tells the framework it is registered, then lets the updates waiting for that go (a recovered task's
   * update must not come before it). Returns false when the sink no longer takes events.
   */
  public boolean register(Protos.MasterInfo master) {
    return register(master, null);
  }

  /**
   * As {@link #register(Protos.MasterInfo)}, running {@code beforeUpdates} (a master's allocation) between the
   * registration and the updates that waited for it. A master that took over sends each re-subscribing framework
   * the current state of every task it recovered, hundreds of them; offers sent first let the framework launch
   * again before it has read them all, as a Mesos master's offers do not wait for the agents' resent updates.
   */
  public boolean register(Protos.MasterInfo master, Runnable beforeUpdates) {
    if (!registerHoldingUpdates(master)) {
      return false;
    }
    if (beforeUpdates != null) {
      beforeUpdates.run();
    }
    updates.connected(true);
    return true;
  }

  /**
   * Tells the framework it is registered and keeps the updates that waited for it until {@link #releaseUpdates()}
   * (a master that took over holds them with its first offers). Returns false when the sink no longer takes events.
   */
  public boolean registerHoldingUpdates(Protos.MasterInfo master) {
    registered = true;
    connected = true;
    offers.clear(); // a re-subscription starts without offers, as after a Mesos failover
    return sink.registered(framework.id(), master);
  }

  /** Lets the updates held by {@link #registerHoldingUpdates} go, if the framework is still connected. */
  public void releaseUpdates() {
    if (registered && connected && sink.active()) {
      updates.connected(true);
    }
  }

  /**
   * The framework's subscription ended (its V1 stream closed): its offers are gone without a rescind, its
   * updates wait for its next subscription, its tasks run on.
   */
  public void unsubscribed() {
    offers.clear();
    updates.connected(false);
  }

  /** ECS stopped answering: Mesos's {@code disconnected()}; offers are gone, updates wait. */
  public void ecsUnreachable() {
    if (!registered || !connected) {
      return;
    }
    connected = false;
    updates.connected(false);
    offers.clear();
    sink.disconnected();
  }

  /** ECS answers again: Mesos's {@code reregistered()}; what waited is delivered. */
  public void ecsAnswersAgain(Protos.MasterInfo master) {
    if (!registered || connected || closing) {
      return;
    }
    connected = true;
    if (sink.reregistered(master)) {
      updates.connected(true);
    }
  }

  /** What a description of the agents changed: tasks of agents back are stopped if reported lost, etc. */
  public void agentsChanged(Collection<Agent> reconnected, Collection<String> lost) {
    for (Agent a : reconnected) {
      monitor.agentReachable(a.id());
    }
    if (!registered || !connected || !sink.active()) {
      return;
    }
    for (String agent : lost) {
      if (!sink.slaveLost(Protos.SlaveID.newBuilder().setValue(agent).build())) {
        return;
      }
    }
    if (!lost.isEmpty()) {
      sweeps.sweep();
    }
  }

  /** The status sweep, every poll interval (and the slow check while events flow). */
  public void pollTick() {
    sweeps.sweep();
  }

  /** While events flow, every poll interval: describes only the tasks whose events are late. */
  public void lateEventsTick(long silenceMillis) {
    sweeps.sweepSilent(silenceMillis);
  }

  /** Changes descriptions found that no event had brought, since the last call. */
  public int takeChangesFoundByDescribing() {
    return sweeps.takeChangesFoundByDescribing();
  }

  /** Where events that came before their task was known wait (see the cluster's events feed). */
  public void earlyEvents(java.util.function.Function<String, EcsEvent> take) {
    monitor.earlyEvents(take);
  }

  /** Applies an ECS event of a task; false when the task is not this framework's. */
  public boolean taskEvent(EcsEvent event) {
    TrackedTask t = tasks.byArn(event.arn());
    if (t == null) {
      return false;
    }
    monitor.observe(t, event.task()); // the task's version decides whether it is news
    return true;
  }

  // ---------------------------------------------------------------- the framework's calls

  /** {@code acceptOffers}: launches (see {@link Launcher#accept}). */
  public void accept(Collection<Protos.OfferID> offerIds, Collection<Protos.Offer.Operation> operations,
      Protos.Filters filters) {
    launcher.accept(offerIds, operations, filters, connected);
  }

  public void decline(Protos.OfferID offerId, Protos.Filters filters) {
    launcher.decline(offerId, filters);
  }

  /** {@code killTask}: a task the session does not know is reconciled instead, as Mesos's master does. */
  public void kill(Protos.TaskID taskId) {
    if (!connected) {
      LOG.warn("Ignoring kill of task {}: disconnected from ECS", taskId.getValue());
      return;
    }
    if (!monitor.kill(taskId.getValue())) {
      LOG.info("Kill of unknown task {}: reconciling it", taskId.getValue());
      reconciler.reconcile(Collections.singletonList(Protos.TaskStatus.newBuilder().setTaskId(taskId)
          .setState(Protos.TaskState.TASK_LOST).build()));
    }
  }

  /** {@code reviveOffers()} (roles null) or {@code reviveOffers(roles)}: filters and suppression of those roles. */
  public void revive(Collection<String> roles) {
    if (roles == null) {
      offers.clearRefusals();
      offers.replaceSuppressed(Collections.<String>emptySet());
    } else {
      offers.clearRefusals(roles);
      offers.revive(roles);
    }
  }

  /** {@code suppressOffers()} (roles null: all of the framework's roles) or {@code suppressOffers(roles)}. */
  public void suppress(Collection<String> roles) {
    offers.suppress(roles == null ? framework.roles() : roles);
  }

  public void updateFramework(Protos.FrameworkInfo info, Collection<String> suppressedRoles) {
    if (info.hasId() && framework.id() != null && !info.getId().equals(framework.id())) {
      LOG.warn("updateFramework with framework ID {} differs from {}; the ID is kept", info.getId().getValue(),
          framework.id().getValue());
    }
    framework.update(info);
    offers.replaceSuppressed(suppressedRoles);
  }

  public void reconcile(Collection<Protos.TaskStatus> statuses) {
    if (!connected) {
      LOG.info("Ignoring reconciliation of {} task(s): disconnected from ECS", statuses.size());
      return;
    }
    reconciler.reconcile(statuses);
  }

  /** An explicit acknowledgement (the caller has checked it carries a uuid and an agent). */
  public void acknowledge(Protos.TaskStatus status) {
    updates.acknowledge(status);
  }

  public void frameworkMessage(Protos.ExecutorID executor, Protos.SlaveID agent) {
    if (!warnedFrameworkMessage) {
      warnedFrameworkMessage = true;
      LOG.warn("sendFrameworkMessage to executor {} on agent {}: ECS tasks have no Mesos executor to receive "
          + "framework messages; dropped (logged once)", executor.getValue(), agent.getValue());
    }
  }

  // ---------------------------------------------------------------- the end

  /** The framework fails over ({@code stop(true)}, or its stream ended): nothing more is launched; tasks run on. */
  public void close() {
    closing = true;
    launcher.close();
  }

  /** The framework is done ({@code stop(false)}, TEARDOWN): every task is stopped, then {@code done} runs. */
  public void teardown(long noProgressMillis, Runnable done) {
    closing = true;
    LOG.info("Framework {} is done: stopping its {} live task(s)", framework.id().getValue(), tasks.live().size());
    new Teardown(loop, tasks, monitor, launcher, noProgressMillis,
        TaskMonitor.KILL_REASON_PREFIX + " " + framework.info().getName() + " (framework stopped)", done).start();
  }

  /** Every live task ECS has: what a teardown after an abort must stop. */
  public List<TrackedTask> liveOnEcs() {
    List<TrackedTask> out = new ArrayList<>();
    for (TrackedTask t : tasks.live()) {
      if (t.arn() != null) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "framework " + (framework.id() == null ? "(unregistered)" : framework.id().getValue()) + " ("
        + framework.info().getName() + ")";
  }
}
