package com.amazonaws.ecs.mesos.internal.process;

import com.amazonaws.ecs.mesos.internal.ecs.Ec2Hostnames;
import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.ecs.EcsTarget;
import com.amazonaws.ecs.mesos.internal.ecs.Hostnames;
import com.amazonaws.ecs.mesos.internal.ecs.RateLimiter;
import com.amazonaws.ecs.mesos.internal.ecs.RetryPolicy;
import com.amazonaws.ecs.mesos.internal.loop.Callbacks;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.loop.Lifecycle;
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
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import com.amazonaws.ecs.mesos.internal.translate.TaskDefinitionSynthesis;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;

/**
 * The actor behind {@code ECSSchedulerDriver}: every command the facade posts and every ECS result runs
 * here, on the loop thread, one at a time. It owns the books (agents, offers, tasks), wires the parts that
 * act on them, and keeps the driver's own life: registration, the periodic sweeps, the connection to ECS
 * (disconnected after an outage, reregistered when ECS answers again), and the teardown on {@code stop}.
 *
 * <p>Start: build the ECS client (on an I/O thread: credential and region chains may be slow), check the
 * cluster ({@code DescribeClusters}; missing → {@code error()}), describe the instances, recover the
 * framework's tasks if it brought its ID, then {@code registered()} and the first offers.
 */
public final class DriverProcess implements EcsHealth {
  private static final Logger LOG = LoggerFactory.getLogger(DriverProcess.class);
  public static final String MESOS_VERSION = "1.11.0";
  private static final long MAX_START_BACKOFF_MILLIS = 30_000;
  /** Average ECS reads per second full instance sweeps may take (of the 20/s read bucket). */
  static final double INSTANCE_SWEEP_READS_PER_SECOND = 2;

  private final DriverConfig config;
  private final Lifecycle lifecycle;
  private final DriverLoop loop;
  private final Callbacks callbacks;
  private final FrameworkState framework;
  private final AgentBook agents;
  private final OfferBook offers;
  private final TaskBook tasks = new TaskBook();
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final List<Runnable> deferred = new ArrayList<>();
  private final Map<String, String> hostnameByEc2Id = new HashMap<>();
  private final Set<String> hostnamesInFlight = new HashSet<>();

  private ExecutorService io;
  private ScheduledExecutorService gatewayTimer;
  private EcsGateway gateway;
  private String region;
  private URI endpoint;
  private PortRanges portRange;
  private String clusterArn;
  private StatusUpdates updates;
  private TaskMonitor monitor;
  private Launcher launcher;
  private Reconciler reconciler;
  private OfferCycle offerCycle;
  private Protos.MasterInfo masterInfo;
  private boolean registered;
  private boolean connected;
  private Long failingSinceMillis;
  private boolean instanceSweepInFlight;
  private long nextFullSweepMillis;
  private volatile com.amazonaws.ecs.mesos.internal.metrics.MetricsJmx.Registration jmx;
  private boolean hostnamesFromEc2 = true;
  private boolean shuttingDown;
  private boolean warnedFrameworkMessage;

  public DriverProcess(DriverConfig config, Scheduler scheduler, SchedulerDriver driver, Lifecycle lifecycle) {
    this.config = config;
    this.lifecycle = lifecycle;
    this.loop = new DriverLoop("ecs-scheduler-driver", config.clock, this::bug);
    this.callbacks = new Callbacks(scheduler, driver, lifecycle);
    this.framework = new FrameworkState(config.framework);
    this.agents = new AgentBook(config.agentDisconnectTimeout.toMillis());
    this.offers = new OfferBook(Long.toHexString(new Random(config.seed).nextLong() & 0xFFFFFFFFL),
        config.suppressedRoles);
    metrics.loopQueueDepth(loop::queueDepth);
  }

  public DriverLoop loop() {
    return loop;
  }

