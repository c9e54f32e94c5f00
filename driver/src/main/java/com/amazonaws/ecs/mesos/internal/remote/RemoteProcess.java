package com.amazonaws.ecs.mesos.internal.remote;

import com.amazonaws.ecs.mesos.DriverMetrics;
import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.Lifecycle;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.process.Callbacks;
import com.amazonaws.ecs.mesos.internal.process.DriverBackend;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * {@value #MISSED_HEARTBEATS} heartbeats is a lost master: {@code disconnected()}, then subscriptions with
 * growing backoff until one succeeds. While disconnected, launches fail at once with {@code TASK_LOST}
 * ({@code TASK_DROPPED} for partition-aware frameworks), {@code REASON_MASTER_DISCONNECTED}, and other calls are
 * dropped, as libmesos does; calls made before the first registration wait for it, as the embedded driver's do.
 */
public final class RemoteProcess implements DriverBackend {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteProcess.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  static final int MISSED_HEARTBEATS = 5;
  static final long BACKOFF_MIN_MILLIS = 100;
  static final long BACKOFF_MAX_MILLIS = 5_000;

  private final DriverConfig config;
  private final Lifecycle lifecycle;
  private final String threadPrefix;
  private final DriverLoop loop;
  private final Callbacks callbacks;
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final MasterLink link;
  /** Why the master string cannot be used; null when it can. */
  private final String addressProblem;
  /** One thread: calls reach the master in the order the framework made them. */
  private final ThreadPoolExecutor calls;
  private final ScheduledThreadPoolExecutor timer;
  private final Random random;

  // Loop-owned.
  private Protos.FrameworkInfo framework;
  private final Set<String> suppressed = new LinkedHashSet<>();
  private final List<Runnable> deferred = new ArrayList<>();
  private Subscription subscription;
  private int generation;
  private String streamId;
  private boolean connected;
  private boolean everRegistered;
  private boolean shuttingDown;
  private long heartbeatMillis = 15_000;
  private long lastEventNanos;
  private long backoffMillis = BACKOFF_MIN_MILLIS;
  private ScheduledFuture<?> watchdog;

  /**
   * @param master the master's base URL ({@link MasterAddress#remote}); null with {@code addressProblem}
   * @param credential sent as HTTP Basic authentication; null for none
   */
  public RemoteProcess(DriverConfig config, URI master, String addressProblem, Protos.Credential credential,
      Scheduler scheduler, SchedulerDriver driver, Lifecycle lifecycle) {
    this.config = config;
    this.lifecycle = lifecycle;
    this.threadPrefix = "ecs-scheduler-driver-" + INSTANCES.incrementAndGet();
    this.loop = new DriverLoop(threadPrefix, java.time.Clock.systemUTC(), this::bug);
    this.callbacks = new Callbacks(scheduler, driver, lifecycle, this::aborted);
    this.link = master == null ? null : new MasterLink(master, credential);
    this.addressProblem = addressProblem;
    this.calls = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<Runnable>(),
        daemon(threadPrefix + "-io"));
    this.timer = new ScheduledThreadPoolExecutor(1, daemon(threadPrefix + "-timer"));
    this.timer.setRemoveOnCancelPolicy(true);
    this.random = new Random(config.seed);
    this.framework = config.framework;
    this.suppressed.addAll(config.suppressedRoles);
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
      if (link == null) {
        callbacks.error(addressProblem);
        return;
      }
      LOG.info("Connecting framework '{}' to the Mesos master at {}", framework.getName(), link.base());
      subscribe();
    });
  }

  // ---------------------------------------------------------------- subscription (loop)

  private void subscribe() {
    if (shuttingDown) {
      return;
    }
    final int gen = ++generation;
    Call call = MasterCalls.subscribe(framework, suppressed);
    subscription = new Subscription(link, call, new Subscription.Listener() {
      @Override
      public void opened(String id) {
        loop.post(() -> {
          if (gen == generation) {
            streamId = id;
            lastEventNanos = System.nanoTime();
          }
        });
      }

      @Override
      public void event(Event event) {
        loop.post(() -> {
          if (gen == generation) {
            onEvent(event);
          }
        });
      }

      @Override
      public void refused(int status, String message, String location) {
        loop.post(() -> {
          if (gen == generation) {
            onRefused(status, message, location);
          }
        });
      }

      @Override
      public void ended(String why) {
        loop.post(() -> {
          if (gen == generation) {
            onEnded(why);
          }
        });
      }
    }, threadPrefix + "-stream-" + gen);
    subscription.start();
  }

  private void onRefused(int status, String message, String location) {
    subscription = null;
    if (shuttingDown) {
      return;
    }
    if ((status == 307 || status == 301 || status == 302) && location != null) {
      link.redirect(location);
      LOG.info("The master redirected framework '{}' to the leading master at {}", framework.getName(), link.base());
      subscribe();
      return;
    }
    if (status >= 500) {
      LOG.info("The master at {} cannot take subscriptions yet ({} {}); retrying", link.base(), status, message);
      retryLater();
      return;
    }
    callbacks.error("The Mesos master at " + link.base() + " refused the subscription of framework '"
        + framework.getName() + "' (" + status + "): " + message);
  }

  /** The stream ended or could not be opened. */
  private void onEnded(String why) {
    subscription = null;
    streamId = null;
    cancelWatchdog();
    boolean was = connected;
    connected = false;
    if (shuttingDown) {
      return;
    }
    if (was) {
      LOG.warn("Framework {} lost the master at {}: {}", framework.getId().getValue(), link.base(), why);
      callbacks.disconnected();
    } else {
      LOG.info("Cannot subscribe framework '{}' to the master at {} yet: {}", framework.getName(), link.base(), why);
    }
    retryLater();
  }

  private void retryLater() {
    long delay = backoffMillis / 2 + (long) (random.nextDouble() * (backoffMillis / 2));
    backoffMillis = Math.min(BACKOFF_MAX_MILLIS, backoffMillis * 2);
    timer.schedule(() -> loop.post(this::subscribe), delay, TimeUnit.MILLISECONDS);
  }

  /** A stream silent for several heartbeat intervals is as good as ended: the master or the network is gone. */
  private void startWatchdog() {
    cancelWatchdog();
    final int gen = generation;
    watchdog = timer.scheduleWithFixedDelay(() -> loop.post(() -> {
      long silent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastEventNanos);
      if (gen == generation && connected && silent > MISSED_HEARTBEATS * heartbeatMillis) {
        Subscription s = subscription;
        generation++; // whatever the old stream still says is stale
        if (s != null) {
          s.close();
        }
        onEnded("no event for " + silent + " ms (heartbeats every " + heartbeatMillis + " ms)");
      }
    }), heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
  }

  private void cancelWatchdog() {
    if (watchdog != null) {
      watchdog.cancel(false);
      watchdog = null;
    }
  }

  // ---------------------------------------------------------------- events (loop)

  private void onEvent(Event e) {
    lastEventNanos = System.nanoTime();
    switch (e.getType()) {
      case SUBSCRIBED:
        subscribed(e.getSubscribed());
        break;
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
        callbacks.offerRescinded(Protos.OfferID.newBuilder().setValue(e.getRescind().getOfferId().getValue()).build());
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
          callbacks.executorLost(Protos.ExecutorID.newBuilder().setValue(f.getExecutorId().getValue()).build(), agent,
              f.getStatus());
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

  private void subscribed(Event.Subscribed s) {
    Protos.FrameworkID id = Protos.FrameworkID.newBuilder().setValue(s.getFrameworkId().getValue()).build();
    framework = framework.toBuilder().setId(id).build();
    heartbeatMillis = s.hasHeartbeatIntervalSeconds()
        ? Math.max(1, (long) (s.getHeartbeatIntervalSeconds() * 1000)) : 15_000;
    Protos.MasterInfo master = s.hasMasterInfo()
        ? Devolve.<Protos.MasterInfo>to(Protos.MasterInfo.newBuilder(), s.getMasterInfo())
        : Protos.MasterInfo.newBuilder().setId("unknown").setIp(0).setPort(link.base().getPort())
            .setHostname(link.base().getHost()).build();
    connected = true;
    backoffMillis = BACKOFF_MIN_MILLIS;
    startWatchdog();
    if (everRegistered) {
      LOG.info("Framework {} re-registered with the master at {}", id.getValue(), link.base());
      callbacks.reregistered(master);
      return;
    }
    everRegistered = true;
    LOG.info("Framework {} registered with the master at {}", id.getValue(), link.base());
    if (!callbacks.registered(id, master)) {
      return;
    }
    List<Runnable> waiting = new ArrayList<>(deferred);
    deferred.clear();
    for (Runnable r : waiting) {
      r.run();
    }
  }

  private void update(Protos.TaskStatus status) {
    metrics.update(status.getState().name());
    boolean delivered = callbacks.statusUpdate(status);
    // libmesos acknowledges after the callback returned, only updates that carry a uuid, only while running.
    if (delivered && config.implicitAcknowledgements && status.hasUuid() && status.hasSlaveId() && connected
        && lifecycle.running()) {
      send(MasterCalls.acknowledge(framework.getId(), status));
    }
  }

  // ---------------------------------------------------------------- calls

  /** Runs {@code send} on the loop once registered and while connected; else {@code disconnected} (or a log). */
  private void submit(final String what, final Runnable send, final Runnable disconnected) {
    loop.post(() -> whenConnected(what, send, disconnected));
  }

  private void whenConnected(String what, Runnable send, Runnable disconnected) {
    if (!lifecycle.running() || shuttingDown) {
      return;
    }
    if (!everRegistered) {
      deferred.add(() -> whenConnected(what, send, disconnected));
      return;
    }
    if (!connected) {
      if (disconnected != null) {
        disconnected.run();
      } else {
        LOG.info("Ignoring {} of framework {}: the master is disconnected", what, framework.getId().getValue());
      }
      return;
    }
    send.run();
  }

  /** Sends {@code call} with the current stream's ID, after every call sent before it. Loop. */
  private void send(final Call call) {
    if (shuttingDown) {
      return;
    }
    final String stream = streamId;
    final int gen = generation;
    calls.execute(() -> {
      try {
        MasterLink.Answer a = link.post(call, stream);
        if (!a.ok()) {
          loop.post(() -> callRefused(call, a, gen));
        }
      } catch (IOException e) {
        LOG.warn("Could not send {} of framework {} to the master at {}: {}", call.getType(),
            call.getFrameworkId().getValue(), link.base(), e.toString());
      }
    });
  }

  private void callRefused(Call call, MasterLink.Answer a, int gen) {
    LOG.warn("The master at {} answered {} to {} of framework {}: {}", link.base(), a.status, call.getType(),
        call.getFrameworkId().getValue(), a.message);
    if (gen == generation && (a.status == 401 || a.status == 403)) {
      callbacks.error("The Mesos master at " + link.base() + " refused " + call.getType() + " (" + a.status + "): "
          + a.message);
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

  /** libmesos's answer to a launch while the master is away: each task is lost at once, by the driver. */
  private void lostLaunches(Collection<Protos.Offer.Operation> operations) {
    boolean partitionAware = false;
    for (Protos.FrameworkInfo.Capability c : framework.getCapabilitiesList()) {
      partitionAware |= c.getType() == Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE;
    }
    List<Protos.TaskInfo> tasks = new ArrayList<>();
    for (Protos.Offer.Operation op : operations) {
      tasks.addAll(op.getLaunch().getTaskInfosList());
      tasks.addAll(op.getLaunchGroup().getTaskGroup().getTasksList());
    }
    for (Protos.TaskInfo t : tasks) {
      LOG.info("Task {} of framework {} is lost: the master is disconnected", t.getTaskId().getValue(),
          framework.getId().getValue());
      callbacks.statusUpdate(Protos.TaskStatus.newBuilder().setTaskId(t.getTaskId())
          .setState(partitionAware ? Protos.TaskState.TASK_DROPPED : Protos.TaskState.TASK_LOST)
          .setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
          .setReason(Protos.TaskStatus.Reason.REASON_MASTER_DISCONNECTED)
          .setMessage("Master disconnected")
          .setTimestamp(System.currentTimeMillis() / 1000.0)
          .build());
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
    if (config.implicitAcknowledgements) {
      loop.post(() -> callbacks.error("acknowledgeStatusUpdate called although implicit acknowledgements are "
          + "enabled (construct the driver with implicitAcknowledgements = false to acknowledge explicitly)"));
      return;
    }
    if (!status.hasUuid() || !status.hasSlaveId()) {
      return; // updates without uuid need no acknowledgement (Marathon acknowledges every update)
    }
    submit("an acknowledgement", () -> send(MasterCalls.acknowledge(framework.getId(), status)), null);
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
    cancelWatchdog();
    if (!failover && connected) {
      final String stream = streamId;
      final Call teardown = MasterCalls.teardown(framework.getId());
      calls.execute(() -> {
        try {
          MasterLink.Answer a = link.post(teardown, stream);
          LOG.info("Framework {} torn down by the master at {} ({})", framework.getId().getValue(), link.base(),
              a.ok() ? a.status : a.status + " " + a.message);
        } catch (IOException e) {
          LOG.warn("Could not tear down framework {} at the master at {}: {}", framework.getId().getValue(),
              link.base(), e.toString());
        }
      });
    } else if (!failover && everRegistered) {
      LOG.warn("Framework {} is not torn down: the master is disconnected; the master removes it after its "
          + "failover_timeout", framework.getId().getValue());
    } else {
      LOG.info("Driver stopped{}; the framework's tasks keep running", failover ? " for failover" : "");
    }
    // After every call made before the stop has been sent.
    calls.execute(() -> loop.post(this::finish));
    calls.shutdown();
  }

  private void finish() {
    generation++;
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
    connected = false;
    timer.shutdownNow();
    loop.shutdown();
  }

  @Override
  public void awaitStopped() throws InterruptedException {
    calls.awaitTermination(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
    loop.awaitTermination(Long.MAX_VALUE);
  }

  /** A command of the driver itself threw: report it to the framework rather than carry on in doubt. */
  private void bug(String what, Throwable t) {
    LOG.error("Internal error of the ECS scheduler driver in a {}", what, t);
    callbacks.error("Internal error of the ECS scheduler driver in a " + what + ": " + t);
  }

  /** @return the executor service calls are sent on (tests check it drains) */
  ExecutorService calls() {
    return calls;
  }
}
