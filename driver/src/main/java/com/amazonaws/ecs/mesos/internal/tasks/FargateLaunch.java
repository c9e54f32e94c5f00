package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.translate.FargateDefinitions;
import com.amazonaws.ecs.mesos.internal.translate.FargateSizes;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import com.amazonaws.ecs.mesos.internal.translate.TaskDefinitionSynthesis;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;

/**
 * What changes for a launch on a Fargate agent: the task runs at a valid Fargate size (rounded up, said in its
 * updates), which it holds against the agent for its whole life (no container instance accounts for it), with
 * no host ports held (each task has its own network interface), from a definition made for Fargate.
 */
final class FargateLaunch {
  private FargateLaunch() {}

  /**
   * Sizes a launch on {@code agent} if it is a Fargate agent, holding what Fargate will run; why it cannot run on
   * Fargate (too large, GPUs), or null.
   */
  static String size(TrackedTask t, Agent agent, HeldResources taken) {
    if (agent == null || agent.fargate() == null) {
      return null;
    }
    if (taken.gpus() > 0) {
      return "Fargate has no GPUs; the task takes " + taken.gpus() + " from the offer";
    }
    FargateSizes.Size size;
    try {
      size = FargateSizes.roundUp(taken.cpuUnits(), taken.memoryMib());
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    t.fargateSize(size, FargateDefinitions.note(taken.cpuUnits(), taken.memoryMib(), size));
    t.hold(HeldResources.NONE);
    t.reserved(HeldResources.of(size.cpuUnits(), size.memoryMib(), taken.diskMb(), 0, PortRanges.EMPTY));
    return null;
  }

  /** The definition to register: made for Fargate when the task runs there. */
  static TaskDefinitionSynthesis.Synthesized definition(TrackedTask t, TaskDefinitionSynthesis.Synthesized s) {
    return t.fargateSize() == null ? s : FargateDefinitions.adapt(s, t.fargateSize());
  }

  /** The launch, at Fargate's size when the task runs there. */
  static StartTaskRequest sized(TrackedTask t, StartTaskRequest request) {
    return t.fargateSize() == null ? request : FargateDefinitions.sized(request, t.fargateSize());
  }
}
