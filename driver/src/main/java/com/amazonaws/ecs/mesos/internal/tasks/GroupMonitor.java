package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.translate.GroupMemberView;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * What Mesos's default executor does for a task group, done by the driver for the group's one ECS task:
 * each member's updates from its own container, the whole group killed when one member fails or is killed,
 * and the ECS task stopped (the executor's exit) once every member has ended.
 */
final class GroupMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(GroupMonitor.class);

  private final TaskMonitor monitor;
  private final DriverLoop loop;
  private final FrameworkState framework;

  GroupMonitor(TaskMonitor monitor, DriverLoop loop, FrameworkState framework) {
    this.monitor = monitor;
    this.loop = loop;
    this.framework = framework;
  }

  /** Applies a description or event of the group's ECS task to every member; true when an update was sent. */
  boolean observe(TaskGroup group, Task ecsTask) {
    long version = ecsTask.version() == null ? 0 : ecsTask.version();
    boolean sent = false;
    for (TrackedTask m : group.members()) {
      if (m.terminal() || !m.newer(version, loop.nowMillis())) {
        continue;
      }
      sent |= monitor.apply(m, GroupMemberView.of(ecsTask, group.container(m), m.killRequested()));
    }
    enforce(group, ecsTask);
    return sent;
  }

  /**
   * As the default executor: a member that ended other than TASK_FINISHED kills the others; when all have
   * ended, the executor exits (the ECS task is stopped).
   */
  private void enforce(TaskGroup group, Task ecsTask) {
    boolean ecsStopping = "STOPPED".equals(ecsTask.desiredStatus()) || "STOPPED".equals(ecsTask.lastStatus());
    if (ecsStopping) {
      return;
    }
    if (group.killCause() == null) {
      for (TrackedTask m : group.members()) {
        Protos.TaskState state = m.latest() == null ? null : m.latest().getState();
        if (m.terminal() && state != Protos.TaskState.TASK_FINISHED) {
          killAll(group, "task '" + m.idValue() + "' ended " + state);
          return;
        }
      }
    }
    if (group.allTerminal() && !group.endedStopSent()) {
      group.endedStopSent(true);
      TrackedTask any = group.anyWithArn();
      if (any != null) {
        LOG.info("Every task of the group of {} ended; stopping ECS task {}", group.carrier().idValue(), any.arn());
        monitor.stop(any, TaskMonitor.KILL_REASON_PREFIX + " " + framework.info().getName()
            + " (every task of the group ended)");
      }
    }
  }

  /** The framework killed one member: as the default executor does, the whole group is killed. */
  void kill(TrackedTask member) {
    killAll(member.group(), "the framework killed task '" + member.idValue() + "'");
  }

  private void killAll(TaskGroup group, String cause) {
    if (group.killCause() == null) {
      group.killCause(cause);
    }
    LOG.info("Killing the task group of {} ({}): {}", group.carrier().idValue(), group.members().size(), cause);
    for (TrackedTask m : group.members()) {
      if (!m.terminal()) {
        m.killRequested(true);
      }
    }
    TrackedTask carrier = group.carrier();
    TrackedTask started = group.anyWithArn();
    if (started == null) {
      if (carrier.phase() == TrackedTask.Phase.PENDING) {
        monitor.emitFromMaster(carrier, Protos.TaskState.TASK_KILLED,
            Protos.TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH, "Task group killed before it was sent to ECS: "
                + cause);
      } else {
        LOG.info("Task group of {} will be stopped as soon as its launch returns", carrier.idValue());
      }
      return;
    }
    for (TrackedTask m : group.members()) {
      if (!m.terminal()) {
        monitor.killing(m, "Stopping the task group's ECS task: " + cause);
      }
    }
    if (!started.stopInFlight()) {
      monitor.stop(started, TaskMonitor.KILL_REASON_PREFIX + " " + framework.info().getName() + " (task group: "
          + cause + ")");
    }
  }

  /** The message of a member's update while its group is being killed: why, when it is not its own doing. */
  static Protos.TaskStatus explained(TrackedTask t, Protos.TaskStatus status) {
    TaskGroup group = t.group();
    if (group == null || group.killCause() == null || status.getState() != Protos.TaskState.TASK_KILLED) {
      return status;
    }
    String message = "Killed with its task group: " + group.killCause()
        + (status.hasMessage() ? "; " + status.getMessage() : "");
    return status.toBuilder().setMessage(message).build();
  }
}
