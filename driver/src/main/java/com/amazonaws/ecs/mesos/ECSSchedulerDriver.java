package com.amazonaws.ecs.mesos;

import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.process.Backends;
import com.amazonaws.ecs.mesos.internal.process.DriverBackend;
import com.amazonaws.ecs.mesos.internal.loop.Lifecycle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.apache.mesos.scheduler.Protos.OfferConstraints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * client), as deployments that pass Marathon a {@code --master} have always done. {@code zk://HOSTS/PATH} names
 * masters contending in ZooKeeper (Mesos's layout): the driver connects to the leader and follows it when it
 * changes ({@code disconnected()}, then {@code reregistered()}); it needs a ZooKeeper client on the classpath, and
 * it too keeps the driver embedded where the cluster is named. A list of masters
 * ({@code http://m1:5050,http://m2:5050}) is tried in turn, a follower redirecting the driver to the leader. Any
 * other master string is ignored with one log line.
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
   * LAUNCH starts tasks, LAUNCH_GROUP a task group as one ECS task with a container per task; RESERVE, UNRESERVE,
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
    if (implicitAcknowledgements) {
      process.misuse("acknowledgeStatusUpdate called although implicit acknowledgements are enabled (construct "
          + "the driver with implicitAcknowledgements = false to acknowledge explicitly)");
      return lifecycle.status();
    }
    if (status.hasUuid() && status.hasSlaveId()) { // updates without uuid need no acknowledgement (Marathon acks all)
      process.acknowledge(status);
    }
    return Status.DRIVER_RUNNING;
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
   * Builds an {@link ECSSchedulerDriver}; its options, with their defaults, are those of {@link DriverOptions}.
   */
  public static final class Builder extends DriverOptions<Builder> {
    private final Scheduler scheduler;

    private Builder(Scheduler scheduler, Protos.FrameworkInfo framework) {
      this.scheduler = scheduler;
      config.framework = framework;
    }

    public ECSSchedulerDriver build() {
      return new ECSSchedulerDriver(this);
    }
  }
}
