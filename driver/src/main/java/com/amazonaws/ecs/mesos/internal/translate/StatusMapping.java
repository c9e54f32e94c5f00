package com.amazonaws.ecs.mesos.internal.translate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.apache.mesos.Protos.TaskStatus.Source;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Decides which Mesos status update, if any, an ECS task's current description calls for.
 *
 * <p>This is the heart of the driver's correctness: frameworks such as Marathon replace, restart or count
 * tasks on every update, so a wrong or repeated state means a lost or doubled service. Rules:
 * <ul>
 *   <li>PROVISIONING, PENDING, ACTIVATING → TASK_STARTING; RUNNING → TASK_RUNNING, never earlier.</li>
 *   <li>After the framework's kill, while ECS stops the task → TASK_KILLING (only with TASK_KILLING_STATE,
 *       else nothing); once STOPPED → TASK_KILLED, unless the task had already ended on its own
 *       (stop code EssentialContainerExited or TaskFailedToStart: the real outcome is reported, as a Mesos
 *       executor reports the exit it saw).</li>
 *   <li>STOPPED with every essential container exited 0 → TASK_FINISHED; an essential container exited
 *       non-zero or without an exit code → TASK_FAILED ({@code REASON_COMMAND_EXECUTOR_FAILED}) naming the
 *       container, its exit code and ECS's reasons; killed for memory ("OutOfMemoryError…") →
 *       {@code REASON_CONTAINER_LIMITATION_MEMORY}; TaskFailedToStart (e.g. CannotPullContainerError) →
 *       {@code REASON_CONTAINER_LAUNCH_FAILED}.</li>
 *   <li>Stopped by someone else (UserInitiated without a kill from this framework, ServiceSchedulerInitiated)
 *       → TASK_KILLED with a message saying so. Mesos itself reports tasks killed by an operator or another
 *       actor as TASK_KILLED; the task did not fail, and frameworks (Marathon) restart killed tasks of
 *       long-running apps exactly as they should here.</li>
 *   <li>Instance gone (spot interruption, termination notice, infrastructure health, "Host EC2 … terminated",
 *       or known deregistered) → TASK_GONE for PARTITION_AWARE frameworks, else TASK_LOST;
 *       {@code REASON_SLAVE_REMOVED}, source MASTER, as Mesos's master reports a removed agent's tasks.</li>
 *   <li>Agent disconnected while the task is not stopped → TASK_UNREACHABLE (PARTITION_AWARE) or TASK_LOST,
 *       {@code REASON_SLAVE_DISCONNECTED}. After a TASK_LOST nothing more is sent, so the caller should
 *       stop an ECS task that reappears on a reconnected agent, as old Mesos masters did.</li>
 *   <li>Unknown to ECS (DescribeTasks failure MISSING) → TASK_GONE / TASK_LOST, see {@link #missing}.</li>
 * </ul>
 * Each state is sent once, in order: never backwards (no STARTING after RUNNING), nothing after a terminal
 * state; UNREACHABLE may be followed by whatever the task turns out to be. A RUNNING task whose health
 * changes gets another TASK_RUNNING with {@code REASON_TASK_HEALTH_CHECK_STATUS_UPDATED}, as Mesos sends.
 */
public final class StatusMapping {

  private static final Set<String> STARTING = new HashSet<>(Arrays.asList("PROVISIONING", "PENDING", "ACTIVATING"));
  private static final Set<String> STOPPING = new HashSet<>(Arrays.asList("DEACTIVATING", "STOPPING", "DEPROVISIONING"));
  private static final Set<String> STOPPED = new HashSet<>(Arrays.asList("STOPPED", "DELETED"));
  private static final Set<String> INSTANCE_LOSS_CODES =
      new HashSet<>(Arrays.asList("SpotInterruption", "TerminationNotice", "InfrastructureHealth"));
  private static final Set<String> EXTERNAL_STOP_CODES =
      new HashSet<>(Arrays.asList("UserInitiated", "ServiceSchedulerInitiated"));
  /** ECS's wording when the instance under a task disappears: "Host EC2 (instance i-0abc) terminated." */
  private static final Pattern HOST_TERMINATED = Pattern.compile("(?i)^Host EC2 \\(instance [^)]*\\) (terminated|stopped)");
  private static final Set<TaskState> TERMINAL = Collections.unmodifiableSet(EnumSet.of(
      TaskState.TASK_FINISHED, TaskState.TASK_FAILED, TaskState.TASK_KILLED, TaskState.TASK_ERROR,
      TaskState.TASK_LOST, TaskState.TASK_DROPPED, TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR));

  private StatusMapping() {}

  /** Mesos's terminal states: after one of these nothing else is ever sent for the task. */
  public static boolean isTerminal(TaskState state) {
    return TERMINAL.contains(state);
  }

  /**
   * The next update for {@code task}, or empty when there is nothing new to say.
   *
   * <p>Example: a task whose {@code lastStatus} is RUNNING, with TASK_STARTING sent before, yields
   * TASK_RUNNING; the same task with TASK_RUNNING already sent yields nothing.
   */
  public static Optional<StatusDecision> next(Task task, StatusContext ctx) {
    return admit(candidate(task, ctx), ctx);
  }

  /**
   * The update for a tracked task ECS no longer knows (DescribeTasks reports it MISSING, e.g. stopped more
   * than an hour ago): TASK_GONE for PARTITION_AWARE frameworks, else TASK_LOST, source MASTER. Empty when
   * a terminal state was already sent.
   */
  public static Optional<StatusDecision> missing(StatusContext ctx) {
    String message = "ECS no longer knows this task (DescribeTasks: MISSING); its outcome is unknown"
        + (ctx.killRequested() ? " (a kill had been requested)" : "");
    return admit(Optional.of(new StatusDecision(ctx.partitionAware() ? TaskState.TASK_GONE : TaskState.TASK_LOST,
        Reason.REASON_TASK_UNKNOWN, Source.SOURCE_MASTER, message, null)), ctx);
  }

  private static Optional<StatusDecision> candidate(Task task, StatusContext ctx) {
    String status = task.lastStatus();
    if (status != null && STOPPED.contains(status)) {
      return Optional.of(stopped(task, ctx));
    }
    if (ctx.agent() == StatusContext.AgentState.GONE) {
      return Optional.of(instanceGone(task, ctx, "its container instance is no longer registered"));
    }
    if (ctx.agent() == StatusContext.AgentState.DISCONNECTED) {
      return Optional.of(new StatusDecision(
          ctx.partitionAware() ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST,
          Reason.REASON_SLAVE_DISCONNECTED, Source.SOURCE_MASTER,
          "The ECS agent of container instance " + instanceId(task) + " is disconnected; the task ("
              + status + ") cannot be observed", null));
    }
    boolean stopping = (status != null && STOPPING.contains(status)) || "STOPPED".equals(task.desiredStatus());
    if (ctx.killRequested() && stopping) {
      if (!ctx.taskKillingState()) {
        return Optional.empty();
      }
      return Optional.of(new StatusDecision(TaskState.TASK_KILLING, null, Source.SOURCE_SLAVE,
          "ECS is stopping the task (" + status + ") after the framework's kill", healthy(task, ctx)));
    }
    if (status != null && STARTING.contains(status)) {
      return Optional.of(new StatusDecision(TaskState.TASK_STARTING, null, Source.SOURCE_SLAVE,
          "ECS task is " + status, null));
    }
    if ("RUNNING".equals(status)) {
      return Optional.of(new StatusDecision(TaskState.TASK_RUNNING, null, Source.SOURCE_SLAVE,
          "ECS task is RUNNING", healthy(task, ctx)));
    }
    // Stopping without our kill (it exited, or someone stopped it): the terminal state follows at STOPPED.
    return Optional.empty();
  }

  private static StatusDecision stopped(Task task, StatusContext ctx) {
    String code = task.stopCodeAsString();
    if ("TaskFailedToStart".equals(code)) {
      return new StatusDecision(TaskState.TASK_FAILED, Reason.REASON_CONTAINER_LAUNCH_FAILED, Source.SOURCE_SLAVE,
          "ECS could not start the task: " + orUnknown(task.stoppedReason()) + containerReasons(task), null);
    }
    if ("EssentialContainerExited".equals(code)) {
      return exits(task, ctx);
    }
    if (ctx.killRequested()) {
      return new StatusDecision(TaskState.TASK_KILLED, null, Source.SOURCE_SLAVE,
          "Task killed by the framework; ECS: " + orUnknown(task.stoppedReason()), null);
    }
    String reason = task.stoppedReason();
    if ((code != null && INSTANCE_LOSS_CODES.contains(code))
        || (reason != null && HOST_TERMINATED.matcher(reason).find())
        || ctx.agent() == StatusContext.AgentState.GONE) {
      return instanceGone(task, ctx, (code == null ? "" : code + ": ") + orUnknown(reason));
    }
    if (code != null && EXTERNAL_STOP_CODES.contains(code)) {
      return new StatusDecision(TaskState.TASK_KILLED, null, Source.SOURCE_SLAVE,
          "Task was stopped outside the framework (" + code + "): " + orUnknown(reason), null);
    }
    return exits(task, ctx);
  }

  /** The outcome of a task that ended on its own, read from its essential containers' exits. */
  private static StatusDecision exits(Task task, StatusContext ctx) {
    List<Container> essential = new ArrayList<>();
    if (task.hasContainers()) {
      for (Container c : task.containers()) {
        if (!ctx.nonEssentialContainers().contains(c.name())) {
          essential.add(c);
        }
      }
    }
    String ecs = "; ECS: " + orUnknown(task.stoppedReason());
    if (essential.isEmpty()) {
      return failed(Reason.REASON_COMMAND_EXECUTOR_FAILED,
          "ECS stopped the task without reporting essential containers" + ecs);
    }
    for (Container c : essential) {
      if (c.reason() != null && c.reason().startsWith("OutOfMemoryError")) {
        return failed(Reason.REASON_CONTAINER_LIMITATION_MEMORY, describe(c) + ecs);
      }
    }
    List<String> problems = new ArrayList<>();
    for (Container c : essential) {
      if (c.exitCode() == null || c.exitCode() != 0) {
        problems.add(describe(c));
      }
    }
    if (!problems.isEmpty()) {
      return failed(Reason.REASON_COMMAND_EXECUTOR_FAILED, String.join("; ", problems) + ecs);
    }
    return new StatusDecision(TaskState.TASK_FINISHED, null, Source.SOURCE_SLAVE,
        "All essential containers exited with code 0" + ecs, null);
  }

  private static StatusDecision failed(Reason reason, String message) {
    return new StatusDecision(TaskState.TASK_FAILED, reason, Source.SOURCE_SLAVE, message, null);
  }

  private static StatusDecision instanceGone(Task task, StatusContext ctx, String why) {
    String where = task.containerInstanceArn() == null && task.launchType() == LaunchType.FARGATE
        ? "Fargate took back the task's capacity (" + (task.capacityProviderName() == null ? "FARGATE"
            : task.capacityProviderName()) + "): "
        : "Container instance " + instanceId(task) + " is gone: ";
    return new StatusDecision(ctx.partitionAware() ? TaskState.TASK_GONE : TaskState.TASK_LOST,
        Reason.REASON_SLAVE_REMOVED, Source.SOURCE_MASTER, where + why, null);
  }

  /** "Essential container 'web' exited with code 3 (reason: ...)". */
  private static String describe(Container c) {
    String what = c.exitCode() == null ? "stopped without an exit code" : "exited with code " + c.exitCode();
    return "Essential container '" + c.name() + "' " + what + (c.reason() == null ? "" : " (" + c.reason() + ")");
  }

  private static String containerReasons(Task task) {
    StringBuilder s = new StringBuilder();
    if (task.hasContainers()) {
      for (Container c : task.containers()) {
        if (c.reason() != null && !c.reason().isEmpty()) {
          s.append("; container '").append(c.name()).append("': ").append(c.reason());
        }
      }
    }
    return s.toString();
  }

  /**
   * ECS's own aggregate ({@code Task.healthStatus}) when decided; otherwise derived from the essential
   * containers: any UNHEALTHY → false, all HEALTHY → true, else unknown (containers without a health check
   * report UNKNOWN).
   */
  static Boolean healthy(Task task, StatusContext ctx) {
    HealthStatus aggregate = task.healthStatus();
    if (aggregate == HealthStatus.HEALTHY) {
      return Boolean.TRUE;
    }
    if (aggregate == HealthStatus.UNHEALTHY) {
      return Boolean.FALSE;
    }
    if (!task.hasContainers()) {
      return null;
    }
    boolean allHealthy = true;
    boolean any = false;
    for (Container c : task.containers()) {
      if (ctx.nonEssentialContainers().contains(c.name())) {
        continue;
      }
      any = true;
      if (c.healthStatus() == HealthStatus.UNHEALTHY) {
        return Boolean.FALSE;
      }
      allHealthy &= c.healthStatus() == HealthStatus.HEALTHY;
    }
    return any && allHealthy ? Boolean.TRUE : null;
  }

  /** Applies "each state once, in order, nothing after terminal" to a candidate update. */
  private static Optional<StatusDecision> admit(Optional<StatusDecision> candidate, StatusContext ctx) {
    if (!candidate.isPresent()) {
      return candidate;
    }
    StatusDecision next = candidate.get();
    TaskState last = ctx.lastSent();
    if (last == null) {
      return candidate;
    }
    if (isTerminal(last)) {
      return Optional.empty();
    }
    if (next.state() == last) {
      boolean healthChanged = next.healthy() != null && !next.healthy().equals(ctx.lastHealthy());
      if (last == TaskState.TASK_RUNNING && healthChanged) {
        return Optional.of(next.withReason(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED,
            "Task is " + (next.healthy() ? "healthy" : "unhealthy") + " (ECS health check)"));
      }
      return Optional.empty();
    }
    if (isTerminal(next.state()) || next.state() == TaskState.TASK_UNREACHABLE || last == TaskState.TASK_UNREACHABLE) {
      return candidate;
    }
    return rank(next.state()) > rank(last) ? candidate : Optional.<StatusDecision>empty();
  }

  private static int rank(TaskState state) {
    switch (state) {
      case TASK_STARTING: return 1;
      case TASK_RUNNING: return 2;
      case TASK_KILLING: return 3;
      default: return 0; // STAGING, UNKNOWN: before anything ECS reports
    }
  }

  private static String instanceId(Task task) {
    String arn = task.containerInstanceArn();
    return arn == null || arn.isEmpty() ? "(unknown)" : EcsArns.containerInstanceId(arn);
  }

  private static String orUnknown(String s) {
    return s == null || s.isEmpty() ? "no reason given" : s;
  }
}
