package com.amazonaws.ecs.mesos.master.internal;

import com.amazonaws.ecs.mesos.internal.cluster.Cluster;
import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.session.FrameworkSession;
import com.amazonaws.ecs.mesos.internal.translate.TaskDefinitionSynthesis;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's state and every decision it makes, on one loop: the {@link Cluster} and a
 * {@link FrameworkSession} per framework, subscriptions and their failover, the calls frameworks make,
 * removal when a framework stays away longer than its {@code failover_timeout}, and what the operator
 * endpoints report. HTTP threads only hand requests over ({@link #subscribe}, {@link #call}, {@link #read}).
 */
public final class MasterProcess {
  private static final Logger LOG = LoggerFactory.getLogger(MasterProcess.class);
  /** Mesos keeps this many completed frameworks for its endpoints ({@code --max_completed_frameworks}). */
  private static final int MAX_COMPLETED_FRAMEWORKS = 50;

  private final DriverConfig config;
  private final DriverLoop loop;
  private final Cluster cluster;
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final String masterId = UUID.randomUUID().toString();
  private final Map<String, MasterFramework> frameworks = new LinkedHashMap<>();
  private final Set<String> removed = new LinkedHashSet<>();
  private final ArrayDeque<CompletedFramework> completed = new ArrayDeque<>();
  private final Random seeds;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final double startSeconds;
  private final double heartbeatSeconds;
  private volatile Protos.MasterInfo masterInfo;
  private volatile boolean ready;
  private volatile boolean loopStarted;
  /** How this master takes over the cluster (created when elected). Loop thread. */
  private Takeover takeover;
  /** Stops the ECS tasks of subscribed frameworks that no one tracks (created when elected). Loop thread. */
  private OrphanSweep orphans;
  private final long orphanSweepMillis;
  /** An allocation is queued on the loop (loop-owned). */
  private boolean allocationQueued;
  private int nextFrameworkNumber;

  /**
   * @param offerTimeoutMillis Mesos's {@code --offer_timeout}; 0: offers are never rescinded for age
   * @param heartbeatSeconds the interval of HEARTBEAT events (Mesos: 15 s)
   * @param orphanSweepMillis the interval of {@link OrphanSweep}s
   */
  public MasterProcess(DriverConfig config, long offerTimeoutMillis, double heartbeatSeconds,
      long orphanSweepMillis) {
    this.config = config;
    this.heartbeatSeconds = heartbeatSeconds;
    this.orphanSweepMillis = orphanSweepMillis;
    this.loop = new DriverLoop("ecs-mesos-master", config.clock, (what, t) ->
        LOG.error("Master {} failed: {}", what, t.toString(), t));
    this.cluster = new Cluster(config, loop, "ecs-mesos-master", metrics, offerTimeoutMillis);
    this.seeds = new Random(config.seed);
    this.startSeconds = config.clock.millis() / 1000.0;
  }

  /** Starts the loop and connects to ECS; the future completes when the cluster is ready (or failed). */
  public CompletableFuture<Void> start(final Protos.MasterInfo info) {
    this.masterInfo = info.toBuilder().setId(masterId).build();
    loopStarted = true;
    loop.start();
    loop.post(() -> cluster.start(new Cluster.Listener() {
      @Override
      public void ready() {
        if (cluster.masterInfo().hasDomain()) {
          // The region is known now: frameworks that are REGION_AWARE read it from MasterInfo.
          masterInfo = masterInfo.toBuilder().setDomain(cluster.masterInfo().getDomain()).build();
        }
        takeOver();
      }

      @Override
      public void failed(String message) {
        started.completeExceptionally(new IllegalStateException(message));
      }

      @Override
      public void lost(String message) {
        LOG.error("{}", message);
        for (MasterFramework fw : new ArrayList<>(frameworks.values())) {
          fw.channel.error(message);
        }
      }
    }));
    return started;
  }

  /** Serves once every framework's tasks were read from ECS (see {@link Takeover}). Loop thread. */
  private void takeOver() {
    takeover = new Takeover(loop, cluster);
    takeover.read().thenRun(() -> {
      orphans = new OrphanSweep(loop, cluster, orphanSweepMillis);
      orphans.start();
      ready = true;
      LOG.info("Master {} ready on ECS cluster {}", masterId, cluster.clusterArn());
      started.complete(null);
    });
  }

  /**
   * SUBSCRIBED, then offers, then the updates that waited: a framework reads its offers before the hundreds of
   * recovered tasks' states a takeover sends it.
   */
  private void register(final MasterFramework fw) {
    takeover.register(fw.session, masterInfo, () -> frameworks.get(fw.id) == fw && fw.channel.active());
  }

  /** Whether the master serves frameworks (the cluster is ready). Any thread. */
  public boolean ready() {
    return ready;
  }

  public Protos.MasterInfo masterInfo() {
    return masterInfo;
  }

  public String masterId() {
    return masterId;
  }

  public double startSeconds() {
    return startSeconds;
  }

  public DriverConfig config() {
    return config;
  }

  /** Runs {@code read} on the loop and hands its result back (state for the operator endpoints). Any thread. */
  public <T> CompletableFuture<T> read(final Function<MasterView, T> read) {
    final CompletableFuture<T> result = new CompletableFuture<>();
    loop.post(() -> {
      try {
        result.complete(read.apply(new MasterView(this, cluster, frameworks.values(), completed)));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  DriverLoop loop() {
    return loop;
  }

  // ---------------------------------------------------------------- SUBSCRIBE

  /**
   * A valid SUBSCRIBE whose {@code 200} is already on its way: attaches {@code stream} to the framework
   * (new, adopted with the ID it brought, or failing over), or sends ERROR on it. Any thread.
   */
  public void subscribe(final Call call, final EventStream stream, final String principal) {
    loop.post(() -> onSubscribe(call, stream, principal));
  }

  private void onSubscribe(Call call, EventStream stream, String principal) {
    if (!stream.open()) {
      return; // the client left before the loop got to it
    }
    Call.Subscribe subscribe = call.getSubscribe();
    Protos.FrameworkInfo info = Evolve.to(Protos.FrameworkInfo.newBuilder(), subscribe.getFrameworkInfo());
    Protos.FrameworkInfo.Builder fixed = info.toBuilder();
    String problem = FrameworkInfoCheck.problem(info);
    if (problem != null) {
      EventChannel.error(stream, problem);
      return;
    }
    String id = info.hasId() && !info.getId().getValue().isEmpty() ? info.getId().getValue() : null;
    if (id != null && removed.contains(id)) {
      EventChannel.error(stream, "Framework has been removed");
      return;
    }
    MasterFramework known = id == null ? null : frameworks.get(id);
    if (known != null && known.principal != null && !known.principal.equals(principal)) {
      EventChannel.error(stream, "Not authorized to subscribe as framework " + id + " (principal '"
          + known.principal + "' subscribed it)");
      return;
    }
    if (known != null) {
      failover(known, stream, info, subscribe.getSuppressedRolesList());
      return;
    }
    if (id == null) {
      id = String.format("%s-%04d", masterId, nextFrameworkNumber++);
      fixed.setId(Protos.FrameworkID.newBuilder().setValue(id));
    }
    EventChannel channel = new EventChannel(loop, info.getName(), heartbeatSeconds);
    channel.attach(stream);
    FrameworkSession session = cluster.open(fixed.build(), channel, settings(subscribe.getSuppressedRolesList()));
    final MasterFramework fw = new MasterFramework(id, session, channel, principal, now());
    frameworks.put(id, fw);
    fw.recovering = true;
    LOG.info("Framework {} ({}) subscribing{}", id, info.getName(), info.hasId() ? "; recovering its tasks" : "");
    session.recover(Protos.FrameworkID.newBuilder().setValue(id).build(),
        info.hasId() ? takeover.of(id) : null, () -> {
      fw.recovering = false;
      if (frameworks.get(fw.id) == fw && fw.channel.active()) {
        register(fw);
      }
    });
  }

  private FrameworkSession.Settings settings(Collection<String> suppressedRoles) {
    return new FrameworkSession.Settings(false, config.statusUpdateRetryInitial.toMillis(),
        config.statusUpdateRetryMax.toMillis(), config.missingGrace.toMillis(), config.defaultRefuse.toMillis(),
        config.defaultImage != null ? config.defaultImage : TaskDefinitionSynthesis.defaultImage(config.environment),
        new ArrayList<>(suppressedRoles), seeds.nextLong(), config.launchCall);
  }

  /** The framework subscribes again: its previous stream ends with ERROR, the new one takes over. */
  private void failover(MasterFramework fw, EventStream stream, Protos.FrameworkInfo info,
      List<String> suppressedRoles) {
    EventStream old = fw.channel.stream();
    if (old != null && old != stream && old.open()) {
      LOG.info("Framework {} failed over to a new subscription", fw.id);
      EventChannel.error(old, "Framework failed over");
    }
    if (fw.failoverTimer != null) {
      fw.failoverTimer.cancel();
      fw.failoverTimer = null;
    }
    // A changed user or checkpoint keeps its old value, as in Mesos.
    Protos.FrameworkInfo.Builder merged = info.toBuilder().setUser(fw.info().getUser());
    if (fw.info().hasCheckpoint()) {
      merged.setCheckpoint(fw.info().getCheckpoint());
    }
    fw.session.updateFramework(merged.build(), suppressedRoles);
    fw.channel.attach(stream);
    fw.reregisteredSeconds = now();
    if (!fw.recovering) {
      register(fw);
    }
  }

  /** A subscription stream ended (client gone, dropped for not reading, or closed by the master). Any thread. */
  public void streamEnded(final EventStream stream) {
    loop.post(() -> {
      for (MasterFramework fw : frameworks.values()) {
        if (fw.channel.stream() == stream) {
          disconnected(fw);
          return;
        }
      }
    });
  }

  private void disconnected(final MasterFramework fw) {
    fw.channel.detach();
    fw.session.unsubscribed();
    fw.unregisteredSeconds = now();
    long timeout = fw.failoverTimeoutMillis();
    LOG.info("Framework {} disconnected; removed unless it subscribes again within {} ms", fw.id, timeout);
    if (timeout == 0) {
      remove(fw, "its failover timeout (0) passed", null);
      return;
    }
    fw.failoverTimer = loop.schedule(timeout, () -> {
      if (frameworks.get(fw.id) == fw && !fw.connected()) {
        remove(fw, "its failover timeout (" + timeout + " ms) passed", null);
      }
    });
  }

  /**
   * The framework is done (TEARDOWN, or it stayed away too long): its tasks are stopped, its ID retired.
   *
   * @param stopped run (may be null) once ECS has accepted a StopTask for every task, or the teardown gave up
   */
  private void remove(final MasterFramework fw, String why, final Runnable stopped) {
    LOG.info("Removing framework {} ({}): {}", fw.id, fw.info().getName(), why);
    frameworks.remove(fw.id);
    removed.add(fw.id);
    completed.add(new CompletedFramework(fw.info(), fw.registeredSeconds, now()));
    while (completed.size() > MAX_COMPLETED_FRAMEWORKS) {
      completed.poll();
    }
    EventStream stream = fw.channel.stream();
    fw.channel.detach();
    if (stream != null) {
      stream.close();
    }
    fw.session.teardown(config.teardownTimeout.toMillis(), () -> {
      cluster.remove(fw.session);
      if (stopped != null) {
        stopped.run();
      }
    });
  }

  // ---------------------------------------------------------------- other calls

  /** A call other than SUBSCRIBE, already parsed and validated: the answer Mesos gives. Any thread. */
  public CompletableFuture<Answer> call(final Call call, final String streamId, final String principal) {
    final CompletableFuture<Answer> answer = new CompletableFuture<>();
    loop.post(() -> {
      try {
        Answer now = onCall(call, streamId, principal, answer);
        if (now != null) {
          answer.complete(now);
        }
      } catch (RuntimeException e) {
        LOG.error("Call {} failed: {}", call.getType(), e.toString(), e);
        answer.complete(Answer.error(500, "Internal error: " + e));
      }
    });
    return answer;
  }

  /** The answer, or null when {@code later} will be completed with it. */
  private Answer onCall(Call call, String streamId, String principal, final CompletableFuture<Answer> later) {
    MasterFramework fw = frameworks.get(call.getFrameworkId().getValue());
    if (fw == null) {
      return Answer.error(400, "Framework cannot be found");
    }
    if (fw.principal != null && !fw.principal.equals(principal)) {
      return Answer.error(403, "Not authorized to act as framework " + fw.id);
    }
    if (!fw.connected()) {
      return Answer.error(403, "Framework is not subscribed");
    }
    if (streamId == null) {
      return Answer.error(400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    }
    if (!streamId.equals(fw.channel.stream().id())) {
      return Answer.error(400, "The stream ID '" + streamId + "' included in this request didn't match the stream ID "
          + "currently associated with framework ID " + fw.id);
    }
    if (call.getType() == Call.Type.TEARDOWN) {
      // Answered once the framework's tasks are stopped, as an embedded driver's stop(false) returns from join()
      // only then: a V0 framework through the master keeps that guarantee. (Mesos removes the framework and its
      // tasks from its state before it answers.)
      remove(fw, "it sent TEARDOWN", () -> later.complete(Answer.ACCEPTED));
      return null;
    }
    if (fw.recovering) {
      return Answer.error(503, "Framework " + fw.id + " is still being recovered from ECS");
    }
    Answer answer = Calls.perform(call, fw);
    if (call.getType() == Call.Type.REVIVE) {
      allocateSoon(); // Mesos allocates at once for a revive; declined and unused resources wait for the next cycle
    }
    return answer;
  }

  private double now() {
    return loop.nowMillis() / 1000.0;
  }

  /**
   * An allocation after what is queued on the loop now, once however many calls ask for one: an allocation
   * looks at every agent, and a burst of revives must not make a burst of them.
   */
  private void allocateSoon() {
    if (allocationQueued) {
      return;
    }
    allocationQueued = true;
    loop.post(() -> {
      allocationQueued = false;
      cluster.allocate();
    });
  }

  /** Stops serving: every stream is aborted, tasks keep running (a restarted master recovers them). */
  public void close() {
    loop.post(() -> {
      if (orphans != null) {
        orphans.stop();
      }
      for (MasterFramework fw : frameworks.values()) {
        EventStream s = fw.channel.stream();
        fw.channel.detach();
        if (s != null) {
          s.abort();
        }
        fw.session.close();
      }
      cluster.close();
      loop.shutdown();
    });
  }

  /** Waits until the loop has ended. */
  public void awaitClosed(long millis) throws InterruptedException {
    if (!loopStarted) {
      return; // a candidate never elected: nothing ran
    }
    long deadline = System.nanoTime() + millis * 1_000_000L;
    loop.awaitTermination(millis);
    cluster.awaitClosed(Math.max(0, (deadline - System.nanoTime()) / 1_000_000L));
  }

  public com.amazonaws.ecs.mesos.DriverMetrics metrics() {
    return metrics.snapshot();
  }
}
