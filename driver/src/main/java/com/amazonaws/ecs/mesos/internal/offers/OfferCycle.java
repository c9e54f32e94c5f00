package com.amazonaws.ecs.mesos.internal.offers;

import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.OfferResources;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;

/**
 * Turns the agents' free resources into offers, and finds offers that no longer hold.
 *
 * <p>What an agent can offer is its last ECS description's remaining resources minus launches ECS has not
 * shown yet ({@link AgentCommitments}), with disk counted by the driver. An offer is stale, and must be
 * rescinded, when its agent drains, disconnects or goes away, or when the agent's free resources shrank
 * below what the offer promises (a task outside this framework took them).
 */
public final class OfferCycle {
  /** Mesos's allocator offers nothing smaller than this (MIN_CPUS, MIN_MEM). */
  private static final double MIN_CPUS = 0.01;
  private static final double MIN_MEM = 32;

  private final AgentBook agents;
  private final OfferBook offers;
  private final AgentCommitments commitments;
  private final PortRanges portRange;
  /** Disk offered per agent: ECS does not account disk, the driver subtracts what its tasks took. */
  private final double diskPerAgentMb;
  private final String region;

  public OfferCycle(AgentBook agents, OfferBook offers, AgentCommitments commitments, PortRanges portRange,
      double diskPerAgentMb, String region) {
    this.agents = agents;
    this.offers = offers;
    this.commitments = commitments;
    this.portRange = portRange;
    this.diskPerAgentMb = diskPerAgentMb;
    this.region = region;
  }

  /** Removes and returns the offers that no longer hold; the caller tells the framework (offerRescinded). */
  public List<Protos.OfferID> removeStale() {
    List<Protos.OfferID> stale = new ArrayList<>();
    for (Protos.Offer offer : offers.offers().values()) {
      String agentId = offer.getSlaveId().getValue();
      Agent agent = agents.get(agentId);
      boolean gone = agent == null || !agent.offerable();
      if (gone || !OfferBook.within(offers.onAgent(agentId).held(), free(agent, role(offer)))) {
        offers.remove(offer.getId().getValue());
        stale.add(offer.getId());
      }
    }
    return stale;
  }

  /**
   * Makes and records new offers for every agent that has something to offer, no outstanding offer and no
   * refusal filter covering it. Resources are allocated to the first of {@code roles} that is not suppressed
   * and has no filter covering the agent; when every role is suppressed nothing is offered.
   */
  public List<Protos.Offer> makeOffers(Protos.FrameworkID frameworkId, List<String> roles, long nowMillis) {
    List<Protos.Offer> made = new ArrayList<>();
    List<String> offeredRoles = new ArrayList<>(roles.size());
    for (String r : roles) {
      if (!offers.suppressedRoles().contains(r)) {
        offeredRoles.add(r);
      }
    }
    if (offeredRoles.isEmpty()) {
      return made;
    }
    offers.expireRefusals(nowMillis);
    for (Agent agent : agents.all()) {
      if (!agent.offerable() || offers.onAgent(agent.id()) != null) {
        continue;
      }
      List<Protos.Resource> resources = resources(agent, offeredRoles.get(0));
      if (!worthOffering(resources)) {
        continue;
      }
      // Filters are per role, as in Mesos: the agent goes to the first role that has not refused it.
      HeldResources available = HeldResources.of(resources);
      String role = null;
      for (String r : offeredRoles) {
        if (!offers.refused(agent.id(), r, available, nowMillis)) {
          role = r;
          break;
        }
      }
      if (role == null) {
        continue;
      }
      if (!role.equals(offeredRoles.get(0))) {
        resources = resources(agent, role);
      }
      Protos.Offer offer = OfferResources.offer(offers.nextId(agent.id()), frameworkId, agent.slaveId(),
          agent.hostname(), resources, OfferResources.attributes(agent.instance()),
          OfferResources.domain(agent.instance(), region).orElse(null), role);
      offers.add(offer);
      made.add(offer);
    }
    return made;
  }

  private HeldResources free(Agent agent, String role) {
    return HeldResources.of(resources(agent, role));
  }

  private List<Protos.Resource> resources(Agent agent, String role) {
    return OfferResources.resources(agent.instance(), commitments.heldOutsideDescription(agent.id()), portRange,
        diskPerAgentMb, role);
  }

  private static String role(Protos.Offer offer) {
    return offer.hasAllocationInfo() ? offer.getAllocationInfo().getRole() : OfferResources.DEFAULT_ROLE;
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
}
