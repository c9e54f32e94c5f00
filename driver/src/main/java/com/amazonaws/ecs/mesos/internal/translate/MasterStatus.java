package com.amazonaws.ecs.mesos.internal.translate;

import org.apache.mesos.Protos;

/**
 * Status updates the Mesos master itself would generate (validation errors, reconciliation answers,
 * lost agents): source MASTER, a reason and a message, no uuid, so frameworks never acknowledge them.
 */
public final class MasterStatus {
  private MasterStatus() {}

  /** {@code agentId} may be null when the update concerns no known agent. */
  public static Protos.TaskStatus.Builder of(Protos.TaskID taskId, Protos.SlaveID agentId, Protos.TaskState state,
      Protos.TaskStatus.Reason reason, String message, double timestampSeconds) {
    Protos.TaskStatus.Builder s = Protos.TaskStatus.newBuilder()
        .setTaskId(taskId)
        .setState(state)
        .setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
        .setReason(reason)
        .setMessage(message)
        .setTimestamp(timestampSeconds);
    if (agentId != null) {
      s.setSlaveId(agentId);
    }
    return s;
  }
}
