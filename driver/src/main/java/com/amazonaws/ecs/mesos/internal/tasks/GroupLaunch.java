package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.TaskCheck;
import com.amazonaws.ecs.mesos.internal.translate.TaskDefinitionSynthesis;
import com.amazonaws.ecs.mesos.internal.translate.TaskGroupSynthesis;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;

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
