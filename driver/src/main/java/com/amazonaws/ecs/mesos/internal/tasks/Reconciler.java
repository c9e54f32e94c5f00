package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import java.util.Collection;
import com.amazonaws.ecs.mesos.internal.translate.MasterStatus;
import org.apache.mesos.Protos;

/**
 * Answers {@code reconcileTasks} from the TaskBook, at once and without calling ECS (the book is kept in step
 * with ECS by polling, and rebuilt from ECS after a failover), as Mesos's master answers from its memory.
 *
 * <ul>
 *   <li>Implicit (empty list): every live task, and every terminal one whose updates are not all
 *       acknowledged yet (Mesos's master keeps those until acknowledged).</li>
 *   <li>Explicit: each known task (completed ones included while remembered); a task unknown on an agent that
 *       is registered but unreachable is TASK_UNREACHABLE (TASK_LOST for frameworks that are not
 *       PARTITION_AWARE), on a reachable registered agent TASK_GONE (TASK_LOST); on an unknown or missing
 *       agent TASK_UNKNOWN (TASK_LOST).</li>
 * </ul>
 * The state answered for a known task is the latest one the framework was sent in the task's stream
 * (Mesos's {@code status_update_state}), never one still queued behind an unacknowledged update.
 * Every answer: source MASTER, REASON_RECONCILIATION, no uuid. Marathon's liveness heartbeat reconciles a
 * fake task on a fake agent and relies on the prompt TASK_LOST/TASK_UNKNOWN.
 */
public final class Reconciler {
  private final TaskBook tasks;
  private final AgentBook agents;
  private final StatusUpdates updates;
  private final FrameworkState framework;
  private final DriverLoop loop;

  public Reconciler(TaskBook tasks, AgentBook agents, StatusUpdates updates, FrameworkState framework,
      DriverLoop loop) {
    this.tasks = tasks;
    this.agents = agents;
    this.updates = updates;
    this.framework = framework;
    this.loop = loop;
  }

  public void reconcile(Collection<Protos.TaskStatus> statuses) {
    double now = loop.nowMillis() / 1000.0;
    if (statuses.isEmpty()) {
      for (TrackedTask t : tasks.reconcilable()) {
        updates.fromMaster(latest(t, now));
      }
      return;
    }
    for (Protos.TaskStatus asked : statuses) {
      TrackedTask t = tasks.get(asked.getTaskId().getValue());
      updates.fromMaster(t != null ? latest(t, now) : unknown(asked, now));
    }
  }

  /** The reconciliation answer for a task of the book: the state its stream has reached. */
  static Protos.TaskStatus latest(TrackedTask t, double timestamp) {
    Protos.TaskStatus reported = t.reported();
    Protos.TaskState state = reported == null ? Protos.TaskState.TASK_STAGING : reported.getState();
    Protos.TaskStatus.Builder s = MasterStatus.of(t.id(), t.slaveId(), state,
        Protos.TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: Latest task state", timestamp);
    if (reported != null && reported.hasHealthy()) {
      s.setHealthy(reported.getHealthy());
    }
    if (reported != null && reported.hasUnreachableTime()) {
      s.setUnreachableTime(reported.getUnreachableTime());
    }
    return s.build();
  }

  private Protos.TaskStatus unknown(Protos.TaskStatus asked, double timestamp) {
    boolean partitionAware = framework.partitionAware();
    String agentId = asked.hasSlaveId() ? asked.getSlaveId().getValue() : null;
    Protos.TaskState state;
    String message;
    if (agentId != null && agents.unreachable(agentId, loop.nowMillis())) {
      // Mesos cannot know what an unreachable agent runs: the task may come back with it.
      state = partitionAware ? Protos.TaskState.TASK_UNREACHABLE : Protos.TaskState.TASK_LOST;
      message = "Reconciliation: Task is unreachable";
    } else if (agentId != null && agents.known(agentId)) {
      state = partitionAware ? Protos.TaskState.TASK_GONE : Protos.TaskState.TASK_LOST;
      message = "Reconciliation: Task is unknown to the agent";
    } else {
      state = partitionAware ? Protos.TaskState.TASK_UNKNOWN : Protos.TaskState.TASK_LOST;
      message = "Reconciliation: Task is unknown";
    }
    Protos.TaskStatus.Builder s = MasterStatus.of(asked.getTaskId(), asked.hasSlaveId() ? asked.getSlaveId() : null,
        state, Protos.TaskStatus.Reason.REASON_RECONCILIATION, message, timestamp);
    if (state == Protos.TaskState.TASK_UNREACHABLE) {
      s.setUnreachableTime(Protos.TimeInfo.newBuilder().setNanoseconds(agents.unreachableSinceMillis(agentId)
          * 1_000_000L));
    }
    return s.build();
  }
}
