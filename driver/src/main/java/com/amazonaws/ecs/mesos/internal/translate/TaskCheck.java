package com.amazonaws.ecs.mesos.internal.translate;

import java.util.Optional;
import org.apache.mesos.Protos;

/**
 * The verdict on one task of a launch: valid, or the TASK_ERROR message to send (REASON_TASK_INVALID,
 * source MASTER). Kept per task because Mesos rejects only the invalid tasks; the others still launch.
 */
public final class TaskCheck {
  private final Protos.TaskInfo task;
  private final String error;

  TaskCheck(Protos.TaskInfo task, String error) {
    this.task = task;
    this.error = error;
  }

  public Protos.TaskInfo task() {
    return task;
  }

  public boolean valid() {
    return error == null;
  }

  /** What is wrong with the task; empty when it is valid. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  @Override
  public String toString() {
    return task.getTaskId().getValue() + (error == null ? ": valid" : ": " + error);
  }
}
