package com.amazonaws.ecs.mesos.internal.offers;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.translate.EcsArns;
import com.amazonaws.ecs.mesos.internal.translate.StatusContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;

/**
 * The container instances of the cluster as last described, and what changed between two descriptions.
 *
 * <p>An agent is gone when ECS no longer lists it, or lists it INACTIVE/DEREGISTERING: its tasks are lost
 * and {@code slaveLost} is due. An agent whose ECS agent is disconnected gets no offers at once, and counts
 * as unreachable (slaveLost, TASK_UNREACHABLE or TASK_LOST for its tasks) only once it has been
 * disconnected for the configured timeout, as Mesos waits for missed pings before it removes an agent:
 * ECS agents reconnect on their own after restarts and updates.
 */
public final class AgentBook {
  private static final int MAX_GONE_REMEMBERED = 10_000;
  static final Set<String> GONE_STATUSES =
      new HashSet<>(java.util.Arrays.asList("INACTIVE", "DEREGISTERING", "REGISTRATION_FAILED"));

  private final Map<String, Agent> byId = new LinkedHashMap<>();
  private final Set<String> gone = new LinkedHashSet<>();
  private final long disconnectTimeoutMillis;
  private boolean swept;

  private final DriverLoop owner;

  public AgentBook(long disconnectTimeoutMillis) {
    this(disconnectTimeoutMillis, null);
  }

  /** A book only {@code owner}'s thread may touch (null: any thread, for unit tests). */
  public AgentBook(long disconnectTimeoutMillis, DriverLoop owner) {
    this.disconnectTimeoutMillis = disconnectTimeoutMillis;
    this.owner = owner;
  }

  private void confined() {
    if (owner != null) {
      owner.confined("AgentBook");
    }
  }

  /**
   * ECS refused a StartTask on the agent for resources its last description showed free (another client
   * took them): no offers from it until a new description is applied, so the phantom room is not offered
   * again. The caller has it described at the next offer tick.
   */
  public void describeAgain(String agentId) {
    confined();
    Agent agent = byId.get(agentId);
    if (agent != null && agent.fargate() == null) {
      agent.stale(true); // a Fargate agent's description is the driver's own: there is nothing to describe
    }
  }

  /** What a description changed. */
  public static final class Changes {
    /** Agents that can no longer be offered: their outstanding offers must be rescinded. */
    public final List<Agent> unavailable = new ArrayList<>();
    /** Agents the framework must hear {@code slaveLost} for (gone, or unreachable past the timeout). */
    public final List<String> lost = new ArrayList<>();
    /**
     * Agents whose ECS agent was disconnected and is connected again (tasks reported lost meanwhile must be
     * stopped: the framework has replaced them).
     */
    public final List<Agent> reconnected = new ArrayList<>();
    /** Agents whose hostname is still unknown. */
    public final List<Agent> needHostname = new ArrayList<>();
  }

  /** Whether an instance of this status is no agent any more (deregistered, deregistering, failed). */
  public static boolean gone(String instanceStatus) {
    return GONE_STATUSES.contains(instanceStatus);
  }

  /**
   * Adds a Fargate agent: {@code instance} is its description as the driver makes it (ECS has no container
   * instance for Fargate), {@code hostname} its name (not a host address). Sweeps of the cluster's instances
   * leave it alone.
   */
  public Agent addFargate(ContainerInstance instance, String hostname,
      com.amazonaws.ecs.mesos.internal.ecs.FargatePlacement placement) {
    confined();
    Agent agent = new Agent(instance);
    agent.hostname(hostname);
    agent.fargate(placement);
    byId.put(agent.id(), agent);
    return agent;
  }

  /** Applies a full description of the cluster's non-INACTIVE instances: agents not in it are gone. */
  public Changes apply(Collection<ContainerInstance> snapshot, long nowMillis) {
    confined();
    Changes changes = new Changes();
    Set<String> seen = new HashSet<>();
    for (ContainerInstance ci : snapshot) {
      if (ci.containerInstanceArn() == null || GONE_STATUSES.contains(ci.status())) {
        continue;
      }
      seen.add(see(ci, nowMillis, changes));
    }
    for (Iterator<Map.Entry<String, Agent>> it = byId.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Agent> e = it.next();
      if (!seen.contains(e.getKey()) && e.getValue().fargate() == null) {
        it.remove();
        lose(e.getValue(), changes);
      }
    }
    swept = true;
    return changes;
  }

