package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Resolves a {@code StartTask} whose outcome is unknown (5xx, timeout, connection reset): lists the tasks on
 * the container instance (desired RUNNING, then STOPPED), describes with their tags the ones the driver does
 * not know, and looks for this Mesos task ID among them.
 *
 * <p>ECS's list calls are eventually consistent: a task started a moment ago may be missing from an early
 * listing. So the task is declared absent (and may be started again) only by a listing made at least
 * {@value #ABSENCE_CONFIRMATION_MILLIS} ms after the unknown outcome; earlier lookups are repeated, 200 ms
 * apart and doubling. A lookup ECS refuses (access denied, an instance ECS no longer knows) cannot succeed
 * by asking again, and one that keeps failing for {@value #PATIENCE_MILLIS} ms will not either: both end
 * the launch with the outcome unknown, rather than leave the task in STAGING forever.
 *
 * <p>The book is read only on the loop; I/O threads only carry the calls.
 */
final class LaunchLookup {
  private static final Logger LOG = LoggerFactory.getLogger(LaunchLookup.class);
  /** How long after an unknown StartTask outcome a listing without the task proves it was not started. */
  static final long ABSENCE_CONFIRMATION_MILLIS = 2000;
  /** How long lookups may keep failing (throttled, 5xx, no answer) before the outcome is given up as unknown. */
  static final long PATIENCE_MILLIS = 60_000;
  private static final long FIRST_LOOKUP_DELAY_MILLIS = 200;
  private static final long MAX_LOOKUP_DELAY_MILLIS = 10_000;

  /** What a lookup found out; implemented by the launcher. */
  interface Outcome {
    /** ECS has the task: the StartTask did start it. */
    void found(TrackedTask t, Task ecsTask);

    /** ECS confirms there is no such task: the StartTask did nothing. */
    void absent(TrackedTask t, StartTaskRequest request, int attempt);

    /** ECS cannot be asked (refused, or failing too long): whether the task runs will not be known. */
    void unknown(TrackedTask t, String why);
  }

  private final DriverLoop loop;
  private final EcsGateway gateway;
  private final TaskBook tasks;
  private final FrameworkState framework;
  private final EcsHealth health;
  private final Outcome outcome;

  LaunchLookup(DriverLoop loop, EcsGateway gateway, TaskBook tasks, FrameworkState framework, EcsHealth health,
      Outcome outcome) {
    this.loop = loop;
    this.gateway = gateway;
    this.tasks = tasks;
    this.framework = framework;
    this.health = health;
    this.outcome = outcome;
  }

  /** Starts looking for the task of {@code request}, whose attempt number {@code attempt} had no known outcome. */
  void lookFor(TrackedTask t, StartTaskRequest request, int attempt) {
    lookFor(t, request, attempt, 1, loop.nowMillis());
  }

  private void lookFor(final TrackedTask t, final StartTaskRequest request, final int attempt, final int lookup,
      final long unknownSinceMillis) {
    long delay = Math.min(MAX_LOOKUP_DELAY_MILLIS, FIRST_LOOKUP_DELAY_MILLIS << Math.min(lookup - 1, 10));
    loop.schedule(delay, () -> {
      if (gone(t)) {
        return;
      }
      final String instance = t.containerInstanceArn();
      loop.whenDone(gateway.runningThenStopped(b -> b.containerInstance(instance)), (arns, error) -> {
        if (gone(t)) {
          return;
        }
        if (error != null) {
          failed(t, request, attempt, lookup, unknownSinceMillis, error);
          return;
        }
        List<String> unknown = new ArrayList<>();
        for (String arn : arns) {
          if (tasks.byArn(arn) == null) {
            unknown.add(arn);
          }
        }
        if (unknown.isEmpty()) {
          decide(t, request, attempt, lookup, unknownSinceMillis, Collections.<DescribeTasksResponse>emptyList());
          return;
        }
        loop.whenDone(gateway.describeTasksWithTags(unknown), (responses, describeError) -> {
          if (gone(t)) {
            return;
          }
          if (describeError != null) {
            failed(t, request, attempt, lookup, unknownSinceMillis, describeError);
          } else {
            decide(t, request, attempt, lookup, unknownSinceMillis, responses);
          }
        });
      });
    });
  }

  private boolean gone(TrackedTask t) {
    return t.terminal() || tasks.get(t.idValue()) != t;
  }

  private void failed(TrackedTask t, StartTaskRequest request, int attempt, int lookup, long unknownSinceMillis,
      Throwable error) {
    EcsErrors.Kind kind = EcsErrors.classify(error);
    String instance = t.containerInstanceArn();
    if (kind == EcsErrors.Kind.REJECTED || kind == EcsErrors.Kind.CLUSTER_NOT_FOUND) {
      health.answered();
      outcome.unknown(t, "ECS refused to list the tasks of container instance " + instance + " ("
          + EcsErrors.describe(error) + ")");
      return;
    }
    health.failed(error);
    long failingFor = loop.nowMillis() - unknownSinceMillis;
    if (failingFor >= PATIENCE_MILLIS || EcsGateway.notSent(error)) {
      outcome.unknown(t, "ECS did not answer the lookups on container instance " + instance + " for "
          + failingFor / 1000 + " s (" + EcsErrors.describe(error) + ")");
      return;
    }
    LOG.warn("Cannot look for task {} on {} yet ({}); asking again", t.idValue(), instance,
        EcsErrors.describe(error));
    lookFor(t, request, attempt, lookup + 1, unknownSinceMillis);
  }

  private void decide(TrackedTask t, StartTaskRequest request, int attempt, int lookup, long unknownSinceMillis,
      List<DescribeTasksResponse> responses) {
    health.answered();
    Task match = match(t, responses);
    if (match != null) {
      LOG.info("Task {} was started by the StartTask with unknown outcome: ECS task {}", t.idValue(),
          match.taskArn());
      outcome.found(t, match);
    } else if (loop.nowMillis() - unknownSinceMillis < ABSENCE_CONFIRMATION_MILLIS) {
      lookFor(t, request, attempt, lookup + 1, unknownSinceMillis); // too early to trust the absence
    } else {
      outcome.absent(t, request, attempt);
    }
  }

  private Task match(TrackedTask t, List<DescribeTasksResponse> responses) {
    String frameworkId = framework.id().getValue();
    for (DescribeTasksResponse r : responses) {
      for (Task task : r.tasks()) {
        if (FrameworkTags.belongsTo(task, frameworkId)
            && t.idValue().equals(FrameworkTags.mesosTaskId(task).orElse(null))) {
          return task;
        }
      }
    }
    return null;
  }
}
