package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.translate.EcsArns;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import com.amazonaws.ecs.mesos.internal.translate.GroupMemberView;
import com.amazonaws.ecs.mesos.internal.translate.StartTaskRequests;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Rebuilds the TaskBook from ECS when a driver starts with an existing framework ID (failover): ECS is the
 * only store of which ECS task runs which Mesos task.
 *
 * <p>It lists the tasks started by the framework ({@code ListTasks startedBy}, desired RUNNING, then
 * STOPPED, all pages), describes them with their tags (100 per call) and keeps those whose framework tag
 * matches; it describes their task definitions too, so that a sidecar marked {@code essential: false}
 * does not decide the outcome of a recovered task any more than of a launched one. Stopped tasks stay
 * describable for about an hour, so a successor started within that time learns of tasks that ended while
 * no driver ran.
 *
 * <p>Each recovered task's current state is sent as an update of its stream, with a uuid (see
 * {@link TaskMonitor#recovered}); what it holds outside ECS's accounting (disk, ports, GPUs: its
 * {@link FrameworkTags#HELD_KEY} tag) is held against offers again. Two ECS tasks carrying one Mesos task
 * ID (a double start) are one too many: the one that runs (or started last) is kept, the others are
 * stopped.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  /** The StopTask reason of an ECS task that duplicates another one of the same Mesos task. */
  static final String DUPLICATE_REASON = "Duplicate ECS task of a Mesos task; the driver keeps one per task ID";

  private Recovery() {}

  /** What ECS holds of a framework: its tasks (with tags) and their definitions' non-essential containers. */
  public static final class Found {
    final List<Task> tasks;
    final Map<String, Set<String>> nonEssentialByDefinition;

    Found(List<Task> tasks, Map<String, Set<String>> nonEssentialByDefinition) {
      this.tasks = tasks;
      this.nonEssentialByDefinition = nonEssentialByDefinition;
    }

    /** Found of {@code tasks} alone, their definitions not described (none: a framework the read did not name). */
    public static Found of(List<Task> tasks) {
      return new Found(tasks, Collections.<String, Set<String>>emptyMap());
    }

    List<Task> tasks() {
      return tasks;
    }
  }

  /** The framework's tasks as ECS knows them (with tags), running and recently stopped, and their definitions. */
  public static CompletableFuture<Found> fetch(final EcsGateway gateway, String startedBy) {
    return gateway.runningThenStopped(b -> b.startedBy(startedBy))
        .thenCompose(gateway::describeTasksWithTags)
        .thenCompose(responses -> {
          List<Task> out = new ArrayList<>();
          for (DescribeTasksResponse r : responses) {
            out.addAll(r.tasks());
          }
          return definitions(gateway, out).thenApply(defs -> new Found(out, defs));
        });
  }

  /**
   * Every task of the cluster as ECS knows it (with tags), running and recently stopped, by the framework that
   * started it ({@code startedBy}): what a master that took over reads once, before it accepts SUBSCRIBE, instead of
   * once per framework as each re-subscribes. Tasks that carry no framework's tag (ECS services', other
   * clients') are left out.
   */
  public static CompletableFuture<Map<String, Found>> fetchAll(final EcsGateway gateway) {
    return gateway.runningThenStopped(b -> { })
        .thenCompose(gateway::describeTasksWithTags)
        .thenCompose(responses -> {
          final List<Task> all = new ArrayList<>();
          for (DescribeTasksResponse r : responses) {
            all.addAll(r.tasks());
          }
          final Map<String, List<Task>> byFramework = byFramework(all);
          List<Task> theirs = new ArrayList<>();
          for (List<Task> tasks : byFramework.values()) {
            theirs.addAll(tasks);
          }
          return definitions(gateway, theirs).thenApply(defs -> {
            Map<String, Found> out = new HashMap<>();
            byFramework.forEach((startedBy, tasks) -> out.put(startedBy, new Found(tasks, defs)));
            return out;
          });
        });
  }

  /** The tasks that carry a framework's tag, by {@code startedBy}; the others (ECS services', ...) left out. */
  static Map<String, List<Task>> byFramework(List<Task> tasks) {
    Map<String, List<Task>> out = new LinkedHashMap<>();
    for (Task t : tasks) {
      if (t.startedBy() != null && FrameworkTags.frameworkId(t).isPresent()) {
        out.computeIfAbsent(t.startedBy(), k -> new ArrayList<>()).add(t);
      }
    }
    return out;
  }

  /** The frameworks ({@code startedBy}) of a cluster-wide read that have a task ECS has not stopped. */
  public static Set<String> withLiveTasks(Map<String, Found> byFramework) {
    Set<String> out = new java.util.HashSet<>();
    for (Map.Entry<String, Found> e : byFramework.entrySet()) {
      for (Task t : e.getValue().tasks()) {
        if (!"STOPPED".equals(t.lastStatus())) {
          out.add(e.getKey());
          break;
        }
      }
    }
    return out;
  }

  /** How many tasks a cluster-wide read found. */
  public static int count(Map<String, Found> byFramework) {
    int n = 0;
    for (Found f : byFramework.values()) {
      n += f.tasks().size();
    }
    return n;
  }

  /** Describes each distinct definition once; one ECS cannot describe counts every container as essential. */
  private static CompletableFuture<Map<String, Set<String>>> definitions(EcsGateway gateway, List<Task> tasks) {
    Set<String> arns = new LinkedHashSet<>();
    for (Task t : tasks) {
      if (t.taskDefinitionArn() != null) {
        arns.add(t.taskDefinitionArn());
      }
    }
    final Map<String, Set<String>> out = Collections.synchronizedMap(new HashMap<String, Set<String>>());
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (final String arn : arns) {
      all.add(gateway.describeTaskDefinition(arn).handle((definition, error) -> {
        if (error != null) {
          LOG.warn("Cannot describe task definition {} of recovered tasks ({}); all its containers count as "
              + "essential", arn, EcsErrors.describe(error));
        } else {
          out.put(arn, nonEssential(definition));
        }
        return null;
      }));
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(v -> out);
  }

  static Set<String> nonEssential(TaskDefinition definition) {
    Set<String> names = new LinkedHashSet<>();
    for (ContainerDefinition c : definition.containerDefinitions()) {
      if (Boolean.FALSE.equals(c.essential())) {
        names.add(c.name());
      }
    }
    return Collections.unmodifiableSet(names);
  }

  /**
   * Adds the framework's recovered tasks to the book, sends each one's current state, and stops extra ECS
   * tasks of one Mesos task; returns how many Mesos tasks were recovered.
   */
  public static int apply(Found found, FrameworkState framework, TaskBook tasks, TaskMonitor monitor,
      EcsGateway gateway, long nowMillis) {
    String frameworkId = framework.id().getValue();
    Map<String, Task> byTaskId = new LinkedHashMap<>();
    List<Task> extra = new ArrayList<>();
    for (Task task : found.tasks) {
      Optional<String> taskId = FrameworkTags.mesosTaskId(task);
      if (!FrameworkTags.belongsTo(task, frameworkId) || !taskId.isPresent()) {
        continue;
      }
      Task other = byTaskId.get(taskId.get());
      if (other == null || preferred(task, other)) {
        byTaskId.put(taskId.get(), task);
      }
      if (other != null) {
        Task dropped = byTaskId.get(taskId.get()) == task ? other : task;
        LOG.warn("Mesos task {} has two ECS tasks, {} and {}; keeping {}", taskId.get(), other.taskArn(),
            task.taskArn(), byTaskId.get(taskId.get()).taskArn());
        extra.add(dropped);
      }
    }
    int recovered = 0;
    for (Map.Entry<String, Task> e : byTaskId.entrySet()) {
      Task task = e.getValue();
      Map<String, String> group = groupMembers(task, e.getKey());
      if (!group.isEmpty()) {
        recovered += recoverGroup(task, group, tasks, monitor, nowMillis);
        continue;
      }
      recovered++;
      TrackedTask t = recoveredTask(task, e.getKey(), nowMillis);
      Set<String> nonEssential = found.nonEssentialByDefinition.get(task.taskDefinitionArn());
      if (nonEssential != null) {
        t.nonEssentialContainers(nonEssential);
      }
      t.reserved(held(task));
      t.allocated(HeldResources.of(units(task.cpu()), units(task.memory()), 0, 0, PortRanges.EMPTY));
      tasks.add(t);
      monitor.recovered(t, task);
    }
    for (Task duplicate : extra) {
      stopDuplicate(gateway, duplicate);
    }
    return recovered;
  }

  private static TrackedTask recoveredTask(Task task, String taskId, long nowMillis) {
    String agentId = task.containerInstanceArn() == null ? null
        : EcsArns.containerInstanceId(task.containerInstanceArn());
    if (agentId == null && fargate(task)) {
      agentId = com.amazonaws.ecs.mesos.internal.ecs.FargatePlacement.AGENT_PREFIX + task.availabilityZone();
    }
    TrackedTask t = new TrackedTask(Protos.TaskID.newBuilder().setValue(taskId).build(), agentId, null,
        TrackedTask.Phase.STARTED);
    t.arn(task.taskArn());
    t.taskDefinitionArn(task.taskDefinitionArn());
    t.containerInstanceArn(task.containerInstanceArn());
    t.startedAtMillis(nowMillis);
    t.killRequested(task.stoppedReason() != null && task.stoppedReason().startsWith(TaskMonitor.KILL_REASON_PREFIX));
    return t;
  }

  /**
   * The Mesos task of each container of a task group's ECS task, from its {@code mesos.group-task.CONTAINER}
   * tags, the carrier ({@code carrierId}) first; empty for a task launched alone.
   */
  static Map<String, String> groupMembers(Task task, String carrierId) {
    Map<String, String> byTaskId = new LinkedHashMap<>();
    Map<String, String> others = new LinkedHashMap<>();
    if (task.hasTags()) {
      for (software.amazon.awssdk.services.ecs.model.Tag tag : task.tags()) {
        if (tag.key() == null || !tag.key().startsWith(StartTaskRequests.GROUP_TASK_KEY_PREFIX)) {
          continue;
        }
        String container = tag.key().substring(StartTaskRequests.GROUP_TASK_KEY_PREFIX.length());
        Optional<String> id = FrameworkTags.unescape(tag.value());
        if (id.isPresent()) {
          (id.get().equals(carrierId) ? byTaskId : others).put(id.get(), container);
        }
      }
    }
    if (byTaskId.isEmpty()) {
      return byTaskId; // not a group, or its carrier's tag is gone: recovered as a task alone
    }
    byTaskId.putAll(others);
    return byTaskId;
  }

  /** Rebuilds a task group's members (the carrier holding the ECS task's size) and reports each one's state. */
  private static int recoverGroup(Task task, Map<String, String> containerByTaskId, TaskBook tasks,
      TaskMonitor monitor, long nowMillis) {
    List<TrackedTask> members = new ArrayList<>();
    for (String taskId : containerByTaskId.keySet()) {
      members.add(recoveredTask(task, taskId, nowMillis));
    }
    TaskGroup group = new TaskGroup(members, containerByTaskId);
    TrackedTask carrier = group.carrier();
    carrier.reserved(held(task));
    carrier.allocated(HeldResources.of(units(task.cpu()), units(task.memory()), 0, 0, PortRanges.EMPTY));
    for (TrackedTask m : members) {
      m.group(group);
      tasks.add(m);
    }
    for (TrackedTask m : members) {
      monitor.recovered(m, GroupMemberView.of(task, group.container(m), m.killRequested()));
    }
    LOG.info("Recovered the task group of {} ({} tasks) as ECS task {}", carrier.idValue(), members.size(),
        task.taskArn());
    return members.size();
  }

  private static void stopDuplicate(EcsGateway gateway, final Task duplicate) {
    if ("STOPPED".equals(duplicate.lastStatus()) || "STOPPED".equals(duplicate.desiredStatus())) {
      return;
    }
    LOG.warn("Stopping ECS task {}: it duplicates another ECS task of Mesos task {}", duplicate.taskArn(),
        FrameworkTags.mesosTaskId(duplicate).orElse("?"));
    gateway.stopTask(duplicate.taskArn(), DUPLICATE_REASON).whenComplete((stopped, error) -> {
      if (error != null) {
        LOG.warn("StopTask of duplicate ECS task {} failed: {}", duplicate.taskArn(), EcsErrors.describe(error));
      }
    });
  }

  private static boolean fargate(Task task) {
    return task.launchType() == software.amazon.awssdk.services.ecs.model.LaunchType.FARGATE
        && task.availabilityZone() != null;
  }

  /**
   * What the task holds outside ECS's accounting of instances: its tag's disk, ports and GPUs, and for a Fargate
   * task its whole size (no instance accounts for it).
   */
  private static HeldResources held(Task task) {
    HeldResources tagged = FrameworkTags.held(task);
    if (!fargate(task)) {
      return tagged;
    }
    return HeldResources.of(units(task.cpu()), units(task.memory()), tagged.diskMb(), 0, PortRanges.EMPTY);
  }

  /** A task-level {@code cpu} or {@code memory} value ("512"); 0 when absent or not a whole number. */
  private static long units(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Whether {@code candidate} is kept over {@code current}, two ECS tasks of one Mesos task (a double start).
   * A live task beats a stopped one and a running one a starting one: the framework was told its task runs, and
   * must not hear it start again. Between two alike, the older live one is kept (the one the framework was told
   * about), but the newer of two stopped ones (a reused task ID's latest run ended last).
   */
  static boolean preferred(Task candidate, Task current) {
    int candidateRank = rank(candidate);
    int currentRank = rank(current);
    if (candidateRank != currentRank) {
      return candidateRank > currentRank;
    }
    if (candidate.createdAt() == null || current.createdAt() == null) {
      return false;
    }
    return candidateRank == 0 ? candidate.createdAt().isAfter(current.createdAt())
        : candidate.createdAt().isBefore(current.createdAt());
  }

  /** 0 stopped, 1 being stopped, 2 starting, 3 running. */
  private static int rank(Task task) {
    if ("STOPPED".equals(task.lastStatus())) {
      return 0;
    }
    if ("STOPPED".equals(task.desiredStatus())) {
      return 1;
    }
    return "RUNNING".equals(task.lastStatus()) ? 3 : 2;
  }
}
