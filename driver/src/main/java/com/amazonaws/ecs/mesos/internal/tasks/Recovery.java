package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.translate.EcsArns;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import com.amazonaws.ecs.mesos.internal.translate.StatusDecision;
import com.amazonaws.ecs.mesos.internal.translate.StatusMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Rebuilds the TaskBook from ECS when a driver starts with an existing framework ID (failover): ECS is the
 * only store of which ECS task runs which Mesos task.
 *
 * <p>It lists the tasks started by the framework ({@code ListTasks startedBy}, desired RUNNING and STOPPED,
 * all pages), describes them with their tags (100 per call), and keeps those whose framework tag matches.
 * Each recovered task starts from the state ECS shows now, as if already reported: the new framework
 * instance learns it by reconciling (as on Mesos, where the agents hold what the old instance missed), and
 * later changes are sent as updates. Stopped tasks stay describable for about an hour, so a successor
 * started within that time can answer reconciliation for tasks that ended while no driver ran.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private Recovery() {}

  /** The framework's tasks as ECS knows them (with tags), running and recently stopped. */
  public static CompletableFuture<List<Task>> fetch(final EcsGateway gateway, String startedBy) {
    return gateway.tasksStartedBy(startedBy, DesiredStatus.RUNNING)
        .thenCombine(gateway.tasksStartedBy(startedBy, DesiredStatus.STOPPED), (running, stopped) -> {
          Set<String> all = new LinkedHashSet<>(running);
          all.addAll(stopped);
          return new ArrayList<>(all);
        })
        .thenCompose(gateway::describeTasksWithTags)
        .thenApply(responses -> {
          List<Task> out = new ArrayList<>();
          for (DescribeTasksResponse r : responses) {
            out.addAll(r.tasks());
          }
          return out;
        });
  }

  /** Adds the framework's recovered tasks to the book; returns how many were recovered. */
  public static int apply(List<Task> ecsTasks, FrameworkState framework, TaskBook tasks, TaskMonitor monitor,
      long nowMillis) {
    String frameworkId = framework.id().getValue();
    Map<String, Task> byTaskId = new LinkedHashMap<>();
    for (Task task : ecsTasks) {
      Optional<String> taskId = FrameworkTags.mesosTaskId(task);
      if (!FrameworkTags.belongsTo(task, frameworkId) || !taskId.isPresent()) {
        continue;
      }
      Task other = byTaskId.get(taskId.get());
      if (other != null) {
        LOG.warn("Mesos task {} has two ECS tasks, {} and {}; keeping the one that runs or started last",
            taskId.get(), other.taskArn(), task.taskArn());
      }
      if (other == null || preferred(task, other)) {
        byTaskId.put(taskId.get(), task);
      }
    }
    for (Map.Entry<String, Task> e : byTaskId.entrySet()) {
      Task task = e.getValue();
      String agentId = task.containerInstanceArn() == null ? null : EcsArns.containerInstanceId(task.containerInstanceArn());
      TrackedTask t = new TrackedTask(Protos.TaskID.newBuilder().setValue(e.getKey()).build(), agentId, null,
          TrackedTask.Phase.STARTED);
      t.arn(task.taskArn());
      t.containerInstanceArn(task.containerInstanceArn());
      t.startedAtMillis(nowMillis);
      t.killRequested(task.stoppedReason() != null && task.stoppedReason().startsWith(TaskMonitor.KILL_REASON_PREFIX));
      Optional<StatusDecision> now = StatusMapping.next(task, monitor.context(t));
      Protos.TaskStatus baseline;
      if (now.isPresent()) {
        baseline = now.get().toTaskStatus(t.id(), t.slaveId(), null, nowMillis / 1000.0);
      } else {
        // Stopping on its own: the terminal state follows once ECS reports STOPPED.
        Protos.TaskStatus.Builder b = Protos.TaskStatus.newBuilder().setTaskId(t.id())
            .setState(task.startedAt() != null ? Protos.TaskState.TASK_RUNNING : Protos.TaskState.TASK_STARTING)
            .setSource(Protos.TaskStatus.Source.SOURCE_SLAVE).setTimestamp(nowMillis / 1000.0)
            .setMessage("ECS task is " + task.lastStatus());
        if (t.slaveId() != null) {
          b.setSlaveId(t.slaveId());
        }
        baseline = b.build();
      }
      t.latest(baseline);
      tasks.add(t);
      if (t.terminal()) {
        tasks.completed(t);
      }
    }
    return byTaskId.size();
  }

  private static boolean preferred(Task candidate, Task current) {
    boolean candidateStopped = "STOPPED".equals(candidate.lastStatus());
    boolean currentStopped = "STOPPED".equals(current.lastStatus());
    if (candidateStopped != currentStopped) {
      return !candidateStopped;
    }
    if (candidate.createdAt() == null || current.createdAt() == null) {
      return false;
    }
    return candidate.createdAt().isAfter(current.createdAt());
  }
}
