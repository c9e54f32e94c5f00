package com.amazonaws.ecs.mesos.internal.remote;

import com.amazonaws.ecs.mesos.DriverMetrics;
import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.Lifecycle;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.process.Callbacks;
import com.amazonaws.ecs.mesos.internal.process.DriverBackend;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The V0 driver connected to a Mesos master (an {@code ecs-mesos master}, or any Mesos 1.x master) over the V1
 * scheduler API, as libmesos's scheduler process is: SUBSCRIBED becomes {@code registered} (the first time) or
 * {@code reregistered} (after {@code disconnected}), each event its callback, each driver method its call.
 *
 * <p>Threads: the loop (state, callbacks, one at a time), one thread per subscription reading its stream, one
 * thread sending calls in the order they were made, and a timer. A stream that ends or falls silent for
 * {@value MasterConnection#MISSED_HEARTBEATS} heartbeats is a lost master: {@code disconnected()}, then subscriptions with
 * growing backoff until one succeeds. While disconnected, launches fail at once with {@code TASK_LOST}
 * ({@code TASK_DROPPED} for partition-aware frameworks), {@code REASON_MASTER_DISCONNECTED}, and other calls are
 * dropped, as libmesos does; calls made before the first registration wait for it, as the embedded driver's do.
 */
public final class RemoteProcess implements DriverBackend {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteProcess.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final DriverConfig config;
  private final Lifecycle lifecycle;
  private final String threadPrefix;
  private final DriverLoop loop;
  private final Callbacks callbacks;
  private final MetricsRecorder metrics = new MetricsRecorder();
  /** Null when the master string cannot be used ({@link #addressProblem} says why). */
  private final MasterConnection master;
  private final String addressProblem;
  /** Null with {@link #master}. */
  private final CallSender sender;
  private final ScheduledThreadPoolExecutor timer;

  // Loop-owned.
  private Protos.FrameworkInfo framework;
  private final Set<String> suppressed = new LinkedHashSet<>();
  private final List<Runnable> deferred = new ArrayList<>();
  private boolean everRegistered;
  private boolean shuttingDown;

  /**
   * @param masterUrl the master's base URL ({@link MasterAddress#remote}); null with {@code addressProblem}
   * @param credential sent as HTTP Basic authentication; null for none
   */
  /** Every master of the master string when it lists several, else {@code masterUrl}. */
  private static java.util.List<URI> masters(DriverConfig config, URI masterUrl) {
    java.util.List<URI> all = MasterAddress.isList(config.master)
        ? MasterAddress.list(config.master, config.environment, config.cluster != null || config.ecsClient != null)
        : java.util.Collections.<URI>emptyList();
    return all.isEmpty() ? java.util.Collections.singletonList(masterUrl) : all;
  }

  public RemoteProcess(DriverConfig config, URI masterUrl, String addressProblem, Protos.Credential credential,
      Scheduler scheduler, SchedulerDriver driver, Lifecycle lifecycle) {
    this.config = config;
    this.lifecycle = lifecycle;
    this.threadPrefix = "ecs-scheduler-driver-" + INSTANCES.incrementAndGet();
    this.loop = new DriverLoop(threadPrefix, java.time.Clock.systemUTC(), this::bug);
    this.callbacks = new Callbacks(scheduler, driver, lifecycle, this::aborted);
    this.addressProblem = addressProblem;
    this.timer = new ScheduledThreadPoolExecutor(1, daemon(threadPrefix + "-timer"));
    this.timer.setRemoveOnCancelPolicy(true);
    this.framework = config.framework;
    this.suppressed.addAll(config.suppressedRoles);
    this.master = masterUrl == null ? null : new MasterConnection(loop, new MasterLink(masters(config, masterUrl),
        credential), timer,
        new Random(config.seed), threadPrefix, () -> MasterCalls.subscribe(framework, suppressed), new Events());
    this.sender = master == null ? null : new CallSender(loop, master, daemon(threadPrefix + "-io"), callbacks::error);
    metrics.loopQueueDepth(loop::queueDepth);
  }

  private static ThreadFactory daemon(final String name) {
    final AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public DriverMetrics metrics() {
    return metrics.snapshot();
  }

  @Override
  public boolean inLoop() {
    return loop.inLoop();
  }

  @Override
  public void start() {
    loop.start();
    loop.post(() -> {
      if (master == null) {
        callbacks.error(addressProblem);
        return;
      }
      LOG.info("Connecting framework '{}' to the Mesos master at {}", framework.getName(), master.link().base());
      master.subscribe();
    });
  }

  // ---------------------------------------------------------------- events (loop)

  /** What the master says, as the framework's callbacks. */
  private final class Events implements MasterConnection.Listener {
    @Override
    public void subscribed(Event.Subscribed s) {
      Protos.FrameworkID id = Protos.FrameworkID.newBuilder().setValue(s.getFrameworkId().getValue()).build();
      framework = framework.toBuilder().setId(id).build();
      Protos.MasterInfo info = s.hasMasterInfo()
          ? Devolve.<Protos.MasterInfo>to(Protos.MasterInfo.newBuilder(), s.getMasterInfo())
          : Protos.MasterInfo.newBuilder().setId("unknown").setIp(0).setPort(master.link().base().getPort())
              .setHostname(master.link().base().getHost()).build();
      if (everRegistered) {
        LOG.info("Framework {} re-registered with the master at {}", id.getValue(), master.link().base());
        callbacks.reregistered(info);
        return;
      }
      everRegistered = true;
      LOG.info("Framework {} registered with the master at {}", id.getValue(), master.link().base());
      if (!callbacks.registered(id, info)) {
        return;
      }
      List<Runnable> waiting = new ArrayList<>(deferred);
      deferred.clear();
      for (Runnable r : waiting) {
        r.run();
      }
    }

    @Override
    public void event(Event e) {
      switch (e.getType()) {
        case OFFERS: {
          List<Protos.Offer> offers = new ArrayList<>();
          for (org.apache.mesos.v1.Protos.Offer o : e.getOffers().getOffersList()) {
            offers.add(Devolve.<Protos.Offer>to(Protos.Offer.newBuilder(), o));
          }
          metrics.offersMade(offers.size());
          callbacks.resourceOffers(offers);
          break;
        }
        case RESCIND:
          metrics.offerRescinded();
          callbacks.offerRescinded(Protos.OfferID.newBuilder().setValue(e.getRescind().getOfferId().getValue())
              .build());
          break;
        case UPDATE:
          update(Devolve.<Protos.TaskStatus>to(Protos.TaskStatus.newBuilder(), e.getUpdate().getStatus()));
          break;
        case MESSAGE: {
          Event.Message m = e.getMessage();
          callbacks.frameworkMessage(Protos.ExecutorID.newBuilder().setValue(m.getExecutorId().getValue()).build(),
              Protos.SlaveID.newBuilder().setValue(m.getAgentId().getValue()).build(), m.getData().toByteArray());
          break;
        }
        case FAILURE: {
          Event.Failure f = e.getFailure();
          Protos.SlaveID agent = Protos.SlaveID.newBuilder().setValue(f.getAgentId().getValue()).build();
          if (f.hasExecutorId()) {
            callbacks.executorLost(Protos.ExecutorID.newBuilder().setValue(f.getExecutorId().getValue()).build(),
                agent, f.getStatus());
          } else if (f.hasAgentId()) {
            callbacks.slaveLost(agent);
          }
          break;
        }
        case ERROR:
          LOG.error("The master sent framework {} an error: {}", framework.getId().getValue(),
              e.getError().getMessage());
          callbacks.error(e.getError().getMessage());
          break;
        case HEARTBEAT:
          break;
        default:
          LOG.debug("Ignoring a {} event: nothing in the V0 Scheduler takes it", e.getType());
      }
    }

    private void update(Protos.TaskStatus status) {
      metrics.update(status.getState().name());
      boolean delivered = callbacks.statusUpdate(status);
      // libmesos acknowledges after the callback returned, only updates with a uuid, only while running.
      if (delivered && config.implicitAcknowledgements && status.hasUuid() && status.hasSlaveId()
          && master.connected() && lifecycle.running()) {
        send(MasterCalls.acknowledge(framework.getId(), status));
      }
    }

    @Override
    public void lost(boolean wasConnected, String why) {
      if (shuttingDown) {
        return; // a TEARDOWN may be on its way, answered as the master ends the stream
      }
      sender.abandon(master.generation());
      if (wasConnected) {
        LOG.warn("Framework {} lost the master at {}: {}", framework.getId().getValue(), master.link().base(), why);
        callbacks.disconnected();
      } else {
        LOG.info("Cannot subscribe framework '{}' to the master at {} yet: {}", framework.getName(),
            master.link().base(), why);
      }
    }

    @Override
    public void refused(String message) {
      callbacks.error(message);
    }
  }

  // ---------------------------------------------------------------- calls

  /** Runs {@code send} on the loop once registered and while connected; else {@code disconnected} (or a log). */
  private void submit(final String what, final Runnable send, final Runnable disconnected) {
    loop.post(() -> whenConnected(what, send, disconnected));
  }

  private void whenConnected(String what, Runnable send, Runnable disconnected) {
    if (!lifecycle.running() || shuttingDown || master == null) {
      return;
    }
    if (!everRegistered) {
      deferred.add(() -> whenConnected(what, send, disconnected));
      return;
    }
    if (!master.connected()) {
      if (disconnected != null) {
        disconnected.run();
      } else {
        LOG.info("Ignoring {} of framework {}: the master is disconnected", what, framework.getId().getValue());
      }
      return;
    }
    send.run();
  }

  /** Sends {@code call} after every call made before it (none once stopping). Loop. */
  private void send(Call call) {
    if (!shuttingDown) {
      sender.send(call);
    }
  }

  @Override
  public void launch(final Collection<Protos.OfferID> offerIds, final Collection<Protos.Offer.Operation> operations,
      final Protos.Filters filters) {
    submit("a launch", () -> {
      int tasks = 0;
      for (Protos.Offer.Operation op : operations) {
        tasks += op.getLaunch().getTaskInfosCount() + op.getLaunchGroup().getTaskGroup().getTasksCount();
      }
      metrics.offersAccepted(offerIds.size());
      send(MasterCalls.accept(framework.getId(), offerIds, operations, filters));
      LOG.debug("Sent ACCEPT of {} offer(s) with {} task(s)", offerIds.size(), tasks);
    }, () -> lostLaunches(operations));
  }

  private void lostLaunches(Collection<Protos.Offer.Operation> operations) {
    for (Protos.TaskStatus lost : DisconnectedLaunches.statuses(framework, operations,
        System.currentTimeMillis() / 1000.0)) {
      LOG.info("Task {} of framework {} is lost: the master is disconnected", lost.getTaskId().getValue(),
          framework.getId().getValue());
      callbacks.statusUpdate(lost);
    }
  }

  @Override
  public void decline(final Protos.OfferID offerId, final Protos.Filters filters) {
    submit("a decline", () -> {
      metrics.offerDeclined();
      send(MasterCalls.decline(framework.getId(), offerId, filters));
    }, null);
  }

  @Override
  public void kill(final Protos.TaskID taskId) {
    submit("a kill of task " + taskId.getValue(), () -> send(MasterCalls.kill(framework.getId(), taskId)), null);
  }

  @Override
  public void revive(final Collection<String> roles) {
    loop.post(() -> {
      if (roles == null) {
        suppressed.clear();
      } else {
        suppressed.removeAll(roles);
      }
    });
    submit("a revive", () -> send(MasterCalls.revive(framework.getId(), roles)), null);
  }

  @Override
  public void suppress(final Collection<String> roles) {
    loop.post(() -> suppressed.addAll(roles != null ? roles : roles()));
    submit("a suppression", () -> send(MasterCalls.suppress(framework.getId(), roles)), null);
  }

  private List<String> roles() {
    List<String> roles = new ArrayList<>(framework.getRolesList());
    if (roles.isEmpty()) {
      roles.add(framework.hasRole() ? framework.getRole() : "*");
    }
    return roles;
  }

  @Override
  public void updateFramework(final Protos.FrameworkInfo info, final Collection<String> suppressedRoles) {
    loop.post(() -> {
      framework = framework.hasId() ? info.toBuilder().setId(framework.getId()).build() : info;
      suppressed.clear();
      suppressed.addAll(suppressedRoles);
    });
    submit("an update of the framework", () -> send(MasterCalls.updateFramework(framework, suppressedRoles)), null);
  }

  @Override
  public void reconcile(final Collection<Protos.TaskStatus> statuses) {
    submit("a reconciliation", () -> send(MasterCalls.reconcile(framework.getId(), statuses)), null);
  }

  @Override
  public void acknowledge(final Protos.TaskStatus status) {
    submit("an acknowledgement", () -> send(MasterCalls.acknowledge(framework.getId(), status)), null);
  }
  @Override
  public void misuse(final String message) {
    loop.post(() -> callbacks.error(message));
  }


  @Override
  public void frameworkMessage(final Protos.ExecutorID executor, final Protos.SlaveID agent, final byte[] data) {
    submit("a framework message", () -> send(MasterCalls.message(framework.getId(), agent, executor, data)), null);
  }

  // ---------------------------------------------------------------- the end

  @Override
  public void stop(final boolean failover) {
    loop.post(() -> shutdown(failover));
  }

  /**
   * Like libmesos's: an abort only stops the callbacks. The subscription stays, so the master keeps the
   * framework (and its tasks) until {@code stop()} says whether to tear it down.
   */
  @Override
  public void aborted() {
    LOG.info("Driver of framework '{}' aborted: no more callbacks; its tasks keep running", framework.getName());
  }

  private void shutdown(boolean failover) {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    if (master == null) {
      finish();
      return;
    }
    if (!failover && master.connected()) {
      sender.send(MasterCalls.teardown(framework.getId()));
    } else if (!failover && everRegistered) {
      LOG.warn("Framework {} is not torn down: the master is disconnected; the master removes it after its "
          + "failover_timeout", framework.getId().getValue());
    } else {
      LOG.info("Driver stopped{}; the framework's tasks keep running", failover ? " for failover" : "");
    }
    sender.shutdownThen(this::finish);
  }

  private void finish() {
    if (master != null) {
      master.close();
    }
    timer.shutdownNow();
    loop.shutdown();
  }

  @Override
  public void awaitStopped() throws InterruptedException {
    if (sender != null) {
      sender.awaitTermination();
    }
    loop.awaitTermination(Long.MAX_VALUE);
  }

  /** A command of the driver itself threw: report it to the framework rather than carry on in doubt. */
  private void bug(String what, Throwable t) {
    LOG.error("Internal error of the ECS scheduler driver in a {}", what, t);
    callbacks.error("Internal error of the ECS scheduler driver in a " + what + ": " + t);
  }
}
