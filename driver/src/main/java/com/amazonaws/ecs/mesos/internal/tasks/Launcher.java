package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.offers.OfferBook;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.LaunchCheck;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import com.amazonaws.ecs.mesos.internal.translate.StartTaskRequests;
import com.amazonaws.ecs.mesos.internal.translate.TaskDefinitionSynthesis;
import com.amazonaws.ecs.mesos.internal.translate.TaskCheck;
import com.amazonaws.ecs.mesos.internal.translate.TaskValidation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import com.amazonaws.ecs.mesos.internal.translate.MasterStatus;
import org.apache.mesos.Protos;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Runs {@code acceptOffers}/{@code launchTasks}: validation as Mesos's master does it, then the ECS-specific
 * checks against the task definition, then one {@code StartTask} per task on the offered container instance.
 *
 * <p>A task definition named in {@code CommandInfo.value} that ECS has is used as it is. Shell commands and
 * Docker images run from a definition the driver registers ({@link TaskDefinitionSynthesis}, one per content
 * hash, see {@link TaskDefinitions}); a bare name ECS does not know runs as a shell command, and every update
 * of that task says so.
 *
 * <p>The {@code StartTask} calls themselves, their outcomes and their retries are {@link TaskStarter}'s.
 *
 * <p>What a task takes from its offer is held against the agent's next offers: CPU, memory and the GPUs its
 * definition requires until ECS's description of the instance shows the task; host ports, disk and GPUs
 * ECS does not account for as long as the task lives (see {@link TrackedTask#reserved()}).
 */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  /**
   * Rounds of the gateway's retries a launch waits through while ECS throttles or fails reads: throttling
   * must delay a launch, not lose it.
   */
  static final int PATIENCE_ROUNDS = 5;
  static final long PATIENCE_DELAY_MILLIS = 1000;

  private final DriverLoop loop;
  private final EcsGateway gateway;
  private final TaskBook tasks;
  private final AgentBook agents;
  private final OfferBook offers;
  private final TaskMonitor monitor;
  private final StatusUpdates updates;
  private final FrameworkState framework;
  private final EcsHealth health;
  private final TaskDefinitions definitions;
  private final TaskStarter starter;
  private final OfferReplies replies;
  private final String defaultImage;
  private final MetricsRecorder metrics;
  private boolean closing;

  public Launcher(DriverLoop loop, EcsGateway gateway, TaskBook tasks, AgentBook agents, OfferBook offers,
      TaskMonitor monitor, StatusUpdates updates, FrameworkState framework, EcsHealth health,
      long defaultRefuseMillis, String defaultImage, com.amazonaws.ecs.mesos.LaunchCall launchCall,
      MetricsRecorder metrics) {
    this.metrics = metrics;
    this.loop = loop;
    this.gateway = gateway;
    this.tasks = tasks;
    this.agents = agents;
    this.offers = offers;
    this.monitor = monitor;
    this.updates = updates;
    this.framework = framework;
    this.health = health;
    this.definitions = new TaskDefinitions(loop, gateway);
    this.starter = new TaskStarter(loop, gateway, tasks, agents, monitor, framework, health, launchCall);
    this.replies = new OfferReplies(loop, offers, metrics, defaultRefuseMillis);
    this.defaultImage = defaultImage;
  }

  /**
   * The driver is stopping: nothing more is sent to ECS except to find and stop tasks whose StartTask is
   * already on its way.
   */
  public void close() {
    closing = true;
    starter.close();
  }

  /**
   * Launches given up while stopping because their StartTask's outcome could not be learned: each may or may
   * not run on ECS. For the teardown's report.
   */
  public List<String> abandoned() {
    return starter.abandoned();
  }




  /** Declines an offer: it is gone, and its agent's resources are refused for the filter's time. */
  public void decline(Protos.OfferID offerId, Protos.Filters filters) {
    replies.decline(offerId, filters);
  }

  /**
   * Handles {@code acceptOffers}: LAUNCH and LAUNCH_GROUP operations start tasks; reservations and volumes
   * do not exist on ECS and are ignored with a warning.
   *
   * @param connected false while ECS is unreachable: Mesos's driver then drops every launch
   */
  public void accept(Collection<Protos.OfferID> offerIds, Collection<Protos.Offer.Operation> operations,
      Protos.Filters filters, boolean connected) {
    List<Protos.TaskInfo> launches = new ArrayList<>();
    List<GroupLaunch> groups = new ArrayList<>();
    for (Protos.Offer.Operation op : operations) {
      switch (op.getType()) {
        case LAUNCH:
          launches.addAll(op.getLaunch().getTaskInfosList());
          break;
        case LAUNCH_GROUP:
          groups.add(new GroupLaunch(op.getLaunchGroup())); // one ECS task with a container per task
          break;
        default:
          LOG.warn("Offer operation {} is not available on ECS (no reservations or persistent volumes); ignored",
              op.getType());
          break;
      }
    }
    List<Protos.TaskInfo> checked = new ArrayList<>(launches);
    for (GroupLaunch g : groups) {
      checked.addAll(g.views());
    }
    if (!connected) {
      for (Protos.TaskInfo task : checked) {
        updates.fromMasterNow(notLaunched(task, dropState(), Protos.TaskStatus.Reason.REASON_MASTER_DISCONNECTED,
            "Master disconnected"));
      }
      return;
    }
    List<Protos.OfferID> ids = new ArrayList<>(offerIds);
    LaunchCheck check = TaskValidation.check(ids, offers.offers(), checked, tasks::whyInUse);
    if (check.offersProblem().isPresent()) {
      String problem = check.offersProblem().get();
      LOG.warn("Launch of {} task(s) with offers {} refused: {}", launches.size(), ids, problem);
      for (Protos.OfferID id : ids) {
        offers.remove(id.getValue());
      }
      for (Protos.TaskInfo task : checked) {
        updates.fromMaster(notLaunched(task, dropState(), Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, problem));
      }
      return;
    }
    String agentId = null;
    String role = null;
    HeldResources offered = HeldResources.NONE;
    for (Protos.OfferID id : ids) {
      OfferBook.Outstanding o = offers.remove(id.getValue());
      if (!checked.isEmpty()) {
        metrics.offerUsed(loop.nowMillis() - o.madeAtMillis());
      }
      agentId = o.agentId();
      role = role == null ? o.role() : role;
      offered = offered.plus(o.held());
    }
    if (checked.isEmpty()) {
      metrics.offerDeclined(); // Mesos counts an accept without operations as a decline
    } else {
      metrics.offersAccepted(ids.size());
    }
    HeldResources used = HeldResources.NONE;
    List<TaskCheck> checks = check.tasks();
    int next = launches.size();
    for (GroupLaunch g : groups) {
      List<TaskCheck> mine = checks.subList(next, next + g.views().size());
      next += g.views().size();
      String problem = g.problem(mine);
      if (problem == null) {
        used = used.plus(g.taken());
        problem = pendingGroup(g, agentId);
      }
      if (problem != null) {
        LOG.warn("Task group of {} is invalid: {}", g.tasks().get(0).getTaskId().getValue(), problem);
        for (Protos.TaskInfo task : g.tasks()) {
          updates.fromMaster(notLaunched(task, Protos.TaskState.TASK_ERROR,
              Protos.TaskStatus.Reason.REASON_TASK_GROUP_INVALID, problem));
        }
      }
    }
    for (TaskCheck c : checks.subList(0, launches.size())) {
      if (c.valid()) {
        used = used.plus(HeldResources.of(c.task().getResourcesList()));
        pending(c.task(), agentId);
      } else {
        LOG.warn("Task {} is invalid: {}", c.task().getTaskId().getValue(), c.error().get());
        updates.fromMaster(notLaunched(c.task(), Protos.TaskState.TASK_ERROR,
            Protos.TaskStatus.Reason.REASON_TASK_INVALID, c.error().get()));
      }
    }
    // As Mesos's allocator: the filter refuses only the unused part of the offers, so the agent is offered
    // again as soon as more than that is free (the launched tasks end).
    HeldResources unused = offered.minus(used);
    if (!unused.isEmpty()) {
      replies.refuse(agentId, role, unused, filters);
    }
  }

  private void pending(final Protos.TaskInfo info, String agentId) {
    final TrackedTask t = new TrackedTask(info.getTaskId(), agentId, info, TrackedTask.Phase.PENDING);
    Agent agent = agents.get(agentId);
    t.containerInstanceArn(agent != null ? agent.arn() : agentId);
    // CPU, memory and GPUs until ECS's description shows the task; ports and disk while it lives. Whether
    // ECS counts the GPUs is known once the definition is (see defined()).
    HeldResources taken = HeldResources.of(info.getResourcesList());
    t.allocated(taken);
    t.hold(HeldResources.of(taken.cpuUnits(), taken.memoryMib(), 0, taken.gpus(), PortRanges.EMPTY));
    t.reserved(HeldResources.of(0, 0, taken.diskMb(), 0, taken.ports()));
    String onFargate = FargateLaunch.size(t, agent, taken);
    tasks.add(t);
    metrics.taskLaunched();
    if (onFargate != null) {
      fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID, onFargate);
    } else if (TaskDefinitionSynthesis.required(info)) {
      synthesize(t, null, 1);
    } else {
      lookup(t, info.getCommand().getValue(), 1);
    }
  }

  /** Tracks a valid group's tasks and registers its definition; what ECS cannot express of it, or null. */
  private String pendingGroup(GroupLaunch g, String agentId) {
    TaskGroup group;
    try {
      group = g.plan(agentId, agents.get(agentId), defaultImage);
    } catch (IllegalArgumentException e) {
      return "Task group is invalid: " + e.getMessage();
    }
    for (TrackedTask m : group.members()) {
      tasks.add(m);
      metrics.taskLaunched();
    }
    synthesize(group.carrier(), null, 1);
    return null;
  }


  private void lookup(final TrackedTask t, final String reference, final int round) {
    definitions.lookup(reference, (definition, error) -> defined(t, reference, definition, error, round, null));
  }

  /**
   * Runs the task from the task definition the driver registers for it (a shell command or a Docker image).
   *
   * @param note for a value that looked like a family name: what was run instead, put into every update
   */
  private void synthesize(final TrackedTask t, String note, final int round) {
    t.note(note);
    if (t.group() != null) {
      final TaskDefinitionSynthesis.Synthesized s = t.group().definition().synthesized();
      definitions.synthesized(s, (definition, error) -> defined(t, s.family(), definition, error, round, s));
      return;
    }
    final TaskDefinitionSynthesis.Synthesized s;
    try {
      s = FargateLaunch.definition(t, TaskDefinitionSynthesis.synthesize(t.info(), defaultImage));
    } catch (IllegalArgumentException e) {
      fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID, e.getMessage());
      return;
    }
    definitions.synthesized(s, (definition, error) -> defined(t, s.family(), definition, error, round, s));
  }

  private void defined(final TrackedTask t, final String reference, TaskDefinition definition, Throwable error,
      final int round, final TaskDefinitionSynthesis.Synthesized synthesized) {
    if (t.terminal() || tasks.get(t.idValue()) != t) {
      return; // killed while the definition was looked up
    }
    if (closing) {
      tasks.forget(t);
      return;
    }
    if (error != null) {
      EcsErrors.Kind kind = EcsErrors.classify(error);
      if (synthesized == null && EcsErrors.missingTaskDefinition(error)
          && TaskDefinitionSynthesis.mayRunAsCommand(t.info())) {
        health.answered();
        String note = TaskDefinitionSynthesis.ranAsCommandNote(reference, defaultImage);
        LOG.warn("Task {}: {} ({})", t.idValue(), note, EcsErrors.describe(error));
        synthesize(t, note, 1);
      } else if (kind == EcsErrors.Kind.REJECTED) {
        health.answered();
        fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID, synthesized == null
            ? "Task definition '" + reference + "' cannot be used: " + EcsErrors.describe(error)
            : "ECS rejected the task definition " + reference + " the driver made for the task (" + synthesized.image()
                + " running " + synthesized.command() + "): " + EcsErrors.describe(error));
      } else if (transientFailure(kind) && round < PATIENCE_ROUNDS) {
        health.failed(error);
        LOG.warn("Looking up task definition '{}' for task {} failed ({}); trying again", reference, t.idValue(),
            EcsErrors.describe(error));
        loop.schedule(PATIENCE_DELAY_MILLIS * round, () -> {
          if (synthesized == null) {
            lookup(t, reference, round + 1);
          } else {
            synthesize(t, t.note(), round + 1);
          }
        });
      } else {
        health.failed(error);
        fail(t, dropState(), Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN,
            "Could not look up task definition '" + reference + "' in ECS: " + EcsErrors.describe(error));
      }
      return;
    }
    if (t.group() != null) {
      startGroup(t, definition);
      return;
    }
    if (synthesized == null && t.info().getCommand().getUrisCount() > 0) {
      // The registered definition's command is ECS's: the driver cannot put the fetching in front of it.
      fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID, "CommandInfo.uris ("
          + t.info().getCommand().getUris(0).getValue() + (t.info().getCommand().getUrisCount() > 1 ? ", ..." : "")
          + ") cannot be fetched for a task that runs the registered task definition " + reference
          + "; put the files into its image, or give a shell command instead of a task definition name");
      return;
    }
    Optional<String> ports = t.fargateSize() != null ? Optional.<String>empty() // its own network interface
        : TaskValidation.unclaimedHostPorts(t.info(), definition);
    if (ports.isPresent()) {
      fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID, ports.get());
      return;
    }
    List<String> names = new ArrayList<>();
    Set<String> nonEssential = new LinkedHashSet<>();
    for (ContainerDefinition c : definition.containerDefinitions()) {
      names.add(c.name()); // the environment travels as container overrides, also for synthesized definitions
      if (Boolean.FALSE.equals(c.essential())) {
        nonEssential.add(c.name());
      }
    }
    t.nonEssentialContainers(Collections.unmodifiableSet(nonEssential));
    holdGpusEcsDoesNotCount(t, definition);
    StartTaskRequest request;
    try {
      String run = synthesized == null ? t.info().getCommand().getValue() : definitionReference(definition);
      if (synthesized == null && !TaskValidation.isTaskDefinitionReference(run)) {
        throw new IllegalArgumentException("CommandInfo.value '" + run + "' is not an ECS task definition reference");
      }
      request = StartTaskRequests.build(gateway.cluster(), t.containerInstanceArn(), framework.id().getValue(),
          t.info(), run, names, t.reserved());
    } catch (IllegalArgumentException e) {
      fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID, e.getMessage());
      return;
    }
    t.phase(TrackedTask.Phase.STARTING);
    starter.start(t, FargateLaunch.sized(t, request), 1);
  }

  private void startGroup(TrackedTask carrier, TaskDefinition definition) {
    holdGpusEcsDoesNotCount(carrier, definition);
    TaskGroup g = carrier.group();
    StartTaskRequest request = StartTaskRequests.buildGroup(gateway.cluster(), carrier.containerInstanceArn(),
        framework.id().getValue(), g.executor(), g.infos(), g.definition().containerByTaskId(),
        definitionReference(definition), carrier.reserved());
    carrier.phase(TrackedTask.Phase.STARTING);
    starter.start(carrier, FargateLaunch.sized(carrier, request), 1);
  }

  /**
   * ECS takes GPUs off the instance only for containers that require them: GPUs the task took from its offer
   * beyond what its definition requires stay free in ECS's accounting, so the driver holds them while the
   * task lives.
   */
  private static void holdGpusEcsDoesNotCount(TrackedTask t, TaskDefinition definition) {
    HeldResources hold = t.hold() == null ? HeldResources.NONE : t.hold();
    long counted = Math.min(hold.gpus(), TaskValidation.requiredGpus(definition));
    long notCounted = hold.gpus() - counted;
    if (notCounted > 0) {
      t.hold(HeldResources.of(hold.cpuUnits(), hold.memoryMib(), 0, counted, PortRanges.EMPTY));
      HeldResources r = t.reserved();
      t.reserved(HeldResources.of(0, 0, r.diskMb(), notCounted, r.ports()));
    }
  }

  private static String definitionReference(TaskDefinition d) {
    if (d.taskDefinitionArn() != null) {
      return d.taskDefinitionArn();
    }
    return d.revision() == null ? d.family() : d.family() + ":" + d.revision();
  }

  private static boolean transientFailure(EcsErrors.Kind kind) {
    return kind == EcsErrors.Kind.THROTTLED || kind == EcsErrors.Kind.SERVER_ERROR || kind == EcsErrors.Kind.NO_ANSWER;
  }

  /** Ends a launch that never reached ECS (or that ECS refused): the master's update, no uuid. */
  private void fail(TrackedTask t, Protos.TaskState state, Protos.TaskStatus.Reason reason, String message) {
    monitor.emitFromMaster(t, state, reason, message);
  }

  private Protos.TaskState dropState() {
    return framework.partitionAware() ? Protos.TaskState.TASK_DROPPED : Protos.TaskState.TASK_LOST;
  }

  /** The master's update for a task the driver does not launch; counted as the task's state change. */
  private Protos.TaskStatus notLaunched(Protos.TaskInfo task, Protos.TaskState state,
      Protos.TaskStatus.Reason reason, String message) {
    metrics.update(state.name());
    return MasterStatus.of(task.getTaskId(), task.hasSlaveId() ? task.getSlaveId() : null, state, reason, message,
        loop.nowMillis() / 1000.0).build();
  }
}
