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
 *   <li>Implicit (empty list): the latest state of every live task.</li>
 *   <li>Explicit: the latest state of each known task (completed ones included while remembered); a task
 *       unknown on a registered agent is TASK_LOST (TASK_GONE for PARTITION_AWARE frameworks); on an unknown
 *       or missing agent TASK_LOST (TASK_UNKNOWN).</li>
 * </ul>
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
      for (TrackedTask t : tasks.live()) {
        updates.fromMaster(latest(t, now));
      }
      return;
    }
    for (Protos.TaskStatus asked : statuses) {
      TrackedTask t = tasks.get(asked.getTaskId().getValue());
      updates.fromMaster(t != null ? latest(t, now) : unknown(asked, now));
    }
  }

  /** The reconciliation answer for a task of the book. */
  static Protos.TaskStatus latest(TrackedTask t, double timestamp) {
    Protos.TaskStatus.Builder s = MasterStatus.of(t.id(), t.slaveId(), t.latestState(),
        Protos.TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: Latest task state", timestamp);
    if (t.latest() != null && t.latest().hasHealthy()) {
      s.setHealthy(t.latest().getHealthy());
    }
    return s.build();
  }

  private Protos.TaskStatus unknown(Protos.TaskStatus asked, double timestamp) {
    boolean partitionAware = framework.partitionAware();
    boolean knownAgent = asked.hasSlaveId() && agents.known(asked.getSlaveId().getValue());
    Protos.TaskState state = knownAgent
        ? (partitionAware ? Protos.TaskState.TASK_GONE : Protos.TaskState.TASK_LOST)
        : (partitionAware ? Protos.TaskState.TASK_UNKNOWN : Protos.TaskState.TASK_LOST);
    String message = knownAgent ? "Reconciliation: Task is unknown to the agent" : "Reconciliation: Task is unknown";
    return MasterStatus.of(asked.getTaskId(), asked.hasSlaveId() ? asked.getSlaveId() : null, state,
        Protos.TaskStatus.Reason.REASON_RECONCILIATION, message, timestamp).build();
  }
}
