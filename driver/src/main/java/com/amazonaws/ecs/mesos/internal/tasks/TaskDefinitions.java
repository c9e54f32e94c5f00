package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.translate.TaskDefinitionSynthesis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Task definitions the launches name, described once and cached. A reference with a revision (or an ARN)
 * never changes meaning, so it is kept; a bare family means "latest ACTIVE revision" and is described again
 * after a minute, and so is a name ECS does not know. Concurrent launches of the same definition share one
 * {@code DescribeTaskDefinition}.
 */
final class TaskDefinitions {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDefinitions.class);
  private static final long FAMILY_TTL_MILLIS = 60_000;

  /** What ECS answered for a reference, and when: its definition, or the error saying it has none. */
  private static final class Answer {
    final TaskDefinition definition;
    final Throwable missing;
    final long atMillis;

    Answer(TaskDefinition definition, Throwable missing, long atMillis) {
      this.definition = definition;
      this.missing = missing;
      this.atMillis = atMillis;
    }
  }

  private final DriverLoop loop;
  private final EcsGateway gateway;
  private final Map<String, Answer> answers = new HashMap<>();
  private final Map<String, List<BiConsumer<TaskDefinition, Throwable>>> waiting = new HashMap<>();

  /** Synthesized definitions by family: the same content always has the same family, so never expires. */
  private final Map<String, TaskDefinition> synthesized = new HashMap<>();
  private final Map<String, List<BiConsumer<TaskDefinition, Throwable>>> registering = new HashMap<>();

  TaskDefinitions(DriverLoop loop, EcsGateway gateway) {
    this.loop = loop;
    this.gateway = gateway;
  }

  /** Calls {@code then} on the loop with the definition or the error of describing it. */
  void lookup(final String reference, BiConsumer<TaskDefinition, Throwable> then) {
    Answer known = answers.get(reference);
    if (known != null && (loop.nowMillis() - known.atMillis < FAMILY_TTL_MILLIS
        || (known.definition != null && reference.indexOf(':') >= 0))) {
      then.accept(known.definition, known.missing); // a name ECS does not know is asked again after a minute
      return;
    }
    List<BiConsumer<TaskDefinition, Throwable>> waiters = waiting.get(reference);
    if (waiters != null) {
      waiters.add(then);
      return;
    }
    waiters = new ArrayList<>();
    waiters.add(then);
    waiting.put(reference, waiters);
    loop.whenDone(gateway.describeTaskDefinition(reference), (definition, error) -> {
      if (definition != null || EcsErrors.missingTaskDefinition(error)) {
        answers.put(reference, new Answer(definition, definition != null ? null : error, loop.nowMillis()));
      }
      for (BiConsumer<TaskDefinition, Throwable> w : waiting.remove(reference)) {
        w.accept(definition, error);
      }
    });
  }

  /**
   * Calls {@code then} on the loop with the task definition of a synthesized family: from memory, else the
   * one ECS already has (registered before a restart, or by another driver), else registered now. Launches
   * of the same family wait for one lookup and at most one registration.
   */
  void synthesized(final TaskDefinitionSynthesis.Synthesized s, BiConsumer<TaskDefinition, Throwable> then) {
    final String family = s.family();
    TaskDefinition known = synthesized.get(family);
    if (known != null) {
      then.accept(known, null);
      return;
    }
    List<BiConsumer<TaskDefinition, Throwable>> waiters = registering.get(family);
    if (waiters != null) {
      waiters.add(then);
      return;
    }
    waiters = new ArrayList<>();
    waiters.add(then);
    registering.put(family, waiters);
    loop.whenDone(gateway.describeTaskDefinition(family), (definition, error) -> {
      if (definition != null) {
        LOG.debug("Task definition family {} exists; reusing {}", family, definition.taskDefinitionArn());
        done(family, definition, null);
      } else if (EcsErrors.missingTaskDefinition(error)) {
        LOG.info("Registering task definition {} ({} running {})", family, s.image(), s.command());
        loop.whenDone(gateway.registerTaskDefinition(s.request()), (registered, failure) -> done(family, registered,
            failure));
      } else {
        done(family, null, error);
      }
    });
  }

  private void done(String family, TaskDefinition definition, Throwable error) {
    if (definition != null) {
      synthesized.put(family, definition);
    }
    for (BiConsumer<TaskDefinition, Throwable> w : registering.remove(family)) {
      w.accept(definition, error);
    }
  }
}
