package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.translate.StatusContext;
import com.amazonaws.ecs.mesos.internal.translate.StatusDecision;
import com.amazonaws.ecs.mesos.internal.translate.StatusMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Describes the framework's live tasks, 100 per {@code DescribeTasks} (⌈T/100⌉ calls for T live tasks), and
 * hands each description to the {@link TaskMonitor}: every task at each poll interval without events, and with
 * events only every check interval and the tasks whose events are late in between. A task ECS no longer
 * knows ({@code MISSING}) past the grace for ECS's eventually consistent reads gets an honest terminal state.
 */
public final class TaskSweeps {
  private static final Logger LOG = LoggerFactory.getLogger(TaskSweeps.class);

  private final DriverLoop loop;
  private final EcsGateway gateway;
  private final TaskBook tasks;
  private final AgentBook agents;
  private final TaskMonitor monitor;
  private final EcsHealth health;
  private final long missingGraceMillis;
  private final MetricsRecorder metrics;
  private int batchesInFlight;
  private int changesFoundByDescribing;

  public TaskSweeps(DriverLoop loop, EcsGateway gateway, TaskBook tasks, AgentBook agents, TaskMonitor monitor,
      EcsHealth health, long missingGraceMillis, MetricsRecorder metrics) {
    this.loop = loop;
    this.gateway = gateway;
    this.tasks = tasks;
    this.agents = agents;
    this.monitor = monitor;
    this.health = health;
    this.missingGraceMillis = missingGraceMillis;
    this.metrics = metrics;
  }

  /** Starts a status sweep of every live task unless the previous one is still running. */
  public void sweep() {
    sweep(tasks.pollable());
  }

  /**
   * With events flowing: describes only the live tasks that should have changed and of which ECS said nothing
   * for {@code silenceMillis}: launched and not running yet, being killed, or stopping (ECS said it is to stop).
   * A running task's end with every one of its stop events lost is found by the slow check ({@link #sweep()}
   * every events check interval).
   */
  public void sweepSilent(long silenceMillis) {
    if (batchesInFlight > 0) {
      return;
    }
    countByState();
    long now = loop.nowMillis();
    List<TrackedTask> silent = new ArrayList<>();
    for (TrackedTask t : tasks.pollable()) {
      Protos.TaskState last = t.latest() == null ? Protos.TaskState.TASK_STAGING : t.latest().getState();
      boolean expectingChange = last == Protos.TaskState.TASK_STAGING || last == Protos.TaskState.TASK_STARTING
          || last == Protos.TaskState.TASK_KILLING || t.killRequested() || t.ecsStopping();
      if (agents.state(t.agentId(), now) != StatusContext.AgentState.CONNECTED
          || last == Protos.TaskState.TASK_UNREACHABLE) {
        // No task event tells that its agent stayed away long enough for it to be unreachable, or came back:
        // the mapping needs a description with the agent's state, every poll interval, as when polling.
        silent.add(t);
      } else if (expectingChange && now - t.heardAtMillis() >= silenceMillis) {
        t.heardAtMillis(now); // asked now: not asked again before another silence
        silent.add(t);
      }
    }
    if (!silent.isEmpty()) {
      LOG.debug("Describing {} task(s) whose events are late", silent.size());
      sweep(silent);
    }
  }

  /** Changes that descriptions found and no event had brought, since the last call (events' health). */
  public int takeChangesFoundByDescribing() {
    int n = changesFoundByDescribing;
    changesFoundByDescribing = 0;
    return n;
  }

  private void sweep(List<TrackedTask> live) {
    if (batchesInFlight > 0) {
      return;
    }
    countByState();
    List<String> batch = new ArrayList<>(EcsGateway.DESCRIBE_BATCH);
    java.util.Set<String> asked = new java.util.HashSet<>();
    for (TrackedTask t : live) {
      if (!asked.add(t.arn())) {
        continue; // another member of the same task group: one ECS task
      }
      batch.add(t.arn());
      if (batch.size() == EcsGateway.DESCRIBE_BATCH) {
        describe(batch);
        batch = new ArrayList<>(EcsGateway.DESCRIBE_BATCH);
      }
    }
    if (!batch.isEmpty()) {
      describe(batch);
    }
  }

  private void countByState() {
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    for (TrackedTask t : tasks.all()) {
      if (!t.terminal()) {
        String state = t.latest() == null ? "TASK_STAGING" : t.latest().getState().name();
        Integer n = counts.get(state);
        counts.put(state, n == null ? 1 : n + 1);
      }
    }
    metrics.tasksByState(counts);
  }

  private void describe(List<String> arns) {
    batchesInFlight++;
    loop.whenDone(gateway.describeTasks(arns, false), (response, error) -> {
      batchesInFlight--;
      if (error != null) {
        health.failed(error);
        LOG.debug("DescribeTasks failed: {}", error.toString());
        return;
      }
      health.answered();
      described(response);
    });
  }

  private void described(DescribeTasksResponse response) {
    for (Task ecsTask : response.tasks()) {
      TrackedTask t = tasks.byArn(ecsTask.taskArn());
      if (t != null && monitor.observe(t, ecsTask)) {
        changesFoundByDescribing++;
      }
    }
    for (Failure f : response.failures()) {
      TrackedTask found = f.arn() == null ? null : tasks.byArn(f.arn());
      if (found == null || !"MISSING".equals(f.reason())) {
        continue;
      }
      for (TrackedTask t : found.group() == null ? java.util.Collections.singletonList(found)
          : found.group().members()) {
        // ECS's reads are eventually consistent: a task just started may not be describable yet.
        if (t.terminal() || loop.nowMillis() - t.startedAtMillis() < missingGraceMillis) {
          continue;
        }
        Optional<StatusDecision> d = StatusMapping.missing(monitor.context(t));
        if (d.isPresent()) {
          monitor.emit(t, d.get());
        }
      }
    }
  }
}
