package com.amazonaws.ecs.mesos.master.internal.ui;

import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.OfferBook;
import com.amazonaws.ecs.mesos.internal.tasks.TrackedTask;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import com.amazonaws.ecs.mesos.master.internal.FrameworkRead;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.Resource;

/**
 * What each agent has, holds and is offered, summed over every framework in one pass: the overview's bars
 * and the agents table read the same figures. Built on the loop.
 */
final class AgentFigures {
  /** The attribute ECS gives every container instance (and the master its Fargate agents). */
  static final String ZONE = "ecs.availability-zone";

  final Map<String, HeldResources> used = new HashMap<>();
  final Map<String, HeldResources> offered = new HashMap<>();
  final Map<String, Integer> liveTasks = new HashMap<>();

  static AgentFigures of(List<FrameworkRead> frameworks) {
    AgentFigures f = new AgentFigures();
    for (FrameworkRead fw : frameworks) {
      if (fw.completed()) {
        continue;
      }
      for (TrackedTask t : fw.session().tasks().live()) {
        if (t.agentId() != null) {
          f.used.merge(t.agentId(), t.allocated(), HeldResources::plus);
          f.liveTasks.merge(t.agentId(), 1, Integer::sum);
        }
      }
      for (OfferBook.Outstanding o : fw.session().offers().all()) {
        f.offered.merge(o.agentId(), o.held(), HeldResources::plus);
      }
    }
    return f;
  }

  /** What the agent registered with ECS (CPU units, MiB, GPUs), the disk the master offers per agent. */
  static HeldResources total(Agent a, double diskMb) {
    long cpu = 0;
    long mem = 0;
    long gpus = 0;
    if (a.instance().hasRegisteredResources()) {
      for (Resource r : a.instance().registeredResources()) {
        if ("CPU".equals(r.name()) && r.integerValue() != null) {
          cpu = r.integerValue();
        } else if ("MEMORY".equals(r.name()) && r.integerValue() != null) {
          mem = r.integerValue();
        } else if ("GPU".equals(r.name()) && r.hasStringSetValue()) {
          gpus = r.stringSetValue().size();
        }
      }
    }
    return HeldResources.of(cpu, mem, diskMb, gpus, PortRanges.EMPTY);
  }

  /** What is neither used nor offered (never below zero: ECS may count tasks the master does not know). */
  static HeldResources free(HeldResources total, HeldResources used, HeldResources offered) {
    return HeldResources.of(Math.max(0, total.cpuUnits() - used.cpuUnits() - offered.cpuUnits()),
        Math.max(0, total.memoryMib() - used.memoryMib() - offered.memoryMib()),
        Math.max(0, total.diskMb() - used.diskMb() - offered.diskMb()),
        Math.max(0, total.gpus() - used.gpus() - offered.gpus()), PortRanges.EMPTY);
  }

  static String zone(Agent a) {
    return attribute(a, ZONE);
  }

  static String attribute(Agent a, String name) {
    if (a.instance().hasAttributes()) {
      for (Attribute at : a.instance().attributes()) {
        if (name.equals(at.name())) {
          return at.value();
        }
      }
    }
    return null;
  }

  /** ECS's status of the instance: ACTIVE, DRAINING, … (a draining agent offers nothing). */
  static String status(Agent a) {
    return a.instance().status() == null ? "UNKNOWN" : a.instance().status();
  }
}
