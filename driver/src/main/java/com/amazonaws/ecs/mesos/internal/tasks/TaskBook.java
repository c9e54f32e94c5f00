package com.amazonaws.ecs.mesos.internal.tasks;

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
 * answered with the real terminal state.
 */
public final class TaskBook implements AgentCommitments {
  /** Mesos's default {@code --max_completed_tasks_per_framework}. */
  static final int MAX_COMPLETED = 1000;

  private final Map<String, TrackedTask> byId = new LinkedHashMap<>();
  private final Map<String, TrackedTask> byArn = new HashMap<>();
  private final ArrayDeque<String> completedOrder = new ArrayDeque<>();
  /** Live tasks per agent, so offer building costs what an agent runs, not what the framework runs. */
  private final Map<String, Set<TrackedTask>> liveByAgent = new HashMap<>();
  /** Agents where a task ended since they were last described: ECS gave resources back that offers miss. */
  private Set<String> freedAgents = new java.util.LinkedHashSet<>();

  public TrackedTask get(String taskId) {
    return byId.get(taskId);
  }

  public TrackedTask byArn(String arn) {
    return byArn.get(arn);
  }

  /** Adds a task, replacing a completed one of the same ID (Mesos lets IDs of finished tasks be reused). */
  void add(TrackedTask task) {
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

  void bindArn(TrackedTask task, String arn) {
    task.arn(arn);
    byArn.put(arn, task);
  }

  /** Drops a task that never reached ECS (rejected before StartTask). */
  void forget(TrackedTask task) {
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
      forget(t);
    }
  }

  public Collection<TrackedTask> all() {
    return byId.values();
  }

  /** Tasks not yet terminal (pending, starting or started). */
  public List<TrackedTask> live() {
    List<TrackedTask> out = new ArrayList<>();
    for (TrackedTask t : byId.values()) {
      if (!t.terminal()) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * The IDs of live tasks, as a read-only view: asking whether an ID is live costs a lookup, not a copy of
   * the book (a launch asks it for every task, and a big framework launches on every offer).
   */
  public Set<String> liveIds() {
    return new java.util.AbstractSet<String>() {
      @Override
      public boolean contains(Object id) {
        TrackedTask t = byId.get(id);
        return t != null && !t.terminal();
      }

      @Override
      public java.util.Iterator<String> iterator() {
        List<String> ids = new ArrayList<>();
        for (TrackedTask t : byId.values()) {
          if (!t.terminal()) {
            ids.add(t.idValue());
          }
        }
        return java.util.Collections.unmodifiableList(ids).iterator();
      }

      @Override
      public int size() {
        int n = 0;
        for (TrackedTask t : byId.values()) {
          if (!t.terminal()) {
            n++;
          }
        }
        return n;
      }
    };
  }

  /** Live tasks that ECS has: the ones a status sweep describes. */
  public List<TrackedTask> pollable() {
    List<TrackedTask> out = new ArrayList<>();
    for (TrackedTask t : byId.values()) {
      if (t.phase() == TrackedTask.Phase.STARTED && !t.terminal()) {
        out.add(t);
      }
    }
    return out;
  }

  /** Live tasks on the agent. */
  /** How many tasks have a StartTask on its way (sent, outcome not yet known). */
  public int starting() {
    int n = 0;
    for (TrackedTask t : byId.values()) {
      if (t.phase() == TrackedTask.Phase.STARTING) {
        n++;
      }
    }
    return n;
  }

  public List<TrackedTask> liveOnAgent(String agentId) {
    Set<TrackedTask> onAgent = liveByAgent.get(agentId);
    return onAgent == null ? new ArrayList<TrackedTask>() : new ArrayList<>(onAgent);
  }

  /** Tasks on the agent, live or completed. */
  public List<TrackedTask> onAgent(String agentId) {
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
   * Takes the agents where one of the framework's ECS tasks ended since the last take: their descriptions
   * understate what is free until a description asked after now arrives.
   */
  /** Puts back agents taken by {@link #takeFreedAgents()} whose description failed. */
  public void freedAgain(Collection<String> agentIds) {
    freedAgents.addAll(agentIds);
  }

  public Set<String> takeFreedAgents() {
    if (freedAgents.isEmpty()) {
      return java.util.Collections.emptySet();
    }
    Set<String> out = freedAgents;
    freedAgents = new java.util.LinkedHashSet<>();
    return out;
  }

  @Override
  public HeldResources launchesInFlight(String agentId) {
    HeldResources held = HeldResources.NONE;
    Set<TrackedTask> onAgent = liveByAgent.get(agentId);
    if (onAgent == null) {
      return held;
    }
    for (TrackedTask t : onAgent) {
      if (t.hold() != null) {
        held = held.plus(t.hold());
      }
    }
    return held;
  }

  @Override
  public double diskInUse(String agentId) {
    double disk = 0;
    Set<TrackedTask> onAgent = liveByAgent.get(agentId);
    if (onAgent != null) {
      for (TrackedTask t : onAgent) {
        disk += t.diskMb();
      }
    }
    return disk;
  }

  int size() {
    return byId.size();
  }
}
