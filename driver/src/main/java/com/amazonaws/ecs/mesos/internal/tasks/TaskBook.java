package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.offers.AgentCommitments;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The framework's tasks by Mesos task ID and by ECS task ARN: live ones, and the most recent completed ones
 * (as Mesos's master keeps a bounded list of completed tasks) so reconciliation and repeated kills can be
 * answered with the real terminal state. Loop-owned: every method checks it runs on the loop (in tests).
 */
public final class TaskBook implements AgentCommitments {
  /** Mesos's default {@code --max_completed_tasks_per_framework}. */
  static final int MAX_COMPLETED = 1000;

  private final DriverLoop owner;

  private final Map<String, TrackedTask> byId = new LinkedHashMap<>();
  private final Map<String, TrackedTask> byArn = new HashMap<>();
  private final ArrayDeque<String> completedOrder = new ArrayDeque<>();
  /** Live tasks per agent, so offer building costs what an agent runs, not what the framework runs. */
  private final Map<String, Set<TrackedTask>> liveByAgent = new HashMap<>();
  /** Agents where a task ended since they were last described: ECS gave resources back that offers miss. */
  private Set<String> freedAgents = new java.util.LinkedHashSet<>();

  /** A book any thread may use (unit tests without a loop). */
  public TaskBook() {
    this(null);
  }

  /** A book only {@code owner}'s thread may touch. */
  public TaskBook(DriverLoop owner) {
    this.owner = owner;
  }

  private void confined() {
    if (owner != null) {
      owner.confined("TaskBook");
    }
  }

  public TrackedTask get(String taskId) {
    confined();
    return byId.get(taskId);
  }

  public TrackedTask byArn(String arn) {
    confined();
    return byArn.get(arn);
  }

  /**
   * Why a new task may not take {@code taskId}, or null when it may: the ID belongs to a live task, or to a
   * terminal one whose terminal update the framework has not acknowledged yet. Mesos's master keeps such a
   * task until the acknowledgement ({@code Task has duplicate ID}); reusing the ID earlier would mix the two
   * tasks' updates and acknowledgements.
   */
  public String whyInUse(String taskId) {
    confined();
    TrackedTask t = byId.get(taskId);
    if (t == null) {
      return null;
    }
    if (!t.terminal()) {
      return "Task ID '" + taskId + "' is already used by a live task";
    }
    if (t.awaitingAcknowledgement()) {
      return "Task has duplicate ID '" + taskId + "': the terminal update " + t.latestState()
          + " of the earlier task with this ID is not acknowledged yet";
    }
    return null;
  }

  /**
   * The tasks implicit reconciliation answers for: live ones, and terminal ones whose updates are not all
   * acknowledged (Mesos's master keeps those among the framework's tasks until acknowledged).
   */
  public List<TrackedTask> reconcilable() {
    confined();
    List<TrackedTask> out = new ArrayList<>();
    for (TrackedTask t : byId.values()) {
      if (!t.terminal() || t.awaitingAcknowledgement()) {
        out.add(t);
      }
    }
    return out;
  }

  /** Adds a task, replacing a completed one of the same ID (Mesos lets IDs of finished tasks be reused). */
  void add(TrackedTask task) {
    confined();
    TrackedTask old = byId.put(task.idValue(), task);
    if (old != null) {
      if (old.arn() != null) {
        byArn.remove(old.arn());
      }
      unindex(old);
    }
    if (task.arn() != null) {
      byArn.put(task.arn(), task);
    }
    if (!task.terminal() && task.agentId() != null) {
      Set<TrackedTask> onAgent = liveByAgent.get(task.agentId());
      if (onAgent == null) {
        onAgent = new java.util.LinkedHashSet<>();
        liveByAgent.put(task.agentId(), onAgent);
      }
      onAgent.add(task);
    }
  }

  private void unindex(TrackedTask task) {
    if (task.agentId() == null) {
      return;
    }
    Set<TrackedTask> onAgent = liveByAgent.get(task.agentId());
    if (onAgent != null) {
      onAgent.remove(task);
      if (onAgent.isEmpty()) {
        liveByAgent.remove(task.agentId());
      }
    }
  }

  /** The task's ECS task ARN is known; for a group, every member's (the ARN leads to the carrier). */
  void bindArn(TrackedTask task, String arn) {
    confined();
    task.arn(arn);
    byArn.put(arn, task);
    if (task.group() != null) {
      for (TrackedTask m : task.group().members()) {
        m.arn(arn);
      }
    }
  }

  /** Drops a task that never reached ECS (rejected before StartTask); for a group, every member. */
  void forget(TrackedTask task) {
    confined();
    if (task.group() != null && task.group().carrier() == task) {
      for (TrackedTask m : task.group().members()) {
        if (m != task) {
          forgetOne(m);
        }
      }
    }
    forgetOne(task);
  }

  private void forgetOne(TrackedTask task) {
    unindex(task);
    if (byId.get(task.idValue()) == task) {
      byId.remove(task.idValue());
    }
    if (task.arn() != null && byArn.get(task.arn()) == task) {
      byArn.remove(task.arn());
    }
  }

  /** Records that a task reached a terminal state, forgetting the oldest completed tasks beyond the limit. */
  void completed(TrackedTask task) {
    confined();
    TaskGroup group = task.group();
    if (group != null) {
      // The ECS task lives on while any member does: its ARN, agent and resources stay the carrier's until then.
      if (group.allTerminal()) {
        for (TrackedTask m : group.members()) {
          if (m.phase() != TrackedTask.Phase.COMPLETED) {
            completedOne(m);
          }
        }
      }
      return;
    }
    completedOne(task);
  }

  private void completedOne(TrackedTask task) {
    task.phase(TrackedTask.Phase.COMPLETED);
    task.releaseHold();
    if (task.agentId() != null && task.arn() != null) {
      freedAgents.add(task.agentId());
    }
    unindex(task);
    completedOrder.add(task.idValue());
    int guard = completedOrder.size();
    while (completedOrder.size() > MAX_COMPLETED && guard-- > 0) {
      String oldest = completedOrder.poll();
      TrackedTask t = byId.get(oldest);
      if (t == null || !t.terminal()) {
        continue;
      }
      if (!t.unacknowledged.isEmpty()) {
        completedOrder.add(oldest); // still owed to the framework: keep it a while longer
        continue;
      }
      forgetOne(t);
    }
  }

  public Collection<TrackedTask> all() {
    confined();
    return byId.values();
  }

  /** Tasks not yet terminal (pending, starting or started). */
  public List<TrackedTask> live() {
    confined();
    List<TrackedTask> out = new ArrayList<>();
    for (TrackedTask t : byId.values()) {
      if (!t.terminal()) {
        out.add(t);
      }
    }
    return out;
  }

  /** Live tasks that ECS has: the ones a status sweep describes. */
  public List<TrackedTask> pollable() {
    confined();
    List<TrackedTask> out = new ArrayList<>();
    for (TrackedTask t : byId.values()) {
      if (t.phase() == TrackedTask.Phase.STARTED && !t.terminal()) {
        out.add(t);
      }
    }
    return out;
  }

  /** How many tasks have a StartTask on its way (sent, outcome not yet known). */
  public int starting() {
    confined();
    int n = 0;
    for (TrackedTask t : byId.values()) {
      if (t.phase() == TrackedTask.Phase.STARTING) {
        n++;
      }
    }
    return n;
  }

  public List<TrackedTask> liveOnAgent(String agentId) {
    confined();
    Set<TrackedTask> onAgent = liveByAgent.get(agentId);
    return onAgent == null ? new ArrayList<TrackedTask>() : new ArrayList<>(onAgent);
  }

  /** Tasks on the agent, live or completed. */
  public List<TrackedTask> onAgent(String agentId) {
    confined();
    List<TrackedTask> out = new ArrayList<>();
    for (TrackedTask t : byId.values()) {
      if (agentId.equals(t.agentId())) {
        out.add(t);
      }
    }
    return out;
  }

  /** Drops the holds of launches that a description asked after launch {@code landedBefore} shows. */
  public void descriptionApplied(long landedBefore) {
    // Only live tasks hold resources, and every live task is indexed by its agent.
    descriptionApplied(landedBefore, new ArrayList<>(liveByAgent.keySet()));
  }

  /** As {@link #descriptionApplied(long)}, for a description of only the given agents. */
  public void descriptionApplied(long landedBefore, Collection<String> agentIds) {
    confined();
    for (String agentId : agentIds) {
      Set<TrackedTask> onAgent = liveByAgent.get(agentId);
      if (onAgent == null) {
        continue;
      }
      for (TrackedTask t : onAgent) {
        if (t.hold() != null && t.holdUntilLanded() <= landedBefore) {
          t.releaseHold();
        }
      }
    }
  }

  /**
   * Marks agents to be described at the next offer tick: a description of them failed, or ECS refused a
   * StartTask there for resources the last description showed free.
   */
  public void freedAgain(Collection<String> agentIds) {
    confined();
    freedAgents.addAll(agentIds);
  }

  /**
   * Takes the agents where one of the framework's ECS tasks ended since the last take: their descriptions
   * understate what is free until a description asked after now arrives.
   */
  public Set<String> takeFreedAgents() {
    confined();
    if (freedAgents.isEmpty()) {
      return java.util.Collections.emptySet();
    }
    Set<String> out = freedAgents;
    freedAgents = new java.util.LinkedHashSet<>();
    return out;
  }

  /**
   * What the framework's live tasks on the agent hold that its last ECS description does not show:
   * launches ECS has not counted yet, and what ECS never counts (see {@link TrackedTask#reserved()}).
   */
  @Override
  public HeldResources heldOutsideDescription(String agentId) {
    confined();
    HeldResources held = HeldResources.NONE;
    Set<TrackedTask> onAgent = liveByAgent.get(agentId);
    if (onAgent == null) {
      return held;
    }
    for (TrackedTask t : onAgent) {
      if (t.hold() != null) {
        held = held.plus(t.hold());
      }
      held = held.plus(t.reserved());
    }
    return held;
  }

  /** What the live tasks hold in all: the framework's part in the allocator's dominant share. */
  public HeldResources allocated() {
    confined();
    long cpu = 0;
    long mem = 0;
    for (Set<TrackedTask> onAgent : liveByAgent.values()) {
      for (TrackedTask t : onAgent) {
        cpu += t.allocated().cpuUnits();
        mem += t.allocated().memoryMib();
      }
    }
    return HeldResources.of(cpu, mem, 0, 0, com.amazonaws.ecs.mesos.internal.translate.PortRanges.EMPTY);
  }

  int size() {
    confined();
    return byId.size();
  }
}
