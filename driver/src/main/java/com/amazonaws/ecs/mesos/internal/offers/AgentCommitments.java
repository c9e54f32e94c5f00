package com.amazonaws.ecs.mesos.internal.offers;

import com.amazonaws.ecs.mesos.internal.translate.HeldResources;

/**
 * What the framework's tasks hold on an agent that ECS's description of the instance does not show yet:
 * launches in flight (ECS subtracts them only once StartTask lands and the next describe sees it) and the
 * disk of live tasks (ECS does not account disk at all).
 */
public interface AgentCommitments {

  /** Resources of launches on the agent not yet reflected in its last description (no disk). */
  HeldResources launchesInFlight(String agentId);

  /** Disk (MB) taken by the framework's live and launching tasks on the agent. */
  double diskInUse(String agentId);
}
