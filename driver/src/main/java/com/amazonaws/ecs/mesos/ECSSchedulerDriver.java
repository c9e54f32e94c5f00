package com.amazonaws.ecs.mesos;

import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.process.Backends;
import com.amazonaws.ecs.mesos.internal.process.DriverBackend;
import com.amazonaws.ecs.mesos.internal.loop.Lifecycle;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.apache.mesos.scheduler.Protos.OfferConstraints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A Mesos {@link SchedulerDriver} that runs the framework's tasks on an Amazon ECS cluster: swap
 * {@code new MesosSchedulerDriver(...)} for {@code new ECSSchedulerDriver(...)} and the framework keeps its
 * scheduling logic while ECS becomes the cluster.
 *
 * <pre>{@code
 * FrameworkInfo framework = FrameworkInfo.newBuilder().setName("my-framework").setUser("").build();
 * SchedulerDriver driver = new ECSSchedulerDriver(myScheduler, framework, "ecs://my-cluster?region=us-east-1");
 * driver.run(); // registered(), resourceOffers(), statusUpdate(), ... until stop()
 * }</pre>
 *
 * <p>How Mesos maps to ECS: an agent is a container instance (agent ID = container instance ID); an offer
 * is the free resources of an ACTIVE, connected instance; a task is one ECS task started with
 * {@code StartTask}, whose {@code CommandInfo.value} names the task definition ({@code family},
 * {@code family:revision} or its ARN); a kill is {@code StopTask}; updates follow the ECS task's status.
 * The framework ID and task ID travel with each ECS task ({@code startedBy} and tags), so a new driver with
 * the same framework ID recovers the tasks of its predecessor.
 *
 * <p>Two modes, chosen by the {@code master} string. Embedded (the default): the driver is the framework's
 * master and calls ECS itself; configuration, first wins: this class's {@link Builder}; the {@code master}
 * string {@code ecs://CLUSTER[?region=R&endpoint=URL]}; the environment ({@code AWS_ECS_CLUSTER}, default
 * {@code default}; {@code AWS_ECS_ENDPOINT}); the AWS SDK's default region and credential chains. Through a
 * master: given the address of an {@code ecs-mesos master} (or any Mesos 1.x master) as libmesos takes it,
 * {@code http://host:port} or {@code host:port}, the driver subscribes to it over the Mesos V1 scheduler API and
 * shares its cluster with the master's other frameworks; the {@code Credential}, if any, authenticates the
 * framework (HTTP Basic), and the master's {@code failover_timeout} rules apply. A bare {@code host:port} keeps
 * the driver embedded where the cluster is named ({@code AWS_ECS_CLUSTER}, or the builder's cluster or ECS
 * client), as deployments that pass Marathon a {@code --master} have always done. Any other master string
 * (such as {@code zk://...}) is ignored with one log line.
 *
 * <p>Not available on ECS, answered as documented: custom executors (TASK_ERROR); framework messages
 * ({@link #sendFrameworkMessage} logs and drops them); reservations and persistent volumes (RESERVE,
 * UNRESERVE, CREATE, DESTROY are ignored with a warning); {@link #requestResources} does nothing, as in
 * Mesos's default allocator; embedded, the {@code Credential} is accepted and unused (AWS credentials come
 * from the SDK).
 *
 * <p>Threads: every method may be called from any thread, including from inside callbacks; each returns at
 * once. Callbacks run one at a time on the driver's own thread.
 */
public final class ECSSchedulerDriver implements SchedulerDriver {
  private static final Logger LOG = LoggerFactory.getLogger(ECSSchedulerDriver.class);

  private final Lifecycle lifecycle = new Lifecycle();
  private final DriverBackend process;
  private final boolean implicitAcknowledgements;

  /** A driver with implicit acknowledgements, as {@code MesosSchedulerDriver(scheduler, framework, master)}. */
  public ECSSchedulerDriver(Scheduler scheduler, Protos.FrameworkInfo framework, String master) {
    this(builder(scheduler, framework).master(requireNonNull(master, "master")));
  }

  public ECSSchedulerDriver(Scheduler scheduler, Protos.FrameworkInfo framework, String master,
      Protos.Credential credential) {
    this(builder(scheduler, framework).master(requireNonNull(master, "master"))
        .credential(requireNonNull(credential, "credential")));
  }

  public ECSSchedulerDriver(Scheduler scheduler, Protos.FrameworkInfo framework, String master,
      boolean implicitAcknowledgements) {
    this(builder(scheduler, framework).master(requireNonNull(master, "master"))
        .implicitAcknowledgements(implicitAcknowledgements));
  }

  public ECSSchedulerDriver(Scheduler scheduler, Protos.FrameworkInfo framework, String master,
      boolean implicitAcknowledgements, Protos.Credential credential) {
    this(builder(scheduler, framework).master(requireNonNull(master, "master"))
        .implicitAcknowledgements(implicitAcknowledgements).credential(requireNonNull(credential, "credential")));
  }

  /** As {@code MesosSchedulerDriver}'s: the framework starts with offers suppressed for {@code suppressedRoles}. */
  public ECSSchedulerDriver(Scheduler scheduler, Protos.FrameworkInfo framework, Collection<String> suppressedRoles,
      String master, boolean implicitAcknowledgements) {
    this(builder(scheduler, framework).suppressedRoles(requireNonNull(suppressedRoles, "suppressedRoles"))
        .master(requireNonNull(master, "master")).implicitAcknowledgements(implicitAcknowledgements));
  }

  public ECSSchedulerDriver(Scheduler scheduler, Protos.FrameworkInfo framework, Collection<String> suppressedRoles,
      String master, boolean implicitAcknowledgements, Protos.Credential credential) {
    this(builder(scheduler, framework).suppressedRoles(requireNonNull(suppressedRoles, "suppressedRoles"))
        .master(requireNonNull(master, "master")).implicitAcknowledgements(implicitAcknowledgements)
        .credential(requireNonNull(credential, "credential")));
  }

  private ECSSchedulerDriver(Builder b) {
    DriverConfig config = b.config.build();
    this.implicitAcknowledgements = config.implicitAcknowledgements;
    this.process = Backends.create(config, b.credential, b.scheduler, this, lifecycle);
  }

  /**
   * A builder for programmatic use: inject the ECS client, cluster, clock and intervals.
   *
   * <pre>{@code
   * SchedulerDriver driver = ECSSchedulerDriver.builder(scheduler, framework)
   *     .ecsClient(EcsClient.create())
   *     .cluster("prod")
   *     .implicitAcknowledgements(false)
   *     .build();
   * }</pre>
   */
  public static Builder builder(Scheduler scheduler, Protos.FrameworkInfo framework) {
    return new Builder(requireNonNull(scheduler, "scheduler"), requireNonNull(framework, "framework"));
  }

  /**
   * What the driver has done so far: ECS calls by action and outcome, retries, offers, launches, status
   * updates and their latency, live tasks by state, the loop's backlog. Cheap; any thread, any time (before
   * {@code start()} everything is zero).
   */
  public DriverMetrics metrics() {
    return process.metrics();
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts the driver: connects to ECS, checks the cluster, recovers the framework's tasks if its
   * FrameworkInfo carries an ID, then calls {@code registered()}. Returns DRIVER_RUNNING, or the current
   * status unchanged if the driver was already started. A cluster that does not exist leads to
   * {@code error()} and DRIVER_ABORTED.
   */
  @Override
  public Status start() {
    if (!lifecycle.start()) {
      return lifecycle.status();
    }
    process.start();
    return Status.DRIVER_RUNNING;
  }

  /**
   * Stops the driver. {@code failover = false}: the framework is done, and every task it launched that is
   * still live is stopped on ECS. {@code failover = true}: the tasks keep running for a successor driver with
   * the same framework ID. Returns DRIVER_STOPPED (DRIVER_ABORTED if the driver had been aborted).
   */
  @Override
  public Status stop(boolean failover) {
    Status result = lifecycle.stop();
    if (result == null) {
      return lifecycle.status();
    }
    process.stop(failover);
    return result;
  }

  /** {@code stop(false)}. */
  @Override
  public Status stop() {
    return stop(false);
  }

  /**
   * Aborts: no more callbacks, tasks keep running. Only acts when running. The driver's threads, the ECS and
   * EC2 clients it built and its JMX registration are released at once; a later {@code stop(false)} still
   * stops the tasks it knew to be live (through a connection of its own), as Mesos's driver unregisters the
   * framework then.
   */
  @Override
  public Status abort() {
    if (lifecycle.abort()) {
      process.aborted();
    }
    return lifecycle.status();
  }

  /**
   * Blocks until the driver is stopped or aborted and returns that status (at once if never started). After
   * {@code stop(false)} it also waits until ECS has accepted a StopTask for every live task of the framework
   * (or the teardown gave up after {@code teardownTimeout} without progress, naming the tasks left in its log).
   */
  @Override
  public Status join() {
    Status status;
    try {
      status = lifecycle.awaitNotRunning();
      if (status == Status.DRIVER_STOPPED && !process.inLoop()) {
        process.awaitStopped();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return lifecycle.status();
  }

  /** {@code start()} then {@code join()}. */
  @Override
  public Status run() {
    Status started = start();
    return started != Status.DRIVER_RUNNING ? started : join();
  }

  // ---------------------------------------------------------------- offers and tasks

  /** Does nothing: Mesos's default allocator ignores resource requests too. */
  @Override
  public Status requestResources(Collection<Protos.Request> requests) {
    requireNonNull(requests, "requests");
    return lifecycle.status();
  }

  @Override
  public Status launchTasks(Collection<Protos.OfferID> offerIds, Collection<Protos.TaskInfo> tasks,
      Protos.Filters filters) {
    requireNonNull(offerIds, "offerIds");
    requireNonNull(tasks, "tasks");
    Protos.Offer.Operation launch = Protos.Offer.Operation.newBuilder()
        .setType(Protos.Offer.Operation.Type.LAUNCH)
        .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks))
        .build();
    return acceptOffers(offerIds, Collections.singletonList(launch), filters);
  }

  @Override
  public Status launchTasks(Collection<Protos.OfferID> offerIds, Collection<Protos.TaskInfo> tasks) {
    return launchTasks(offerIds, tasks, null);
  }

  @Override
  public Status launchTasks(Protos.OfferID offerId, Collection<Protos.TaskInfo> tasks, Protos.Filters filters) {
    return launchTasks(Collections.singletonList(requireNonNull(offerId, "offerId")), tasks, filters);
  }

  @Override
  public Status launchTasks(Protos.OfferID offerId, Collection<Protos.TaskInfo> tasks) {
    return launchTasks(offerId, tasks, null);
  }

  /**
   * LAUNCH and LAUNCH_GROUP start tasks (each task of a group is its own ECS task); RESERVE, UNRESERVE,
   * CREATE and DESTROY are ignored with a warning. Unused resources are refused for the filter's
   * {@code refuse_seconds} (default 5).
   */
  @Override
  public Status acceptOffers(Collection<Protos.OfferID> offerIds, Collection<Protos.Offer.Operation> operations,
      Protos.Filters filters) {
    requireNonNull(offerIds, "offerIds");
    requireNonNull(operations, "operations");
    return whenRunning(() -> process.launch(copy(offerIds), copy(operations), filters));
  }

  @Override
  public Status killTask(Protos.TaskID taskId) {
    requireNonNull(taskId, "taskId");
    return whenRunning(() -> process.kill(taskId));
  }

  @Override
  public Status declineOffer(Protos.OfferID offerId, Protos.Filters filters) {
    requireNonNull(offerId, "offerId");
    return whenRunning(() -> process.decline(offerId, filters));
  }

  @Override
  public Status declineOffer(Protos.OfferID offerId) {
    return declineOffer(offerId, null);
  }

  /** Clears every refusal filter and all suppression. */
  @Override
  public Status reviveOffers() {
    return whenRunning(() -> process.revive(null));
  }

  /** Clears refusal filters and the suppression of {@code roles}; an empty collection does nothing. */
  @Override
  public Status reviveOffers(Collection<String> roles) {
    requireNonNull(roles, "roles");
    if (!lifecycle.running()) {
      return lifecycle.status();
    }
    if (!roles.isEmpty()) {
      process.revive(copy(roles));
    }
    return Status.DRIVER_RUNNING;
  }

  /** Stops offers for all the framework's roles until revived. */
  @Override
  public Status suppressOffers() {
    return whenRunning(() -> process.suppress(null));
  }

  /** Stops offers for {@code roles} until revived; an empty collection does nothing. */
  @Override
  public Status suppressOffers(Collection<String> roles) {
    requireNonNull(roles, "roles");
    if (!lifecycle.running()) {
      return lifecycle.status();
    }
    if (!roles.isEmpty()) {
      process.suppress(copy(roles));
    }
    return Status.DRIVER_RUNNING;
  }

  /**
   * Acknowledges an update when the driver was built with implicit acknowledgements off; updates without
   * uuid or slave_id are silently ignored. With implicit acknowledgements on this is a programming error:
   * the driver calls {@code error()} and aborts (Mesos's driver crashes).
   */
  @Override
  public Status acknowledgeStatusUpdate(Protos.TaskStatus status) {
    requireNonNull(status, "status");
    if (!lifecycle.running()) {
      return lifecycle.status();
    }
    process.acknowledge(status);
    return implicitAcknowledgements ? lifecycle.status() : Status.DRIVER_RUNNING;
  }

  /** ECS tasks have no Mesos executor to receive messages: logs once and drops the message. */
  @Override
  public Status sendFrameworkMessage(Protos.ExecutorID executorId, Protos.SlaveID slaveId, byte[] data) {
    requireNonNull(executorId, "executorId");
    requireNonNull(slaveId, "slaveId");
    requireNonNull(data, "data");
    return whenRunning(() -> process.frameworkMessage(executorId, slaveId, data.clone()));
  }

  /**
   * Reconciles: an empty collection asks for every live task's latest state; otherwise each given task's.
   * Answers come as {@code statusUpdate}s with reason REASON_RECONCILIATION, at once.
   */
  @Override
  public Status reconcileTasks(Collection<Protos.TaskStatus> statuses) {
    requireNonNull(statuses, "statuses");
    return whenRunning(() -> process.reconcile(copy(statuses)));
  }

  /** Replaces the FrameworkInfo (its ID is kept) and the set of suppressed roles; constraints are ignored. */
  @Override
  public Status updateFramework(Protos.FrameworkInfo frameworkInfo, Collection<String> suppressedRoles,
      OfferConstraints offerConstraints) {
    requireNonNull(frameworkInfo, "frameworkInfo");
    requireNonNull(suppressedRoles, "suppressedRoles");
    if (!lifecycle.running()) {
      return lifecycle.status();
    }
    if (offerConstraints != null && offerConstraints.getRoleConstraintsCount() > 0) {
      LOG.info("updateFramework: offer constraints are not evaluated on ECS; offers are filtered by the framework");
    }
    process.updateFramework(frameworkInfo, copy(suppressedRoles));
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status updateFramework(Protos.FrameworkInfo frameworkInfo, Collection<String> suppressedRoles) {
    return updateFramework(frameworkInfo, suppressedRoles, null);
  }

  /** Mesos's rule for every call but the lifecycle: work only while running, and say the status. */
  private Status whenRunning(Runnable work) {
    if (!lifecycle.running()) {
      return lifecycle.status();
    }
    work.run();
    return Status.DRIVER_RUNNING;
  }

  private static <T> List<T> copy(Collection<T> items) {
    List<T> out = new ArrayList<>(items.size());
    for (T item : items) {
      out.add(requireNonNull(item, "element"));
    }
    return Collections.unmodifiableList(out);
  }

  private static <T> T requireNonNull(T value, String what) {
    return Objects.requireNonNull(value, what + " must not be null");
  }

  /**
   * Builds an {@link ECSSchedulerDriver}. Everything has a production default; tests shorten the intervals
   * and inject clients pointed at a local endpoint.
   */
  public static final class Builder {
    private final Scheduler scheduler;
    private final DriverConfig.Builder config = DriverConfig.builder();
    private Protos.Credential credential;

    private Builder(Scheduler scheduler, Protos.FrameworkInfo framework) {
      this.scheduler = scheduler;
      this.config.framework = framework;
    }

    /**
     * The Mesos master string: {@code ecs://CLUSTER[?region=R&endpoint=URL]} (embedded), {@code http://host:port}
     * or {@code host:port} (through that master; see the class comment); others are ignored.
     */
    public Builder master(String master) {
      config.master = requireNonNull(master, "master");
      return this;
    }

    /** Default true: updates are acknowledged when {@code statusUpdate} returns. */
    public Builder implicitAcknowledgements(boolean implicit) {
      config.implicitAcknowledgements = implicit;
      return this;
    }

    /** Accepted for compatibility and unused: AWS credentials come from the SDK (or the injected client). */
    public Builder credential(Protos.Credential mesosCredential) {
      this.credential = requireNonNull(mesosCredential, "credential");
      return this;
    }

    /** Roles whose offers are suppressed from the start. */
    public Builder suppressedRoles(Collection<String> roles) {
      config.suppressedRoles = new LinkedHashSet<>(copy(requireNonNull(roles, "suppressedRoles")));
      return this;
    }

    /**
     * The ECS client to use (the driver never closes it). Its own retries are bypassed per request: the
     * driver retries within its rate budget and never blindly repeats a StartTask.
     */
    public Builder ecsClient(EcsClient client) {
      config.ecsClient = requireNonNull(client, "ecsClient");
      return this;
    }

    /**
     * The EC2 client for agents' hostnames (private DNS names); the driver never closes it. Without one the
     * driver builds its own when the EC2 SDK is on the classpath, else names agents by EC2 instance ID.
     */
    public Builder ec2Client(software.amazon.awssdk.services.ec2.Ec2Client client) {
      config.ec2Client = requireNonNull(client, "ec2Client");
      return this;
    }

    /** False: never call EC2; agents' hostnames are their EC2 instance IDs. */
    public Builder hostnamesFromEc2(boolean useEc2) {
      config.hostnamesFromEc2 = useEc2;
      return this;
    }

    /** The ECS cluster name or ARN (else from the master string, else {@code AWS_ECS_CLUSTER}, else default). */
    public Builder cluster(String cluster) {
      config.cluster = requireNonNull(cluster, "cluster");
      return this;
    }

    /** The AWS region of the cluster, for a client the driver builds. */
    public Builder region(String region) {
      config.region = requireNonNull(region, "region");
      return this;
    }

    /** The ECS endpoint, for a client the driver builds. */
    public Builder endpoint(URI endpoint) {
      config.endpoint = requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** The clock for timestamps, filters, timers and timeouts (default: the system clock). */
    public Builder clock(Clock clock) {
      config.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** How often live tasks are described (default 2 s). */
    public Builder pollInterval(Duration interval) {
      config.pollInterval = positive(interval, "pollInterval");
      return this;
    }

    /**
     * How often offers are made (default 1 s, Mesos's allocation interval). Each time, the container
     * instances where one of the framework's tasks ended are described, so their freed resources are offered.
     */
    public Builder offerInterval(Duration interval) {
      config.offerInterval = positive(interval, "offerInterval");
      return this;
    }

    /**
     * How often every container instance is listed and described, to find new, drained, disconnected and
     * deregistered instances and resources taken by others. Default: every offer interval, slowed down so
     * that these sweeps take at most 2 of ECS's 20 reads per second on average (every 10 s at 1,000
     * instances); the rest of the read budget stays for task status.
     */
    public Builder instanceSweepInterval(Duration interval) {
      config.instanceSweepInterval = positive(interval, "instanceSweepInterval");
      return this;
    }

    /** The refusal time of declines and launches that give no {@code refuse_seconds} (default 5 s). */
    public Builder defaultRefuse(Duration refuse) {
      config.defaultRefuse = notNegative(refuse, "defaultRefuse");
      return this;
    }

    /** How long an ECS agent may be disconnected before its agent is lost/unreachable (default 75 s). */
    public Builder agentDisconnectTimeout(Duration timeout) {
      config.agentDisconnectTimeout = notNegative(timeout, "agentDisconnectTimeout");
      return this;
    }

    /** How long ECS may fail to answer before {@code disconnected()} (default 60 s). */
    public Builder outageTimeout(Duration timeout) {
      config.outageTimeout = notNegative(timeout, "outageTimeout");
      return this;
    }

    /** Time limit of one ECS call, retries excluded (default 30 s). */
    public Builder callTimeout(Duration timeout) {
      config.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /**
     * How long {@code stop(false)} goes on without one more task stopped before it gives up (default 20 s):
     * ECS unreachable, or refusing the calls. While ECS accepts StopTask calls the teardown continues,
     * however many tasks there are (at ECS's 40 calls per second, 1,000 tasks need at least 22 s); every task left
     * running is logged with its ECS task ARN and why.
     */
    public Builder teardownTimeout(Duration timeout) {
      config.teardownTimeout = notNegative(timeout, "teardownTimeout");
      return this;
    }

    /** Resend interval of unacknowledged updates: {@code initial}, doubling up to {@code max} (10 s, 10 min). */
    public Builder statusUpdateRetry(Duration initial, Duration max) {
      config.statusUpdateRetryInitial = positive(initial, "initial");
      config.statusUpdateRetryMax = positive(max, "max");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max must be at least initial");
      }
      return this;
    }

    /** Attempts per ECS call and the backoff between them (default 8 attempts, 100 ms doubling to 5 s). */
    public Builder retries(int maxAttempts, Duration baseDelay, Duration maxDelay) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      config.maxAttempts = maxAttempts;
      config.retryBaseDelay = notNegative(baseDelay, "baseDelay");
      config.retryMaxDelay = notNegative(maxDelay, "maxDelay");
      if (maxDelay.compareTo(baseDelay) < 0) {
        throw new IllegalArgumentException("maxDelay must be at least baseDelay");
      }
      return this;
    }

    /** The host ports offered, e.g. {@code "31000-32000"} (Mesos's default) or {@code "20000-29999,31000"}. */
    public Builder portRange(String ranges) {
      config.portRange = PortRanges.parse(requireNonNull(ranges, "portRange"));
      return this;
    }

    /**
     * The image of tasks that name no task definition and bring no Docker image of their own (default:
     * {@code AWS_ECS_DEFAULT_IMAGE}, else {@code public.ecr.aws/docker/library/busybox:stable}).
     */
    public Builder defaultImage(String image) {
      requireNonNull(image, "defaultImage");
      if (image.trim().isEmpty()) {
        throw new IllegalArgumentException("defaultImage must not be blank");
      }
      config.defaultImage = image.trim();
      return this;
    }

    /** Disk offered per agent in MB (ECS does not account disk; the driver counts what tasks take). */
    public Builder diskPerAgentMb(double mb) {
      if (!(mb >= 0)) {
        throw new IllegalArgumentException("diskPerAgentMb must be >= 0");
      }
      config.diskPerAgentMb = mb;
      return this;
    }

    /**
     * Whether the driver's {@link ECSSchedulerDriver#metrics()} are registered as a {@link DriverMetricsMXBean} on the platform
     * MBean server from {@code start()} until it stops (default true).
     */
    public Builder jmx(boolean register) {
      config.jmx = register;
      return this;
    }

    /** Threads making ECS calls at the same time (default 16). */
    public Builder ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be at least 1");
      }
      config.ioThreads = threads;
      return this;
    }

    /**
     * How long after its start a task may be unknown to {@code DescribeTasks} (ECS reads are eventually
     * consistent) before it is reported TASK_LOST/TASK_GONE as vanished (default 30 s). For tests.
     */
    /**
     * What was configured so far. For the master module's tests, which run this module's suites through a
     * master configured as each test configured its driver.
     */
    DriverConfig.Builder settings() {
      return config;
    }

    /** The environment variables the driver reads ({@code AWS_ECS_*}); the process's unless a test says otherwise. */
    Builder environment(java.util.Map<String, String> variables) {
      config.environment = requireNonNull(variables, "environment");
      return this;
    }

    Builder missingGrace(Duration grace) {
      config.missingGrace = notNegative(grace, "missingGrace");
      return this;
    }

    /** Seed for retry jitter and offer IDs, for repeatable tests. */
    public Builder seed(long seed) {
      config.seed = seed;
      return this;
    }

    public ECSSchedulerDriver build() {
      return new ECSSchedulerDriver(this);
    }

    private static Duration positive(Duration d, String what) {
      if (requireNonNull(d, what).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }

    private static Duration notNegative(Duration d, String what) {
      if (requireNonNull(d, what).isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
