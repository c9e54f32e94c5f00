package com.amazonaws.ecs.mesos.internal.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The Mesos tasks of one task group ({@code LAUNCH_GROUP}) that run as one ECS task, one container each.
 *
 * <p>The first member, the carrier, makes the ECS calls for the group: its task definition, its StartTask or
 * RunTask, its launch retries; it holds the group's resources (the tasks' and the executor's) until the last
 * member ends. Every member has its own status stream, read from its own container (see
 * {@link com.amazonaws.ecs.mesos.internal.translate.GroupMemberView}).
 */
final class TaskGroup {
  private final List<TrackedTask> members;
  private final Map<String, String> containerByTaskId;
  private final org.apache.mesos.Protos.ExecutorInfo executor;
  private final com.amazonaws.ecs.mesos.internal.translate.TaskGroupSynthesis.Group definition;
  /** Why the whole group is being killed, once it is: the framework's kill or a member's failure. */
  private String killCause;
  private boolean endedStopSent;

  TaskGroup(List<TrackedTask> members, org.apache.mesos.Protos.ExecutorInfo executor,
      com.amazonaws.ecs.mesos.internal.translate.TaskGroupSynthesis.Group definition) {
    this.members = Collections.unmodifiableList(new ArrayList<>(members));
    this.executor = executor;
    this.definition = definition;
    this.containerByTaskId = definition.containerByTaskId();
  }

  /** A group recovered from ECS after a failover: what launched it is not needed any more. */
  TaskGroup(List<TrackedTask> members, Map<String, String> containerByTaskId) {
    this.members = Collections.unmodifiableList(new ArrayList<>(members));
    this.executor = null;
    this.definition = null;
    this.containerByTaskId = containerByTaskId;
  }

  org.apache.mesos.Protos.ExecutorInfo executor() {
    return executor;
  }

  /** The group's synthesized task definition and container names. */
  com.amazonaws.ecs.mesos.internal.translate.TaskGroupSynthesis.Group definition() {
    return definition;
  }

  /** The members' TaskInfos, in the group's order. */
  List<org.apache.mesos.Protos.TaskInfo> infos() {
    List<org.apache.mesos.Protos.TaskInfo> out = new ArrayList<>(members.size());
    for (TrackedTask m : members) {
      out.add(m.info());
    }
    return out;
  }

  TrackedTask carrier() {
    return members.get(0);
  }

  List<TrackedTask> members() {
    return members;
  }

  /** The ECS container that runs {@code member}. */
  String container(TrackedTask member) {
    return containerByTaskId.get(member.idValue());
  }

  boolean allTerminal() {
    for (TrackedTask m : members) {
      if (!m.terminal()) {
        return false;
      }
    }
    return true;
  }

  /** A member that is not terminal and has an ECS task ARN, to stop the ECS task through; null if none. */
  TrackedTask anyWithArn() {
    for (TrackedTask m : members) {
      if (m.arn() != null) {
        return m;
      }
    }
    return null;
  }

  String killCause() {
    return killCause;
  }

  void killCause(String cause) {
    this.killCause = cause;
  }

  /** Whether the driver already stopped the ECS task because every member had ended. */
  boolean endedStopSent() {
    return endedStopSent;
  }

  void endedStopSent(boolean sent) {
    this.endedStopSent = sent;
  }
}
