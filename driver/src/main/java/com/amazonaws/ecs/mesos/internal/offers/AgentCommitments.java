package com.amazonaws.ecs.mesos.internal.offers;

import com.amazonaws.ecs.mesos.internal.translate.HeldResources;

/**
 * What the framework's tasks hold on an agent that ECS's description of the instance does not show:
 * launches in flight (ECS subtracts them only once StartTask lands and the next describe sees it), and what
 * ECS never subtracts: host ports a task took from its offer that its task definition does not map, GPUs
 * the definition does not require, and disk (ECS does not account disk at all).
 */
public interface AgentCommitments {

  /** Resources the agent's last description counts as free although the framework's tasks hold them. */
  HeldResources heldOutsideDescription(String agentId);
}
