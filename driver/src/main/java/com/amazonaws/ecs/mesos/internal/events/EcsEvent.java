package com.amazonaws.ecs.mesos.internal.events;

import software.amazon.awssdk.services.ecs.model.Task;

/**
 * One ECS event of the queue: a task's or a container instance's new state, with ECS's {@code version} of
 * that resource (it grows with each change; a duplicate repeats it), so the highest version wins whatever
 * order events arrive in.
 */
public final class EcsEvent {
  /** What changed. */
  public enum Kind { TASK, INSTANCE }

  private final Kind kind;
  private final String clusterArn;
  private final String arn;
  private final long version;
  private final Task task;
  private final String instanceStatus;
  private final Boolean agentConnected;

  private EcsEvent(Kind kind, String clusterArn, String arn, long version, Task task, String instanceStatus,
      Boolean agentConnected) {
    this.kind = kind;
    this.clusterArn = clusterArn;
    this.arn = arn;
    this.version = version;
    this.task = task;
    this.instanceStatus = instanceStatus;
    this.agentConnected = agentConnected;
  }

  static EcsEvent task(String clusterArn, long version, Task task) {
    return new EcsEvent(Kind.TASK, clusterArn, task.taskArn(), version, task, null, null);
  }

  static EcsEvent instance(String clusterArn, String arn, long version, String status, Boolean agentConnected) {
    return new EcsEvent(Kind.INSTANCE, clusterArn, arn, version, null, status, agentConnected);
  }

  public Kind kind() {
    return kind;
  }

  public String clusterArn() {
    return clusterArn;
  }

  /** The task's or the container instance's ARN. */
  public String arn() {
    return arn;
  }

  public long version() {
    return version;
  }

  /** The task as the event describes it (the fields status mapping reads); null for an instance event. */
  public Task task() {
    return task;
  }

  /** ACTIVE, DRAINING, INACTIVE, ... of an instance event; null for a task event. */
  public String instanceStatus() {
    return instanceStatus;
  }

  /** Whether the instance's agent is connected; null for a task event. */
  public Boolean agentConnected() {
    return agentConnected;
  }

  @Override
  public String toString() {
    return kind + " " + arn + " v" + version + (task != null ? " " + task.lastStatus() + "/" + task.desiredStatus()
        : " " + instanceStatus + (Boolean.FALSE.equals(agentConnected) ? " (agent disconnected)" : ""));
  }
}