  /** The driver's counters so far. Any thread. */
  public com.amazonaws.ecs.mesos.DriverMetrics metrics() {
    return metrics.snapshot();
  }

  // ---------------------------------------------------------------- commands from the facade (any thread)

  /** Starts the loop and the registration. */
  public void start() {
    if (config.jmx) {
      jmx = com.amazonaws.ecs.mesos.internal.metrics.MetricsJmx.register(framework.info().getName(), metrics::snapshot);
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
    loop.post(() -> shutdown(failover));
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

  /** {@code reviveOffers()} (roles null) or {@code reviveOffers(roles)}. */
  public void revive(final Collection<String> roles) {
    submit(() -> {
      offers.clearRefusals();
      if (roles == null) {
        offers.replaceSuppressed(Collections.<String>emptySet());
      } else {
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
    io = Executors.newFixedThreadPool(config.ioThreads, daemonThreads("ecs-scheduler-driver-io"));
    gatewayTimer = Executors.newSingleThreadScheduledExecutor(daemonThreads("ecs-scheduler-driver-timer"));
    loop.whenDone(CompletableFuture.supplyAsync(this::buildGateway, io), (built, error) -> {
      if (error != null) {
        callbacks.error("Cannot configure the ECS client: " + EcsErrors.describe(error));
        return;
      }
      if (shuttingDown) {
        built.close();
        return;
      }
      gateway = built;
      wire();
      LOG.info("Registering framework '{}' with ECS cluster {} in {} ({})", framework.info().getName(),
          gateway.cluster(), region, endpoint);
      describeCluster(1);
    });
  }

  /** Runs on an I/O thread: resolves the target and builds (or adopts) the clients. */
  private EcsGateway buildGateway() {
    EcsTarget target = EcsTarget.resolve(config.cluster, config.region, config.endpoint, config.master,
        config.environment);
    portRange = config.portRange != null ? config.portRange
        : target.ports() != null ? PortRanges.parse(target.ports()) : PortRanges.MESOS_DEFAULT;
    if (target.masterIgnored()) {
      LOG.info("Master '{}' is not an ecs:// address and means nothing on ECS; ignored. Using {}", config.master,
          target);
    }
    List<AutoCloseable> owned = new ArrayList<>();
    EcsClient ecs = config.ecsClient;
    if (ecs == null) {
      EcsClientBuilder b = EcsClient.builder()
          .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()));
      if (target.region() != null) {
        b.region(software.amazon.awssdk.regions.Region.of(target.region()));
      }
      if (target.endpoint() != null) {
        b.endpointOverride(target.endpoint());
      }
      ecs = b.build();
      owned.add(ecs);
    }
    region = ecs.serviceClientConfiguration().region() == null ? target.region()
        : ecs.serviceClientConfiguration().region().id();
    endpoint = ecs.serviceClientConfiguration().endpointOverride().isPresent()
        ? ecs.serviceClientConfiguration().endpointOverride().get() : defaultEndpoint(region);
    Hostnames hostnames = null;
    if (config.ec2Client != null) {
      hostnames = Ec2Hostnames.of(config.ec2Client, EcsGateway.requestOverrides(hostnameTimeout(), false));
    } else if (config.hostnamesFromEc2 && Ec2Hostnames.available()) {
      try {
        hostnames = Ec2Hostnames.create(region, target.ec2Endpoint(), EcsGateway.requestOverrides(hostnameTimeout(), false));
        owned.add(hostnames);
      } catch (RuntimeException e) {
        LOG.warn("No EC2 client ({}); agents are named by their EC2 instance IDs", EcsErrors.describe(e));
      }
    }
    RetryPolicy retry = new RetryPolicy(config.maxAttempts, config.retryBaseDelay.toMillis(),
        config.retryMaxDelay.toMillis(), new Random(config.seed));
    return new EcsGateway(ecs, hostnames, target.cluster(), io, gatewayTimer, RateLimiter.ecs(System::nanoTime),
        retry, config.callTimeout, owned, metrics);
  }

  /** New agents are offered only once named: an EC2 that does not answer must not hold offers back long. */
  private java.time.Duration hostnameTimeout() {
    java.time.Duration cap = java.time.Duration.ofSeconds(5);
    return config.callTimeout.compareTo(cap) < 0 ? config.callTimeout : cap;
  }

  private static URI defaultEndpoint(String region) {
    if (region == null) {
      return URI.create("https://ecs.amazonaws.com");
    }
    return URI.create("https://ecs." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
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
    offerCycle = new OfferCycle(agents, offers, tasks, portRange, config.diskPerAgentMb, region);
  }

  private void describeCluster(final int attempt) {
    loop.whenDone(gateway.describeCluster(), (cluster, error) -> {
      if (!lifecycle.running() || shuttingDown) {
        return;
      }
      if (error != null) {
        EcsErrors.Kind kind = EcsErrors.classify(error);
        if (kind == EcsErrors.Kind.CLUSTER_NOT_FOUND) {
          callbacks.error("ECS cluster '" + gateway.cluster() + "' does not exist in " + region + " (" + endpoint
              + "): " + EcsErrors.describe(error));
        } else if (kind == EcsErrors.Kind.REJECTED || kind == EcsErrors.Kind.OTHER) {
          callbacks.error("Cannot use ECS cluster '" + gateway.cluster() + "' in " + region + ": "
              + EcsErrors.describe(error));
        } else {
          LOG.warn("ECS is not answering yet ({}); trying again", EcsErrors.describe(error));
          loop.schedule(startBackoff(attempt), () -> describeCluster(attempt + 1));
        }
        return;
      }
      clusterArn = cluster.clusterArn();
      sweepInstances(this::recoverThenRegister);
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
      int n = Recovery.apply(found, framework, tasks, monitor, loop.nowMillis());
      LOG.info("Recovered {} task(s) of framework {} from ECS", n, framework.id().getValue());
      register();
    });
  }

  private static long startBackoff(int attempt) {
    return Math.min(MAX_START_BACKOFF_MILLIS, 500L << Math.min(attempt - 1, 10));
  }

  private void register() {
    masterInfo = masterInfo();
    registered = true;
    connected = true;
    updates.connected(true);
    LOG.info("Registered framework {} with ECS cluster {}", framework.id().getValue(), clusterArn);
    if (!callbacks.registered(framework.id(), masterInfo)) {
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

  private Protos.MasterInfo masterInfo() {
    String host = endpoint.getHost() == null ? "ecs" : endpoint.getHost();
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : "http".equalsIgnoreCase(endpoint.getScheme()) ? 80 : 443;
    int ip = 0;
    String ipText = null;
    try {
      if (host.matches("[0-9.]+")) {
        InetAddress address = InetAddress.getByName(host);
        if (address instanceof Inet4Address) {
          // Mesos keeps the address in network byte order in a uint32, read on a little-endian host.
          ip = ByteBuffer.wrap(address.getAddress()).order(ByteOrder.LITTLE_ENDIAN).getInt();
          ipText = host;
        }
      }
    } catch (java.net.UnknownHostException e) {
      ip = 0;
    }
    Protos.Address.Builder address = Protos.Address.newBuilder().setHostname(host).setPort(port);
    if (ipText != null) {
      address.setIp(ipText);
    }
    Protos.MasterInfo.Builder info = Protos.MasterInfo.newBuilder()
        .setId(clusterArn != null ? clusterArn : "ecs:" + region + ":" + gateway.cluster())
        .setIp(ip)
        .setPort(port)
        .setHostname(host)
        .setVersion(MESOS_VERSION)
        .setAddress(address);
    if (region != null) {
      // FaultDomain needs a zone; the ECS endpoint serves the whole region, so the zone is the region too.
      info.setDomain(Protos.DomainInfo.newBuilder().setFaultDomain(Protos.DomainInfo.FaultDomain.newBuilder()
          .setRegion(Protos.DomainInfo.FaultDomain.RegionInfo.newBuilder().setName(region))
          .setZone(Protos.DomainInfo.FaultDomain.ZoneInfo.newBuilder().setName(region))));
    }
    return info.build();
  }

  // ---------------------------------------------------------------- agents and offers (loop)

  /**
   * Mesos's allocation cycle, every offer interval: offers from what the driver knows (no ECS call), and a
   * description of the instances, either all of them (due every {@link #fullSweepIntervalMillis()}) or just
   * those where a task of the framework ended, whose freed resources the last description does not show.
   */
  private void offerTick() {
    if (!instanceSweepInFlight) {
      long now = loop.nowMillis();
      if (now >= nextFullSweepMillis) {
        sweepInstances(null);
      } else {
        describeFreedAgents();
      }
    }
    makeOffers();
  }

  /**
   * How often every instance is listed and described: each offer interval while that costs little, but at
   * most {@value #INSTANCE_SWEEP_READS_PER_SECOND} reads per second on average, because ECS's read budget
   * (20/s, shared with DescribeTasks) would otherwise go to instances at 1,000 agents (20 reads a sweep).
   * Between full sweeps, launches are accounted by the driver and ended tasks by describing their agents.
   */
  private long fullSweepIntervalMillis() {
    if (config.instanceSweepInterval != null) {
      return config.instanceSweepInterval.toMillis();
    }
    return adaptiveSweepIntervalMillis(agents.all().size(), config.offerInterval.toMillis());
  }

  /** One list and one describe call per 100 instances, at {@value #INSTANCE_SWEEP_READS_PER_SECOND}/s. */
  static long adaptiveSweepIntervalMillis(int instances, long offerIntervalMillis) {
    int pages = Math.max(1, (instances + EcsGateway.DESCRIBE_BATCH - 1) / EcsGateway.DESCRIBE_BATCH);
    long budgetMillis = (long) Math.ceil(2 * pages * 1000 / INSTANCE_SWEEP_READS_PER_SECOND);
    return Math.max(offerIntervalMillis, budgetMillis);
  }

  private void describeFreedAgents() {
    Set<String> freed = tasks.takeFreedAgents();
    List<String> ids = new ArrayList<>();
    List<String> arns = new ArrayList<>();
    for (String id : freed) {
      Agent a = agents.get(id);
      if (a != null && a.arn() != null) {
        ids.add(id);
        arns.add(a.arn());
      }
    }
    if (!arns.isEmpty()) {
      describeInstances(gateway.containerInstances(arns), ids, ids, null);
    }
  }

  private void sweepInstances(final Runnable then) {
    if (instanceSweepInFlight) {
      return;
    }
    nextFullSweepMillis = loop.nowMillis() + fullSweepIntervalMillis();
    describeInstances(gateway.containerInstances(), null, tasks.takeFreedAgents(), then);
  }

  /**
   * Applies a description of the instances when it arrives.
   *
   * @param some the agents described, or null for a full sweep (agents missing from it are gone)
   * @param freed agents taken from the book's freed marks for this description: marked again if it fails
   * @param then run afterwards, whatever the outcome; may be null
   */
  private void describeInstances(CompletableFuture<EcsGateway.InstanceSnapshot> description,
      final List<String> some, final Collection<String> freed, final Runnable then) {
    instanceSweepInFlight = true;
    loop.whenDone(description, (snapshot, error) -> {
      instanceSweepInFlight = false;
      if (shuttingDown) {
        return;
      }
      if (error != null) {
        failed(error);
        tasks.freedAgain(freed);
        LOG.debug("Describing {} container instances failed: {}", some == null ? "all" : some.size(),
            error.toString());
      } else {
        answered();
        long now = loop.nowMillis();
        AgentBook.Changes changes = some == null ? agents.apply(snapshot.instances(), now)
            : agents.applySome(snapshot.instances(), now);
        if (some == null) {
          tasks.descriptionApplied(snapshot.landedBefore());
        } else {
          tasks.descriptionApplied(snapshot.landedBefore(), some);
        }
        resolveHostnames(changes.needHostname);
        if (registered) {
          applyChanges(changes);
        }
      }
      if (then != null) {
        then.run();
      }
    });
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

  private void resolveHostnames(List<Agent> need) {
    final List<String> lookup = new ArrayList<>();
    for (Agent a : need) {
      String ec2Id = a.ec2InstanceId();
      if (ec2Id == null || ec2Id.isEmpty()) {
        a.hostname(a.id());
      } else if (hostnameByEc2Id.containsKey(ec2Id)) {
        a.hostname(hostnameByEc2Id.get(ec2Id));
      } else if (!hostnamesFromEc2 || !gateway.hasHostnames()) {
        a.hostname(ec2Id);
      } else if (hostnamesInFlight.add(ec2Id)) {
        lookup.add(ec2Id);
      }
    }
    if (lookup.isEmpty()) {
      return;
    }
    loop.whenDone(gateway.privateDnsNames(lookup), (names, error) -> {
      hostnamesInFlight.removeAll(lookup);
      if (error != null) {
        if (EcsErrors.classify(error) == EcsErrors.Kind.REJECTED) {
          hostnamesFromEc2 = false;
        }
        LOG.warn("EC2 DescribeInstances failed ({}); naming {} agent(s) by EC2 instance ID", EcsErrors.describe(error),
            lookup.size());
      }
      for (String ec2Id : lookup) {
        String name = names == null ? null : names.get(ec2Id);
        hostnameByEc2Id.put(ec2Id, name != null ? name : ec2Id);
      }
      for (Agent a : agents.all()) {
        if (a.hostname() == null && hostnameByEc2Id.containsKey(a.ec2InstanceId())) {
          a.hostname(hostnameByEc2Id.get(a.ec2InstanceId()));
        }
      }
      if (registered) {
        makeOffers();
      }
    });
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

  // ---------------------------------------------------------------- shutdown (loop)

  private void shutdown(boolean failover) {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    if (launcher != null) {
      launcher.close();
    }
    if (failover || gateway == null || framework.id() == null) {
      LOG.info("Driver stopped{}; tasks keep running", failover ? " for failover" : "");
      finish();
      return;
    }
    LOG.info("Framework {} is done: stopping its {} live task(s)", framework.id().getValue(), tasks.live().size());
    monitor.stopAll(TaskMonitor.KILL_REASON_PREFIX + " " + framework.info().getName() + " (framework stopped)");
    awaitTeardown(loop.nowMillis() + config.teardownTimeout.toMillis());
  }

  private void awaitTeardown(final long deadlineMillis) {
    if (tasks.starting() == 0 && monitor.stopsInFlight() == 0) {
      finish();
      return;
    }
    if (loop.nowMillis() >= deadlineMillis) {
      LOG.warn("Teardown timed out with {} StartTask and {} StopTask call(s) unanswered", tasks.starting(),
          monitor.stopsInFlight());
      finish();
      return;
    }
    loop.schedule(20, () -> awaitTeardown(deadlineMillis));
  }

  private void finish() {
    if (jmx != null) {
      jmx.unregister();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (io != null) {
      io.shutdownNow();
    }
    if (gatewayTimer != null) {
      gatewayTimer.shutdownNow();
    }
    loop.shutdown();
  }

  /** A command of the driver itself threw: report it to the framework rather than carry on in doubt. */
  private void bug(String what, Throwable t) {
    callbacks.error("Internal error of the ECS scheduler driver in a " + what + ": " + t);
  }

  private static ThreadFactory daemonThreads(final String prefix) {
    final AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
