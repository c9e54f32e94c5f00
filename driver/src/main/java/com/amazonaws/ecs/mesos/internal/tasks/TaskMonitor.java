package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.translate.StatusContext;
import com.amazonaws.ecs.mesos.internal.translate.StatusDecision;
import com.amazonaws.ecs.mesos.internal.translate.StatusMapping;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;
import com.amazonaws.ecs.mesos.internal.translate.MasterStatus;
import org.apache.mesos.Protos;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Watches the framework's tasks on ECS and turns what ECS says into status updates.
 *
 * <p>Descriptions come from {@link TaskSweeps} and the launch answers, events from the events queue. Each goes
 * through {@link StatusMapping} with what only the
 * driver knows (kill requested, agent state, last state sent), so every state is sent once and in order.
 * Kills go to ECS as {@code StopTask}; the framework learns the outcome from the updates that follow.
 */
public final class TaskMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(TaskMonitor.class);
  /** Starts the {@code reason} of every StopTask the driver sends, so a successor can tell its kills. */
  public static final String KILL_REASON_PREFIX = "Killed by Mesos framework";

  private final DriverLoop loop;
  private final EcsGateway gateway;
  private final TaskBook tasks;
  private final AgentBook agents;
  private final StatusUpdates updates;
  private final FrameworkState framework;
  private final EcsHealth health;
  private final MetricsRecorder metrics;
  private final GroupMonitor groups;
  private int stopsInFlight;
  private java.util.function.Function<String, com.amazonaws.ecs.mesos.internal.events.EcsEvent> earlyEvents =
      arn -> null;

  public TaskMonitor(DriverLoop loop, EcsGateway gateway, TaskBook tasks, AgentBook agents, StatusUpdates updates,
      FrameworkState framework, EcsHealth health) {
    this(loop, gateway, tasks, agents, updates, framework, health, new MetricsRecorder());
  }

  public TaskMonitor(DriverLoop loop, EcsGateway gateway, TaskBook tasks, AgentBook agents, StatusUpdates updates,
      FrameworkState framework, EcsHealth health, MetricsRecorder metrics) {
    this.metrics = metrics;
    this.loop = loop;
    this.gateway = gateway;
    this.tasks = tasks;
    this.agents = agents;
    this.updates = updates;
    this.framework = framework;
    this.health = health;
    this.groups = new GroupMonitor(this, loop, framework);
  }

  // ---- mapping

  StatusContext context(TrackedTask t) {
    return StatusContext.builder()
        .capabilitiesOf(framework.info())
        .killRequested(t.killRequested())
        .agent(agents.state(t.agentId(), loop.nowMillis()))
        .lastSent(t.latest() == null ? null : t.latest().getState())
        .lastHealthy(t.lastHealthy())
        .nonEssentialContainers(t.nonEssentialContainers())
        .build();
  }

  /** Where the events of a task that came before its RunTask answer wait. */
  public void earlyEvents(java.util.function.Function<String, com.amazonaws.ecs.mesos.internal.events.EcsEvent> take) {
    this.earlyEvents = take;
  }

  /** A launch answered with the task's ARN: applies the newest event that arrived before the answer. */
  void adopted(TrackedTask t) {
    com.amazonaws.ecs.mesos.internal.events.EcsEvent e = earlyEvents.apply(t.arn());
    if (e != null) {
      observe(t, e.task());
    }
  }

  /**
   * Sends whatever update the task's ECS description (or event, or launch or StopTask answer) calls for, unless
   * ECS already said something of a later version of the task; true when it sent one.
   */
  public boolean observe(TrackedTask t, Task ecsTask) {
    if (t.group() != null) {
      return groups.observe(t.group(), ecsTask); // each member from its own container, even after the carrier ended
    }
    if (t.terminal() || !t.newer(ecsTask.version() == null ? 0 : ecsTask.version(), loop.nowMillis())) {
      return false; // an event or description of a later version of the task came first
    }
    return apply(t, ecsTask);
  }

  /** Sends the update {@code ecsTask} calls for (the version already checked); true when it sent one. */
  boolean apply(TrackedTask t, Task ecsTask) {
    t.taskDefinitionArn(ecsTask.taskDefinitionArn());
    String ip = com.amazonaws.ecs.mesos.internal.translate.TaskAddresses.privateIp(ecsTask);
    if (ip != null) {
      t.privateIp(ip);
    }
    if ("STOPPED".equals(ecsTask.desiredStatus())) {
      t.ecsStopping(true);
    }
    Optional<StatusDecision> decision = StatusMapping.next(ecsTask, context(t));
    if (!decision.isPresent()) {
      return false;
    }
    StatusDecision d = decision.get();
    if (ranUnseen(t, ecsTask, d)) {
      // The task ran and ended between two sweeps. A Mesos agent always reports TASK_RUNNING for a task that
      // ran, and frameworks count on it (health, launch timeouts): ECS's startedAt proves it ran.
      Protos.TaskStatus.Builder running = Protos.TaskStatus.newBuilder()
          .setTaskId(t.id())
          .setState(Protos.TaskState.TASK_RUNNING)
          .setSource(Protos.TaskStatus.Source.SOURCE_SLAVE)
          .setMessage("ECS task was RUNNING from " + ecsTask.startedAt())
          .setTimestamp(ecsTask.startedAt().toEpochMilli() / 1000.0)
          .setUuid(newUuid());
      if (t.slaveId() != null) {
        running.setSlaveId(t.slaveId());
      }
      record(t, running.build());
    }
    boolean healthChange = d.reason() == Protos.TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED;
    java.time.Instant at = healthChange ? null : eventInstant(ecsTask, d.state());
    emit(t, d, at == null ? timestamp() : at.toEpochMilli() / 1000.0);
    if (at != null) {
      metrics.statusLatency(loop.nowMillis() - at.toEpochMilli());
    }
    return true;
  }

  /**
   * Sends a recovered task's current state (after a failover): the successor cannot know what its
   * predecessor delivered and had acknowledged (ECS keeps no acknowledgements), so, as Mesos's agents resend
   * every unacknowledged update to the framework's new instance, it sends each recovered task's state as an
   * update of the task's stream, with a uuid: at least once, never lost. A task stopping on its own (its
   * terminal state follows at STOPPED) is sent as running or starting.
   */
  void recovered(TrackedTask t, Task ecsTask) {
    Optional<StatusDecision> decision = StatusMapping.next(ecsTask, context(t));
    if (decision.isPresent()) {
      java.time.Instant at = eventInstant(ecsTask, decision.get().state());
      emit(t, decision.get(), at == null ? timestamp() : at.toEpochMilli() / 1000.0);
      return;
    }
    Protos.TaskStatus.Builder b = Protos.TaskStatus.newBuilder().setTaskId(t.id())
        .setState(ecsTask.startedAt() != null ? Protos.TaskState.TASK_RUNNING : Protos.TaskState.TASK_STARTING)
        .setSource(Protos.TaskStatus.Source.SOURCE_SLAVE).setTimestamp(timestamp())
        .setMessage("ECS task is " + ecsTask.lastStatus()).setUuid(newUuid());
    if (t.slaveId() != null) {
      b.setSlaveId(t.slaveId());
    }
    record(t, b.build());
  }

  /**
   * When ECS says the change happened, in seconds: a sweep may see it up to a poll interval late, and
   * frameworks take TASK_RUNNING's timestamp as the task's start time. Falls back to now.
   */
  private static java.time.Instant eventInstant(Task ecsTask, Protos.TaskState state) {
    java.time.Instant at;
    switch (state) {
      case TASK_STARTING:
        at = ecsTask.createdAt();
        break;
      case TASK_RUNNING:
        at = ecsTask.startedAt();
        break;
      case TASK_KILLING:
        at = ecsTask.stoppingAt();
        break;
      default:
        at = StatusMapping.isTerminal(state) && ecsTask.stoppedAt() != null ? ecsTask.stoppedAt() : null;
        break;
    }
    return at;
  }

  private static boolean ranUnseen(TrackedTask t, Task ecsTask, StatusDecision d) {
    Protos.TaskState last = t.latest() == null ? null : t.latest().getState();
    boolean notYetRunning = last == null || last == Protos.TaskState.TASK_STAGING
        || last == Protos.TaskState.TASK_STARTING;
    boolean ended = d.state() == Protos.TaskState.TASK_FINISHED || d.state() == Protos.TaskState.TASK_FAILED
        || d.state() == Protos.TaskState.TASK_KILLED;
    return notYetRunning && ended && !d.fromMaster() && ecsTask.startedAt() != null;
  }

  /** Sends a decided update: with a uuid for the task's own life, without for what the master would say. */
  void emit(TrackedTask t, StatusDecision decision) {
    emit(t, decision, timestamp());
  }

  private void emit(TrackedTask t, StatusDecision decision, double timestampSeconds) {
    ByteString uuid = decision.fromMaster() ? null : newUuid();
    record(t, decision.toTaskStatus(t.id(), t.slaveId(), uuid, timestampSeconds));
  }

  /** Sends an update the master generates (no uuid) for a task of the book. */
  void emitFromMaster(TrackedTask t, Protos.TaskState state, Protos.TaskStatus.Reason reason, String message) {
    if (t.group() != null) {
      // A group is launched (or refused) as one: what the master says of the launch, it says of every member.
      for (TrackedTask m : t.group().members()) {
        if (!m.terminal()) {
          record(m, MasterStatus.of(m.id(), m.slaveId(), state, reason, message, timestamp()).build());
        }
      }
      return;
    }
    record(t, MasterStatus.of(t.id(), t.slaveId(), state, reason, message, timestamp()).build());
  }

  private void record(TrackedTask t, Protos.TaskStatus status) {
    if (t.note() != null) {
      // A value that looked like a family name ran as a shell command: every update says so.
      String message = status.hasMessage() && !status.getMessage().isEmpty() ? t.note() + "; " + status.getMessage()
          : t.note();
      status = status.toBuilder().setMessage(message).build();
    }
    status = GroupMonitor.explained(t, status);
    if (t.sizeNote() != null) {
      status = status.toBuilder().setMessage(t.sizeNote() + (status.hasMessage() && !status.getMessage().isEmpty()
          ? "; " + status.getMessage() : "")).build();
    }
    if (t.privateIp() != null && !status.hasContainerStatus()) {
      status = status.toBuilder().setContainerStatus(
          com.amazonaws.ecs.mesos.internal.translate.TaskAddresses.containerStatus(t.privateIp())).build();
    }
    t.latest(status);
    metrics.update(status.getState().name());
    if (t.terminal()) {
      tasks.completed(t);
      if (status.getState() == Protos.TaskState.TASK_LOST
          && status.getReason() == Protos.TaskStatus.Reason.REASON_SLAVE_DISCONNECTED) {
        t.stopWhenReachable(true);
      }
    }
    LOG.info("Task {} of framework {} (ECS {}, agent {}): {}{}", t.idValue(), framework.logName(),
        t.arn() == null ? "-" : t.arn(), t.agentId(), status.getState(),
        status.hasMessage() ? " - " + status.getMessage() : "");
    updates.send(t, status);
  }

  double timestamp() {
    return loop.nowMillis() / 1000.0;
  }

  static ByteString newUuid() {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return ByteString.copyFrom(b.array());
  }

  // ---- kills

  /**
   * Kills a task of the book; false when the task is unknown (the caller reconciles it).
   */
  public boolean kill(String taskId) {
    TrackedTask t = tasks.get(taskId);
    if (t == null) {
      return false;
    }
    if (t.terminal()) {
      // Mesos answers a kill of a finished task with its terminal state again.
      updates.fromMaster(Reconciler.latest(t, timestamp()));
      return true;
    }
    if (t.group() != null) {
      groups.kill(t); // as the default executor: a kill of one task kills the group
      return true;
    }
    t.killRequested(true);
    switch (t.phase()) {
      case PENDING:
        emitFromMaster(t, Protos.TaskState.TASK_KILLED, Protos.TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH,
            "Task killed before it was sent to ECS");
        break;
      case STARTING:
        LOG.info("Task {} will be stopped as soon as StartTask returns", taskId);
        break;
      default:
        killing(t, "Stopping the ECS task after the framework's kill");
        stop(t, KILL_REASON_PREFIX + " " + framework.info().getName());
        break;
    }
    return true;
  }

  /**
   * As a Mesos executor does on a kill: TASK_KILLING at once (for frameworks that know it), before ECS has begun
   * to stop the task, so that the KILLING a later description would map to can never arrive after TASK_KILLED.
   */
  void killing(TrackedTask t, String message) {
    if (!framework.has(Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE)
        || (t.latest() != null && t.latest().getState() == Protos.TaskState.TASK_KILLING)) {
      return;
    }
    Protos.TaskStatus.Builder killing = Protos.TaskStatus.newBuilder()
        .setTaskId(t.id())
        .setState(Protos.TaskState.TASK_KILLING)
        .setSource(Protos.TaskStatus.Source.SOURCE_SLAVE)
        .setMessage(message)
        .setTimestamp(timestamp())
        .setUuid(newUuid());
    if (t.slaveId() != null) {
      killing.setSlaveId(t.slaveId());
    }
    record(t, killing.build());
  }

  /**
   * Sends StopTask for a task ECS has; the outcome arrives through the status mapping. StopTask goes before
   * every waiting StartTask (see the gateway), so kills are not starved by launches.
   */
  void stop(final TrackedTask t, String reason) {
    LOG.info("Stopping ECS task {} (task {}, agent {})", t.arn(), t.idValue(), t.agentId());
    stopsInFlight++;
    t.stopInFlight(true);
    loop.whenDone(gateway.stopTask(t.arn(), reason), (ecsTask, error) -> {
      stopsInFlight--;
      t.stopInFlight(false);
      if (error != null) {
        if (!EcsGateway.notSent(error)) {
          health.failed(error);
        }
        t.stopError(EcsErrors.describe(error));
        LOG.warn("StopTask {} (task {}) failed: {}", t.arn(), t.idValue(), EcsErrors.describe(error));
        return;
      }
      health.answered();
      t.stopConfirmed(true);
      t.stopError(null);
      if (ecsTask != null) {
        observe(t, ecsTask);
      }
    });
  }

  /** StopTask calls sent and not answered yet. */
  public int stopsInFlight() {
    return stopsInFlight;
  }

  /**
   * Stops a live task for {@code stop(false)} unless its StopTask is on its way or was accepted already;
   * a task ECS does not have yet is stopped once its StartTask returns.
   */
  public void stopForTeardown(TrackedTask t, String reason) {
    t.killRequested(true);
    if (t.phase() == TrackedTask.Phase.STARTED && t.arn() != null && !stopping(t)) {
      stop(t, reason);
    }
  }

  /** Whether a StopTask of the task's ECS task is on its way or accepted (for a group: through any member). */
  private static boolean stopping(TrackedTask t) {
    if (t.group() == null) {
      return t.stopInFlight() || t.stopConfirmed();
    }
    for (TrackedTask m : t.group().members()) {
      if (m.stopInFlight() || m.stopConfirmed()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops, on an agent that is reachable again, the ECS tasks already reported TASK_LOST while it was not,
   * so that the framework's replacements are not doubled by tasks it believes lost.
   */
  public void agentReachable(String agentId) {
    for (TrackedTask t : tasks.onAgent(agentId)) {
      if (t.stopWhenReachable() && t.arn() != null) {
        t.stopWhenReachable(false);
        stop(t, "Reported lost to the Mesos framework while its agent was unreachable");
      }
    }
  }
}
