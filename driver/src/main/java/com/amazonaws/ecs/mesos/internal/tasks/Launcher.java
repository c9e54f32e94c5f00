package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.offers.OfferBook;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.LaunchCheck;
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
import java.util.concurrent.CompletableFuture;
import com.amazonaws.ecs.mesos.internal.translate.MasterStatus;
import org.apache.mesos.Protos;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;
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
 * <p>A {@code StartTask} whose outcome is unknown (5xx, timeout, connection reset) is never repeated
 * blindly: the driver first lists the tasks on that container instance and describes the ones it does not
 * know with their tags; only if none carries this Mesos task ID, in a listing made at least
 * {@value #ABSENCE_CONFIRMATION_MILLIS} ms after the unknown outcome, does it start the task again (at most
 * {@value #MAX_START_ATTEMPTS} times). ECS's list calls are eventually consistent: a task started a moment
 * ago may be missing from an early listing, and starting it again then would run it twice. While ECS cannot be asked, it keeps asking: a task is reported lost
 * only when ECS has confirmed it does not exist.
 */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  static final int MAX_START_ATTEMPTS = 3;
  /** How long after an unknown StartTask outcome a listing without the task proves it was not started. */
  static final long ABSENCE_CONFIRMATION_MILLIS = 2000;
  /**
   * Rounds of the gateway's retries a launch waits through while ECS throttles or fails reads: throttling
   * must delay a launch, not lose it.
   */
  static final int PATIENCE_ROUNDS = 5;
  private static final long PATIENCE_DELAY_MILLIS = 1000;
  private static final long FIRST_LOOKUP_DELAY_MILLIS = 200;
  private static final long MAX_LOOKUP_DELAY_MILLIS = 10_000;

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
  private final long defaultRefuseMillis;
  private final String defaultImage;
  private final MetricsRecorder metrics;
  private boolean warnedGroups;
  private boolean closing;

  public Launcher(DriverLoop loop, EcsGateway gateway, TaskBook tasks, AgentBook agents, OfferBook offers,
      TaskMonitor monitor, StatusUpdates updates, FrameworkState framework, EcsHealth health,
      long defaultRefuseMillis, String defaultImage, MetricsRecorder metrics) {
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
    this.defaultRefuseMillis = defaultRefuseMillis;
    this.defaultImage = defaultImage;
  }

  /**
   * The driver is stopping: nothing more is sent to ECS except to find and stop tasks whose StartTask is
   * already on its way.
   */
  public void close() {
    closing = true;
  }

  /** The refusal time of a decline or launch: {@code refuse_seconds}, else the default (5 s). */
  public long refuseMillis(Protos.Filters filters) {
    if (filters == null || !filters.hasRefuseSeconds()) {
      return defaultRefuseMillis;
    }
    double seconds = filters.getRefuseSeconds();
    if (seconds < 0 || Double.isNaN(seconds)) {
      LOG.warn("Filters.refuse_seconds {} is negative; using the default", seconds);
      return defaultRefuseMillis;
    }
    double capped = Math.min(seconds, 365.0 * 24 * 3600);
    return (long) (capped * 1000);
  }

  /** Declines an offer: it is gone, and its agent's resources are refused for the filter's time. */
  public void decline(Protos.OfferID offerId, Protos.Filters filters) {
    OfferBook.Outstanding o = offers.remove(offerId.getValue());
    if (o == null) {
      LOG.debug("Decline of offer {} that is not outstanding; ignored", offerId.getValue());
      return;
    }
    metrics.offerDeclined();
    refuse(o.agentId(), o.held(), filters);
  }

  private void refuse(String agentId, HeldResources held, Protos.Filters filters) {
    long refuse = refuseMillis(filters);
    if (refuse > 0) {
      offers.refuse(agentId, held, loop.nowMillis() + refuse);
    }
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
    for (Protos.Offer.Operation op : operations) {
      switch (op.getType()) {
        case LAUNCH:
          launches.addAll(op.getLaunch().getTaskInfosList());
          break;
        case LAUNCH_GROUP:
          if (!warnedGroups) {
            warnedGroups = true;
            LOG.warn("LAUNCH_GROUP: ECS has no Mesos default executor; each task of the group becomes its own ECS "
                + "task on the offered container instance");
          }
          launches.addAll(op.getLaunchGroup().getTaskGroup().getTasksList());
          break;
        default:
          LOG.warn("Offer operation {} is not available on ECS (no reservations or persistent volumes); ignored",
              op.getType());
          break;
      }
    }
    if (!connected) {
      for (Protos.TaskInfo task : launches) {
        updates.fromMasterNow(notLaunched(task, dropState(), Protos.TaskStatus.Reason.REASON_MASTER_DISCONNECTED,
            "Master disconnected"));
      }
      return;
    }
    List<Protos.OfferID> ids = new ArrayList<>(offerIds);
    LaunchCheck check = TaskValidation.check(ids, offers.offers(), launches, tasks.liveIds());
    if (check.offersProblem().isPresent()) {
      String problem = check.offersProblem().get();
      LOG.warn("Launch of {} task(s) with offers {} refused: {}", launches.size(), ids, problem);
      for (Protos.OfferID id : ids) {
        offers.remove(id.getValue());
      }
      for (Protos.TaskInfo task : launches) {
        updates.fromMaster(notLaunched(task, dropState(), Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, problem));
      }
      return;
    }
    String agentId = null;
    HeldResources offered = HeldResources.NONE;
    for (Protos.OfferID id : ids) {
      OfferBook.Outstanding o = offers.remove(id.getValue());
      agentId = o.agentId();
      offered = offered.plus(o.held());
    }
    if (launches.isEmpty()) {
      metrics.offerDeclined(); // Mesos counts an accept without operations as a decline
    } else {
      metrics.offersAccepted(ids.size());
    }
    HeldResources used = HeldResources.NONE;
    for (TaskCheck c : check.tasks()) {
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
      refuse(agentId, unused, filters);
    }
  }

  private void pending(final Protos.TaskInfo info, String agentId) {
    final TrackedTask t = new TrackedTask(info.getTaskId(), agentId, info, TrackedTask.Phase.PENDING);
    Agent agent = agents.get(agentId);
    t.containerInstanceArn(agent != null ? agent.arn() : agentId);
    List<Protos.Resource> withoutDisk = new ArrayList<>();
    double disk = 0;
    for (Protos.Resource r : info.getResourcesList()) {
      if ("disk".equals(r.getName()) && r.getType() == Protos.Value.Type.SCALAR) {
        disk += r.getScalar().getValue();
      } else {
        withoutDisk.add(r);
      }
    }
    t.hold(HeldResources.of(withoutDisk));
    t.diskMb(disk);
    tasks.add(t);
    metrics.taskLaunched();
    if (TaskDefinitionSynthesis.required(info)) {
      synthesize(t, null, 1);
    } else {
      lookup(t, info.getCommand().getValue(), 1);
    }
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
    final TaskDefinitionSynthesis.Synthesized s;
    try {
      s = TaskDefinitionSynthesis.synthesize(t.info(), defaultImage);
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
    if (synthesized == null && t.info().getCommand().getUrisCount() > 0) {
      // The registered definition's command is ECS's: the driver cannot put the fetching in front of it.
      fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID, "CommandInfo.uris ("
          + t.info().getCommand().getUris(0).getValue() + (t.info().getCommand().getUrisCount() > 1 ? ", ..." : "")
          + ") cannot be fetched for a task that runs the registered task definition " + reference
          + "; put the files into its image, or give a shell command instead of a task definition name");
      return;
    }
    Optional<String> ports = TaskValidation.unclaimedHostPorts(t.info(), definition);
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
    StartTaskRequest request;
    try {
      request = synthesized == null
          ? StartTaskRequests.build(gateway.cluster(), t.containerInstanceArn(), framework.id().getValue(), t.info(),
              names)
          : StartTaskRequests.build(gateway.cluster(), t.containerInstanceArn(), framework.id().getValue(), t.info(),
              definitionReference(definition), names);
    } catch (IllegalArgumentException e) {
      fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID, e.getMessage());
      return;
    }
    t.phase(TrackedTask.Phase.STARTING);
    start(t, request, 1);
  }

  private static String definitionReference(TaskDefinition d) {
    if (d.taskDefinitionArn() != null) {
      return d.taskDefinitionArn();
    }
    return d.revision() == null ? d.family() : d.family() + ":" + d.revision();
  }

  private void start(final TrackedTask t, final StartTaskRequest request, final int attempt) {
    LOG.info("Starting task {} on container instance {} (task definition {}, attempt {})", t.idValue(),
        t.containerInstanceArn(), request.taskDefinition(), attempt);
    loop.whenDone(gateway.startTask(request), (started, error) -> started(t, request, attempt, started, error));
  }

  private void started(TrackedTask t, StartTaskRequest request, int attempt, EcsGateway.Started started,
      Throwable error) {
    if (error != null) {
      EcsErrors.Kind kind = EcsErrors.classify(error);
      switch (kind) {
        case SERVER_ERROR:
        case NO_ANSWER:
          health.failed(error);
          LOG.warn("StartTask of task {} on {} has an unknown outcome ({}); looking for it before trying again",
              t.idValue(), t.containerInstanceArn(), EcsErrors.describe(error));
          lookFor(t, request, attempt, 1, loop.nowMillis());
          return;
        case REJECTED:
          health.answered();
          fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID,
              "ECS rejected StartTask: " + EcsErrors.describe(error));
          return;
        case THROTTLED:
          if (attempt < MAX_START_ATTEMPTS + PATIENCE_ROUNDS && !closing) {
            // Throttled calls did nothing: starting again is safe, and losing the task is not an option.
            LOG.warn("StartTask of task {} still throttled; trying again", t.idValue());
            loop.schedule(PATIENCE_DELAY_MILLIS, () -> {
              if (!t.terminal() && tasks.get(t.idValue()) == t) {
                start(t, request, attempt + 1);
              }
            });
            return;
          }
          health.failed(error);
          fail(t, dropState(), Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN,
              "ECS did not start the task: " + EcsErrors.describe(error));
          return;
        default:
          health.failed(error);
          fail(t, dropState(), Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN,
              "ECS did not start the task: " + EcsErrors.describe(error));
          return;
      }
    }
    health.answered();
    StartTaskResponse response = started.response();
    if (response.hasTasks() && !response.tasks().isEmpty()) {
      adopt(t, response.tasks().get(0), started.landed());
      return;
    }
    Failure failure = response.hasFailures() && !response.failures().isEmpty() ? response.failures().get(0) : null;
    failedToStart(t, failure);
  }

  private void adopt(TrackedTask t, Task ecsTask, long landed) {
    tasks.bindArn(t, ecsTask.taskArn());
    if (ecsTask.containerInstanceArn() != null) {
      t.containerInstanceArn(ecsTask.containerInstanceArn());
    }
    t.phase(TrackedTask.Phase.STARTED);
    t.startedAtMillis(loop.nowMillis());
    // ECS counts the task against the instance now; descriptions asked from here on show it.
    t.holdUntilLanded(landed);
    LOG.info("Task {} is ECS task {} on {}", t.idValue(), ecsTask.taskArn(), t.containerInstanceArn());
    monitor.observe(t, ecsTask);
    if (t.killRequested() && !t.terminal()) {
      monitor.stop(t, TaskMonitor.KILL_REASON_PREFIX + " " + framework.info().getName());
    }
  }

  private void failedToStart(TrackedTask t, Failure failure) {
    String reason = failure == null || failure.reason() == null ? "no reason given" : failure.reason();
    String where = "container instance " + t.agentId();
    String detail = failure != null && failure.detail() != null ? " (" + failure.detail() + ")" : "";
    if (reason.startsWith("RESOURCE:")) {
      fail(t, dropState(), Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, "ECS could not place the task on " + where
          + ": " + reason + detail + "; the offered resources were taken in the meantime");
    } else if ("AGENT".equals(reason)) {
      fail(t, dropState(), Protos.TaskStatus.Reason.REASON_SLAVE_DISCONNECTED,
          "ECS could not start the task: the ECS agent of " + where + " is disconnected (AGENT)" + detail);
    } else if ("INACTIVE".equals(reason) || "MISSING".equals(reason)) {
      fail(t, dropState(), Protos.TaskStatus.Reason.REASON_SLAVE_REMOVED,
          "ECS could not start the task: " + where + " is no longer registered (" + reason + ")" + detail);
    } else if ("ATTRIBUTE".equals(reason)) {
      fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID,
          "The task definition requires attributes that " + where + " does not have (ATTRIBUTE)" + detail);
    } else {
      fail(t, dropState(), Protos.TaskStatus.Reason.REASON_INVALID_OFFERS,
          "ECS could not start the task on " + where + ": " + reason + detail);
    }
  }

  /**
   * Resolves an unknown StartTask outcome: looks for an ECS task tagged with this Mesos task ID on the
   * container instance; adopts it if found, starts again if ECS confirms there is none.
   */
  private void lookFor(final TrackedTask t, final StartTaskRequest request, final int attempt, final int lookup,
      final long unknownSinceMillis) {
    long delay = Math.min(MAX_LOOKUP_DELAY_MILLIS, FIRST_LOOKUP_DELAY_MILLIS << Math.min(lookup - 1, 10));
    loop.schedule(delay, () -> {
      if (t.terminal() || tasks.get(t.idValue()) != t) {
        return;
      }
      final String instance = t.containerInstanceArn();
      CompletableFuture<List<DescribeTasksResponse>> found = gateway.tasksOn(instance, DesiredStatus.RUNNING)
          .thenCombine(gateway.tasksOn(instance, DesiredStatus.STOPPED), (running, stopped) -> {
            List<String> all = new ArrayList<>(running);
            all.addAll(stopped);
            return all;
          })
          .thenCompose(this::describeUnknown);
      loop.whenDone(found, (responses, error) -> {
        if (t.terminal() || tasks.get(t.idValue()) != t) {
          return;
        }
        if (error != null) {
          health.failed(error);
          LOG.warn("Cannot look for task {} on {} yet ({}); asking again", t.idValue(), instance,
              EcsErrors.describe(error));
          lookFor(t, request, attempt, lookup + 1, unknownSinceMillis);
          return;
        }
        health.answered();
        Task match = match(t, responses);
        if (match != null) {
          LOG.info("Task {} was started by the StartTask with unknown outcome: ECS task {}", t.idValue(),
              match.taskArn());
          adopt(t, match, gateway.markLanded());
        } else if (loop.nowMillis() - unknownSinceMillis < ABSENCE_CONFIRMATION_MILLIS) {
          lookFor(t, request, attempt, lookup + 1, unknownSinceMillis); // too early to trust the absence
        } else if (closing) {
          tasks.forget(t);
        } else if (t.killRequested()) {
          fail(t, Protos.TaskState.TASK_KILLED, Protos.TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH,
              "Task killed while its launch was being confirmed; ECS never started it");
        } else if (attempt < MAX_START_ATTEMPTS) {
          LOG.info("Task {} does not exist on {}; starting it again", t.idValue(), instance);
          start(t, request, attempt + 1);
        } else {
          fail(t, dropState(), Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN, "ECS did not start the task: "
              + attempt + " StartTask calls had no known outcome and no such task exists on " + t.agentId());
        }
      });
    });
  }

  private CompletableFuture<List<DescribeTasksResponse>> describeUnknown(List<String> arns) {
    List<String> unknown = new ArrayList<>();
    for (String arn : arns) {
      if (tasks.byArn(arn) == null) {
        unknown.add(arn);
      }
    }
    if (unknown.isEmpty()) {
      return CompletableFuture.completedFuture(Collections.<DescribeTasksResponse>emptyList());
    }
    return gateway.describeTasksWithTags(unknown);
  }

  private Task match(TrackedTask t, List<DescribeTasksResponse> responses) {
    String frameworkId = framework.id().getValue();
    for (DescribeTasksResponse r : responses) {
      for (Task task : r.tasks()) {
        if (FrameworkTags.belongsTo(task, frameworkId)
            && t.idValue().equals(FrameworkTags.mesosTaskId(task).orElse(null))) {
          return task;
        }
      }
    }
    return null;
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
