package com.amazonaws.ecs.mesos.internal.offers;

import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.OfferResources;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;

/**
 * Decides which framework is offered which agent's free resources, as Mesos's hierarchical allocator does
 * (simplified: one framework per agent at a time).
 *
 * <p>What an agent can offer is its last ECS description's remaining resources minus what every framework's
 * tasks hold that the description does not show ({@link AgentCommitments}), with disk counted by the driver.
 * An agent with an outstanding offer (to any framework) is not offered again: the same resources are never
 * outstanding in two offers. Every other agent goes to the framework with the lowest dominant share (the
 * larger of its CPU and memory share of the cluster, counting its tasks and the offers it holds) that
 * wants it: offerable, a role not suppressed, and no live refusal filter of that role covering it. Ties go
 * to the framework registered first.
 *
 * <p>An outstanding offer is rescinded when its agent drains, disconnects or goes away, when the agent's
 * free resources shrank below what the offer promises (a task outside the frameworks took them), or when
 * the framework has held it longer than the offer timeout (Mesos's {@code --offer_timeout}), if one is set.
 */
public final class Allocator {
  /** Mesos's allocator offers nothing smaller than this (MIN_CPUS, MIN_MEM). */
  private static final double MIN_CPUS = 0.01;
  private static final double MIN_MEM = 32;

  private final AgentBook agents;
  private final PortRanges portRange;
  /** Disk offered per agent: ECS does not account disk, the driver subtracts what its tasks took. */
  private final double diskPerAgentMb;
  private final String region;
  private final long offerTimeoutMillis;

  /** @param offerTimeoutMillis how long a framework may hold an offer; 0: for ever */
  public Allocator(AgentBook agents, PortRanges portRange, double diskPerAgentMb, String region,
      long offerTimeoutMillis) {
    this.agents = agents;
    this.portRange = portRange;
    this.diskPerAgentMb = diskPerAgentMb;
    this.region = region;
    this.offerTimeoutMillis = offerTimeoutMillis;
  }

  /** Removes the offers that no longer hold and tells their frameworks (offerRescinded). */
  public void rescindStale(List<? extends Claimant> claimants, long nowMillis) {
    for (Claimant c : claimants) {
      for (OfferBook.Outstanding o : new ArrayList<>(c.offers().all())) {
        Agent agent = agents.get(o.agentId());
        boolean gone = agent == null || !agent.offerable();
        boolean expired = offerTimeoutMillis > 0 && nowMillis - o.madeAtMillis() >= offerTimeoutMillis;
        if (gone || expired || !OfferBook.within(o.held(), HeldResources.of(resources(agent, o.role(), claimants)))) {
          c.offers().remove(o.offer().getId().getValue());
          c.rescind(o.offer().getId());
        }
      }
    }
  }

  /** Offers every agent that has something to offer and no outstanding offer to the framework that wants it most. */
  public void allocate(List<? extends Claimant> claimants, long nowMillis) {
    List<Claimant> eligible = new ArrayList<>();
    Set<String> offered = new HashSet<>();
    for (Claimant c : claimants) {
      for (OfferBook.Outstanding o : c.offers().all()) {
        offered.add(o.agentId());
      }
      if (c.offerable() && c.frameworkId() != null) {
        c.offers().expireRefusals(nowMillis);
        eligible.add(c);
      }
    }
    if (eligible.isEmpty()) {
      return;
    }
    Shares shares = new Shares(eligible);
    Map<Claimant, List<Protos.Offer>> made = new IdentityHashMap<>();
    for (Agent agent : agents.all()) {
      if (!agent.offerable() || offered.contains(agent.id())) {
        continue;
      }
      List<Protos.Resource> resources = resources(agent, OfferResources.DEFAULT_ROLE, claimants);
      if (!worthOffering(resources)) {
        continue;
      }
      HeldResources available = HeldResources.of(resources);
      Claimant taker = null;
      String role = null;
      for (Claimant c : shares.inOrder()) {
        role = wantingRole(c, agent, available, nowMillis);
        if (role != null) {
          taker = c;
          break;
        }
      }
      if (taker == null) {
        continue;
      }
      Protos.Offer offer = OfferResources.offer(taker.offers().nextId(agent.id()), taker.frameworkId(), agent.slaveId(),
          agent.hostname(), resources(agent, role, claimants), OfferResources.attributes(agent.instance()),
          OfferResources.domain(agent.instance(), region).orElse(null), role);
      taker.offers().add(offer, nowMillis);
      shares.add(taker, available);
      List<Protos.Offer> list = made.get(taker);
      if (list == null) {
        list = new ArrayList<>();
        made.put(taker, list);
      }
      list.add(offer);
    }
    for (Claimant c : eligible) {
      List<Protos.Offer> list = made.get(c);
      if (list != null) {
        c.offer(list);
      }
    }
  }

