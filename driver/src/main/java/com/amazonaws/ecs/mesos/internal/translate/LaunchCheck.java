package com.amazonaws.ecs.mesos.internal.translate;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The verdict on a whole launch. Either the offers themselves are unusable ({@link #offersProblem()}: the
 * caller fails every task with TASK_LOST, or TASK_DROPPED for PARTITION_AWARE frameworks,
 * REASON_INVALID_OFFERS, and discards the offers), or each task has its own {@link TaskCheck}.
 */
public final class LaunchCheck {
  private final String offersProblem;
  private final List<TaskCheck> tasks;

  private LaunchCheck(String offersProblem, List<TaskCheck> tasks) {
    this.offersProblem = offersProblem;
    this.tasks = Collections.unmodifiableList(tasks);
  }

  static LaunchCheck invalidOffers(String problem) {
    return new LaunchCheck(problem, Collections.<TaskCheck>emptyList());
  }

  static LaunchCheck perTask(List<TaskCheck> tasks) {
    return new LaunchCheck(null, tasks);
  }

  /** Why the offers cannot be used; when present, {@link #tasks()} is empty and no task may launch. */
  public Optional<String> offersProblem() {
    return Optional.ofNullable(offersProblem);
  }

  /** One check per task, in the order given. */
  public List<TaskCheck> tasks() {
    return tasks;
  }

  @Override
  public String toString() {
    return offersProblem != null ? "invalid offers: " + offersProblem : tasks.toString();
  }
}