  /**
   * Applies a description of some instances (those whose resources changed): updates them, and removes the
   * ones ECS now reports INACTIVE or deregistering. Agents not in it are left as they are.
   */
  public Changes applySome(Collection<ContainerInstance> described, long nowMillis) {
    confined();
    Changes changes = new Changes();
    for (ContainerInstance ci : described) {
      if (ci.containerInstanceArn() == null) {
        continue;
      }
      if (GONE_STATUSES.contains(ci.status())) {
        Agent agent = byId.remove(EcsArns.containerInstanceId(ci.containerInstanceArn()));
        if (agent != null) {
          lose(agent, changes);
        }
        continue;
      }
      see(ci, nowMillis, changes);
    }
    return changes;
  }

  private String see(ContainerInstance ci, long nowMillis, Changes changes) {
    String id = EcsArns.containerInstanceId(ci.containerInstanceArn());
    Agent agent = byId.get(id);
    if (agent == null) {
      agent = new Agent(ci);
      byId.put(id, agent);
      gone.remove(id);
    } else {
      agent.update(ci);
    }
    agent.stale(false);
    if (agent.connected()) {
      if (agent.disconnectedSinceMillis() != null) {
        changes.reconnected.add(agent);
      }
      agent.disconnectedSinceMillis(null);
      agent.reportedLost(false);
    } else if (agent.disconnectedSinceMillis() == null) {
      agent.disconnectedSinceMillis(nowMillis);
    }
    if (!agent.active() || !agent.connected()) {
      changes.unavailable.add(agent);
    }
    if (unreachable(agent, nowMillis) && !agent.reportedLost()) {
      agent.reportedLost(true);
      changes.lost.add(id);
    }
    if (agent.hostname() == null) {
      changes.needHostname.add(agent);
    }
    return id;
  }

  private void lose(Agent agent, Changes changes) {
    remember(agent.id());
    changes.unavailable.add(agent);
    if (!agent.reportedLost()) {
      changes.lost.add(agent.id());
    }
  }

  private void remember(String goneId) {
    gone.add(goneId);
    if (gone.size() > MAX_GONE_REMEMBERED) {
      Iterator<String> oldest = gone.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  private boolean unreachable(Agent agent, long nowMillis) {
    Long since = agent.disconnectedSinceMillis();
    return since != null && nowMillis - since >= disconnectTimeoutMillis;
  }

  /** Whether the agent is registered but its ECS agent has been disconnected for longer than the timeout. */
  public boolean unreachable(String agentId, long nowMillis) {
    confined();
    Agent agent = byId.get(agentId);
    return agent != null && unreachable(agent, nowMillis);
  }

  /**
   * When the agent became unreachable (its disconnection plus the timeout), in epoch milliseconds of the
   * driver's clock; call only for an agent that {@link #unreachable(String, long) is unreachable}.
   */
  public long unreachableSinceMillis(String agentId) {
    confined();
    return byId.get(agentId).disconnectedSinceMillis() + disconnectTimeoutMillis;
  }

  /** Whether the agent is registered with the cluster now (for reconciliation's "known agent"). */
  public boolean known(String agentId) {
    confined();
    return byId.containsKey(agentId);
  }

  public Agent get(String agentId) {
    confined();
    return byId.get(agentId);
  }

  public Collection<Agent> all() {
    confined();
    return Collections.unmodifiableCollection(byId.values());
  }

  /** What {@code StatusMapping} should assume about the agent of a task. */
  public StatusContext.AgentState state(String agentId, long nowMillis) {
    confined();
    if (agentId == null) {
      return StatusContext.AgentState.CONNECTED;
    }
    if (gone.contains(agentId)) {
      return StatusContext.AgentState.GONE;
    }
    Agent agent = byId.get(agentId);
    if (agent == null) {
      // Never seen although the cluster was described: deregistered before this driver started.
      return swept ? StatusContext.AgentState.GONE : StatusContext.AgentState.CONNECTED;
    }
    return unreachable(agent, nowMillis) ? StatusContext.AgentState.DISCONNECTED : StatusContext.AgentState.CONNECTED;
  }
}
