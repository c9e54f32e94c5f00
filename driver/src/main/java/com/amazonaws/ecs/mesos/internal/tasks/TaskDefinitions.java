package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Task definitions the launches name, described once and cached. A reference with a revision (or an ARN)
 * never changes meaning, so it is kept; a bare family means "latest ACTIVE revision" and is described again
 * after a minute. Concurrent launches of the same definition share one {@code DescribeTaskDefinition}.
 */
final class TaskDefinitions {
  private static final long FAMILY_TTL_MILLIS = 60_000;

  private static final class Cached {
    final TaskDefinition definition;
    final long atMillis;

    Cached(TaskDefinition definition, long atMillis) {
      this.definition = definition;
      this.atMillis = atMillis;
    }
  }

  private final DriverLoop loop;
  private final EcsGateway gateway;
  private final Map<String, Cached> cache = new HashMap<>();
  private final Map<String, List<BiConsumer<TaskDefinition, Throwable>>> waiting = new HashMap<>();

  TaskDefinitions(DriverLoop loop, EcsGateway gateway) {
    this.loop = loop;
    this.gateway = gateway;
  }

  /** Calls {@code then} on the loop with the definition or the error of describing it. */
  void lookup(final String reference, BiConsumer<TaskDefinition, Throwable> then) {
    Cached cached = cache.get(reference);
    if (cached != null && (reference.indexOf(':') >= 0 || loop.nowMillis() - cached.atMillis < FAMILY_TTL_MILLIS)) {
      then.accept(cached.definition, null);
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
      if (definition != null) {
        cache.put(reference, new Cached(definition, loop.nowMillis()));
      }
      for (BiConsumer<TaskDefinition, Throwable> w : waiting.remove(reference)) {
        w.accept(definition, error);
      }
    });
  }
}
