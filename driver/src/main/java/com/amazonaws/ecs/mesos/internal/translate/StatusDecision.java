package com.amazonaws.ecs.mesos.internal.translate;

import com.google.protobuf.ByteString;
import org.apache.mesos.Protos;

/**
 * The update {@link StatusMapping} decided to send: state, reason, source, message and health, without the
 * per-delivery values (uuid, timestamp) that only the caller may create, so the decision stays pure and
 * comparable in tests. {@link #toTaskStatus} adds those values.
 */
public final class StatusDecision {
  private final Protos.TaskState state;
  private final Protos.TaskStatus.Reason reason;
  private final Protos.TaskStatus.Source source;
  private final String message;
  private final Boolean healthy;

  StatusDecision(Protos.TaskState state, Protos.TaskStatus.Reason reason, Protos.TaskStatus.Source source,
      String message, Boolean healthy) {
    this.state = state;
    this.reason = reason;
    this.source = source;
    this.message = message;
    this.healthy = healthy;
  }

  public Protos.TaskState state() {
    return state;
  }

  /** Null when Mesos would send no reason (e.g. a plain TASK_RUNNING). */
  public Protos.TaskStatus.Reason reason() {
    return reason;
  }

  public Protos.TaskStatus.Source source() {
    return source;
  }

  public String message() {
    return message;
  }

  /** Null when health is unknown or the task has no health check. */
  public Boolean healthy() {
    return healthy;
  }

  /**
   * Whether Mesos's master, rather than the agent, would have sent this update (agent lost, task unknown).
   * Such updates carry no uuid and need no acknowledgement.
   */
  public boolean fromMaster() {
    return source == Protos.TaskStatus.Source.SOURCE_MASTER;
  }

  StatusDecision withReason(Protos.TaskStatus.Reason newReason, String newMessage) {
    return new StatusDecision(state, newReason, source, newMessage, healthy);
  }

  /**
   * The {@code TaskStatus} to deliver.
   *
   * @param agentId the task's agent; null when unknown
   * @param uuid the update's uuid, or null for master-generated updates ({@link #fromMaster()})
   * @param timestampSeconds seconds since the epoch, as Mesos sends them
   */
  public Protos.TaskStatus toTaskStatus(Protos.TaskID taskId, Protos.SlaveID agentId, ByteString uuid,
      double timestampSeconds) {
    Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder()
        .setTaskId(taskId)
        .setState(state)
        .setSource(source)
        .setMessage(message)
        .setTimestamp(timestampSeconds);
    if (reason != null) {
      status.setReason(reason);
    }
    if (healthy != null) {
      status.setHealthy(healthy);
    }
    if (agentId != null) {
      status.setSlaveId(agentId);
    }
    if (uuid != null) {
      status.setUuid(uuid);
    }
    if (state == Protos.TaskState.TASK_UNREACHABLE) {
      // Mesos says when the task became unreachable: partition-aware frameworks time their replacements by it.
      status.setUnreachableTime(Protos.TimeInfo.newBuilder().setNanoseconds((long) (timestampSeconds * 1e9)));
    }
    return status.build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StatusDecision)) {
      return false;
    }
    StatusDecision d = (StatusDecision) o;
    return state == d.state && reason == d.reason && source == d.source && message.equals(d.message)
        && (healthy == null ? d.healthy == null : healthy.equals(d.healthy));
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(state, reason, source, message, healthy);
  }

  @Override
  public String toString() {
    return state + (reason == null ? "" : " " + reason) + " (" + source + (healthy == null ? "" : ", healthy=" + healthy)
        + "): " + message;
  }
}
