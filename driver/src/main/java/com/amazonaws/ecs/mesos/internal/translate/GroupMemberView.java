package com.amazonaws.ecs.mesos.internal.translate;

import java.util.Collections;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;

/**
 * One Mesos task of a task group seen as if it were an ECS task of its own, so that {@link StatusMapping}
 * decides its updates exactly as for a single task: the group's ECS task with only the member's container.
 *
 * <p>While the ECS task runs, the member's container says where the member is: not yet started (it waits for
 * the executor container) is PENDING, hence TASK_STARTING; exited is STOPPED with the container's exit code,
 * hence TASK_FINISHED or TASK_FAILED, while the other members run on. Once the ECS task stops or is being
 * stopped, its own status, stop code and reason apply (a kill, the instance's loss, ...). Health is the
 * container's own, never the task's aggregate.
 *
 * <p>Example: the ECS task RUNNING, container {@code web} STOPPED with exit code 1 → a task STOPPED with stop
 * code EssentialContainerExited and only {@code web}: TASK_FAILED naming {@code web} and code 1.
 */
public final class GroupMemberView {
  private GroupMemberView() {}

  /**
   * The member's view of {@code task}.
   *
   * @param killed whether the member is being killed (by the framework or with its group): then a container
   *     stopped by the kill is the kill's outcome, not an exit of its own
   */
  public static Task of(Task task, String container, boolean killed) {
    Container mine = null;
    if (task.hasContainers()) {
      for (Container c : task.containers()) {
        if (container.equals(c.name())) {
          mine = c;
        }
      }
    }
    Task.Builder view = task.toBuilder()
        .containers(mine == null ? Collections.<Container>emptyList() : Collections.singletonList(mine))
        .healthStatus((HealthStatus) null);
    String status = task.lastStatus();
    boolean taskEnding = "STOPPED".equals(status) || "DELETED".equals(status) || "STOPPED".equals(task.desiredStatus());
    if (mine == null || taskEnding && (!"STOPPED".equals(mine.lastStatus()) || stoppedByTheTaskStop(task, mine, killed))) {
      return view.build();
    }
    if ("STOPPED".equals(mine.lastStatus())) {
      return view.lastStatus("STOPPED")
          .desiredStatus("STOPPED")
          .stopCode(TaskStopCode.ESSENTIAL_CONTAINER_EXITED)
          .stoppedReason("Container '" + container + "' of the task group exited")
          .stoppingAt(null)
          .stoppedAt(null)
          .build();
    }
    if ("RUNNING".equals(status) && !"RUNNING".equals(mine.lastStatus())) {
      return view.lastStatus("PENDING").startedAt(null).build();
    }
    return view.build();
  }

  /**
   * Whether the member's container ended because the ECS task was stopped (a kill, someone's StopTask, the
   * instance's loss) rather than on its own: it ended by SIGTERM or SIGKILL, or without an exit code, while
   * the task stopped for another reason than an exit.
   */
  private static boolean stoppedByTheTaskStop(Task task, Container mine, boolean killed) {
    Integer code = mine.exitCode();
    boolean signalled = code == null || code == 137 || code == 143;
    return signalled && (killed || task.stopCode() != TaskStopCode.ESSENTIAL_CONTAINER_EXITED);
  }
}
