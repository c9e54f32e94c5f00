package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import com.amazonaws.ecs.mesos.internal.translate.TaskCheck;
import com.amazonaws.ecs.mesos.internal.translate.TaskDefinitionSynthesis;
import com.amazonaws.ecs.mesos.internal.translate.TaskGroupSynthesis;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * One {@code LAUNCH_GROUP} operation on its way through {@link Launcher}: the members as single tasks for
 * validation (with the executor's resources counted on the first, so the group takes from the offer what
 * Mesos takes), and the verdict on the group as a whole.
 */
final class GroupLaunch {
  private final Protos.Offer.Operation.LaunchGroup operation;
  private final List<Protos.TaskInfo> views = new ArrayList<>();

  GroupLaunch(Protos.Offer.Operation.LaunchGroup operation) {
    this.operation = operation;
    boolean first = true;
    for (Protos.TaskInfo t : operation.getTaskGroup().getTasksList()) {
      Protos.TaskInfo view = TaskGroupSynthesis.memberView(t);
      if (!view.hasCommand() && TaskDefinitionSynthesis.hasDockerImage(view)) {
        // A member with an image and no command runs the image's entry point, as under the default executor.
        view = view.toBuilder().setCommand(Protos.CommandInfo.newBuilder().setShell(false)).build();
      }
      if (first) {
        view = view.toBuilder().addAllResources(operation.getExecutor().getResourcesList()).build();
        first = false;
      }
      views.add(view);
    }
  }

  Protos.ExecutorInfo executor() {
    return operation.getExecutor();
  }

  /** The tasks as the framework sent them. */
  List<Protos.TaskInfo> tasks() {
    return operation.getTaskGroup().getTasksList();
  }

  /** The tasks as {@link com.amazonaws.ecs.mesos.internal.translate.TaskValidation} checks them. */
  List<Protos.TaskInfo> views() {
    return views;
  }

  /** Everything the group takes from the offer: its tasks' resources and its executor's. */
  HeldResources taken() {
    HeldResources sum = HeldResources.NONE;
    for (Protos.TaskInfo v : views) {
      sum = sum.plus(HeldResources.of(v.getResourcesList()));
    }
    return sum;
  }

  /**
   * The group's members on {@code agentId}, and its definition: the carrier holds what the whole group took (its
   * tasks' and its executor's), as one ECS task does; on a Fargate agent, at Fargate's size.
   *
   * @throws IllegalArgumentException with a message for the framework when ECS cannot run the group
   */
  TaskGroup plan(String agentId, Agent agent, String defaultImage) {
    List<TrackedTask> members = new ArrayList<>();
    for (Protos.TaskInfo info : tasks()) {
      TrackedTask m = new TrackedTask(info.getTaskId(), agentId, info, TrackedTask.Phase.PENDING);
      m.containerInstanceArn(agent != null ? agent.arn() : agentId);
      members.add(m);
    }
    HeldResources taken = taken();
    TrackedTask carrier = members.get(0);
    String onFargate = FargateLaunch.size(carrier, agent, taken);
    if (onFargate != null) {
      throw new IllegalArgumentException(onFargate);
    }
    TaskGroupSynthesis.Group definition = TaskGroupSynthesis.synthesize(executor(), tasks(), defaultImage,
        carrier.fargateSize() != null ? NetworkMode.AWSVPC : NetworkMode.HOST);
    definition = definition.with(FargateLaunch.definition(carrier, definition.synthesized()));
    TaskGroup group = new TaskGroup(members, executor(), definition);
    for (TrackedTask m : members) {
      m.group(group);
    }
    carrier.allocated(taken);
    if (carrier.fargateSize() == null) {
      carrier.hold(HeldResources.of(taken.cpuUnits(), taken.memoryMib(), 0, taken.gpus(), PortRanges.EMPTY));
      carrier.reserved(HeldResources.of(0, 0, taken.diskMb(), 0, taken.ports()));
    }
    return group;
  }

  /**
   * Why the group cannot launch, or null: as Mesos's master, one invalid task makes the whole group invalid.
   *
   * @param checks the members' checks, in the group's order
   */
  String problem(List<TaskCheck> checks) {
    String group = TaskGroupSynthesis.groupProblem(operation.getExecutor(), tasks());
    if (group != null) {
      return "Task group is invalid: " + group;
    }
    for (TaskCheck c : checks) {
      if (!c.valid()) {
        return "Task group is invalid: task '" + c.task().getTaskId().getValue() + "': " + c.error().get();
      }
    }
    return null;
  }
}