  /** The first of the framework's roles that is not suppressed and has no filter covering the agent. */
  private static String wantingRole(Claimant c, Agent agent, HeldResources available, long nowMillis) {
    for (String r : c.roles()) {
      if (!c.offers().suppressedRoles().contains(r) && !c.offers().refused(agent.id(), r, available, nowMillis)) {
        return r;
      }
    }
    return null;
  }

  private List<Protos.Resource> resources(Agent agent, String role, List<? extends Claimant> claimants) {
    HeldResources held = HeldResources.NONE;
    for (Claimant c : claimants) {
      held = held.plus(c.commitments().heldOutsideDescription(agent.id()));
    }
    return OfferResources.resources(agent.instance(), held, portRange, diskPerAgentMb, role);
  }

  private static boolean worthOffering(List<Protos.Resource> resources) {
    for (Protos.Resource r : resources) {
      if (("cpus".equals(r.getName()) && r.getScalar().getValue() >= MIN_CPUS)
          || ("mem".equals(r.getName()) && r.getScalar().getValue() >= MIN_MEM)) {
        return true;
      }
    }
    return false;
  }

  /** Dominant shares of the frameworks in this round, kept up to date as offers are made. */
  private final class Shares {
    private final List<Claimant> order;
    private final Map<Claimant, long[]> held = new IdentityHashMap<>();
    private final double totalCpu;
    private final double totalMem;

    Shares(List<Claimant> claimants) {
      long cpu = 0;
      long mem = 0;
      for (Agent a : agents.all()) {
        ContainerInstance ci = a.instance();
        if (ci.hasRegisteredResources()) {
          for (Resource r : ci.registeredResources()) {
            if ("CPU".equals(r.name()) && r.integerValue() != null) {
              cpu += r.integerValue();
            } else if ("MEMORY".equals(r.name()) && r.integerValue() != null) {
              mem += r.integerValue();
            }
          }
        }
      }
      this.totalCpu = Math.max(1, cpu);
      this.totalMem = Math.max(1, mem);
      this.order = new ArrayList<>(claimants);
      for (Claimant c : claimants) {
        HeldResources h = c.allocated();
        for (OfferBook.Outstanding o : c.offers().all()) {
          h = h.plus(o.held());
        }
        held.put(c, new long[] {h.cpuUnits(), h.memoryMib()});
      }
    }

    /** Lowest dominant share first; a stable sort keeps registration order among equals. */
    List<Claimant> inOrder() {
      if (order.size() > 1) {
        order.sort((a, b) -> Double.compare(share(a), share(b)));
      }
      return order;
    }

    void add(Claimant c, HeldResources r) {
      long[] h = held.get(c);
      h[0] += r.cpuUnits();
      h[1] += r.memoryMib();
    }

    private double share(Claimant c) {
      long[] h = held.get(c);
      return Math.max(h[0] / totalCpu, h[1] / totalMem);
    }
  }
}
