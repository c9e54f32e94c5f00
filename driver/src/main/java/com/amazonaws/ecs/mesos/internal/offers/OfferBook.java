package com.amazonaws.ecs.mesos.internal.offers;

import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.Protos;

/**
 * Offers outstanding with the framework, refusal filters and suppressed roles.
 *
 * <p>At most one offer per agent is outstanding: its resources are not offered again until it is declined,
 * used or rescinded. Offer IDs are the agent ID, a random token of this driver instance and a sequence
 * number, so no ID is ever reused, not even by a successor driver of the same framework.
 *
 * <p>A refusal filter (from a decline, or the unused part of a launch) stops offers from the agent for
 * {@code refuse_seconds} as long as what it could offer is within what was refused, as Mesos's allocator
 * does: if more resources free up, the agent is offered again at once.
 */
public final class OfferBook {

  /** An offer the framework holds. */
  public static final class Outstanding {
    private final Protos.Offer offer;
    private final HeldResources held;

    Outstanding(Protos.Offer offer) {
      this.offer = offer;
      this.held = HeldResources.of(offer.getResourcesList());
    }

    public Protos.Offer offer() {
      return offer;
    }

    public String agentId() {
      return offer.getSlaveId().getValue();
    }

    public HeldResources held() {
      return held;
    }
  }

  private static final class Refusal {
    final HeldResources refused;
    final long untilMillis;

    Refusal(HeldResources refused, long untilMillis) {
      this.refused = refused;
      this.untilMillis = untilMillis;
    }
  }

  private final Map<String, Outstanding> byId = new LinkedHashMap<>();
  private final Map<String, String> byAgent = new HashMap<>();
  private final Map<String, Refusal> refusals = new HashMap<>();
  private final Set<String> suppressedRoles = new LinkedHashSet<>();
  private final String session;
  private long seq;

  public OfferBook(String session, Collection<String> initiallySuppressed) {
    this.session = session;
    this.suppressedRoles.addAll(initiallySuppressed);
  }

  public Protos.OfferID nextId(String agentId) {
    return Protos.OfferID.newBuilder().setValue(agentId + "-" + session + "-O" + (++seq)).build();
  }

  public void add(Protos.Offer offer) {
    Outstanding o = new Outstanding(offer);
    byId.put(offer.getId().getValue(), o);
    byAgent.put(o.agentId(), offer.getId().getValue());
  }

  /** Removes an offer (used, declined or rescinded); null when it was not outstanding. */
  public Outstanding remove(String offerId) {
    Outstanding o = byId.remove(offerId);
    if (o != null) {
      byAgent.remove(o.agentId());
    }
    return o;
  }

  public Outstanding onAgent(String agentId) {
    String id = byAgent.get(agentId);
    return id == null ? null : byId.get(id);
  }

  /** Outstanding offers by offer ID value (a read-only view). */
  public Map<String, Protos.Offer> offers() {
    Map<String, Protos.Offer> view = new LinkedHashMap<>();
    for (Map.Entry<String, Outstanding> e : byId.entrySet()) {
      view.put(e.getKey(), e.getValue().offer());
    }
    return view;
  }

  public int size() {
    return byId.size();
  }

  /** Forgets every offer without telling anyone (the framework must not use them: e.g. after a disconnect). */
  public List<Outstanding> clear() {
    List<Outstanding> all = new ArrayList<>(byId.values());
    byId.clear();
    byAgent.clear();
    return all;
  }

  /** Refuses {@code refused} on the agent until {@code untilMillis}. */
  public void refuse(String agentId, HeldResources refused, long untilMillis) {
    Refusal existing = refusals.get(agentId);
    if (existing == null || existing.untilMillis < untilMillis) {
      refusals.put(agentId, new Refusal(refused, untilMillis));
    }
  }

  /** Whether an offer of {@code available} from the agent is still refused. */
  public boolean refused(String agentId, HeldResources available, long nowMillis) {
    Refusal r = refusals.get(agentId);
    if (r == null) {
      return false;
    }
    if (r.untilMillis <= nowMillis) {
      refusals.remove(agentId);
      return false;
    }
    return within(available, r.refused);
  }

  static boolean within(HeldResources a, HeldResources b) {
    return a.cpuUnits() <= b.cpuUnits() && a.memoryMib() <= b.memoryMib() && a.diskMb() <= b.diskMb() + 1e-9
        && a.gpus() <= b.gpus() && b.ports().containsAll(a.ports());
  }

  /** Drops expired refusals (keeps the map small). */
  public void expireRefusals(long nowMillis) {
    for (Iterator<Refusal> it = refusals.values().iterator(); it.hasNext(); ) {
      if (it.next().untilMillis <= nowMillis) {
        it.remove();
      }
    }
  }

  public void clearRefusals() {
    refusals.clear();
  }

  public void suppress(Collection<String> roles) {
    suppressedRoles.addAll(roles);
  }

  public void revive(Collection<String> roles) {
    suppressedRoles.removeAll(roles);
  }

  public void replaceSuppressed(Collection<String> roles) {
    suppressedRoles.clear();
    suppressedRoles.addAll(roles);
  }

  public Set<String> suppressedRoles() {
    return Collections.unmodifiableSet(suppressedRoles);
  }
}
