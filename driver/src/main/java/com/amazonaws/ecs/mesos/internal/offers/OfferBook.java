package com.amazonaws.ecs.mesos.internal.offers;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
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
 * <p>A refusal filter (from a decline, or the unused part of a launch) stops offers from the agent to the
 * offer's role for {@code refuse_seconds} as long as what it could offer is within what was refused, as
 * Mesos's allocator does: if more resources free up, the agent is offered again at once. As in Mesos, every
 * filter lives until it expires: a short filter added while a longer one exists still applies to what the
 * longer one does not cover (a filter is dropped early only when a newer one covers all of it for longer).
 */
public final class OfferBook {

  /** An offer the framework holds. */
  public static final class Outstanding {
    private final Protos.Offer offer;
    private final HeldResources held;
    private final long madeAtMillis;

    Outstanding(Protos.Offer offer, long madeAtMillis) {
      this.offer = offer;
      this.held = HeldResources.of(offer.getResourcesList());
      this.madeAtMillis = madeAtMillis;
    }

    /** When the offer was made (driver clock). */
    public long madeAtMillis() {
      return madeAtMillis;
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

    /** The role the offer's resources are allocated to. */
    public String role() {
      return offer.hasAllocationInfo() ? offer.getAllocationInfo().getRole() : "*";
    }
  }

  private static final class Refusal {
    final String role;
    final HeldResources refused;
    final long untilMillis;

    Refusal(String role, HeldResources refused, long untilMillis) {
      this.role = role;
      this.refused = refused;
      this.untilMillis = untilMillis;
    }

    boolean covers(String r, HeldResources available) {
      return role.equals(r) && within(available, refused);
    }
  }

  private final Map<String, Outstanding> byId = new LinkedHashMap<>();
  private final Map<String, String> byAgent = new HashMap<>();
  /** Live filters by agent ID. */
  private final Map<String, List<Refusal>> refusals = new HashMap<>();
  private final Set<String> suppressedRoles = new LinkedHashSet<>();
  private final String session;
  private long seq;

  private final DriverLoop owner;

  public OfferBook(String session, Collection<String> initiallySuppressed) {
    this(session, initiallySuppressed, null);
  }

  /** A book only {@code owner}'s thread may touch (null: any thread, for unit tests). */
  public OfferBook(String session, Collection<String> initiallySuppressed, DriverLoop owner) {
    this.session = session;
    this.suppressedRoles.addAll(initiallySuppressed);
    this.owner = owner;
  }

  private void confined() {
    if (owner != null) {
      owner.confined("OfferBook");
    }
  }

  public Protos.OfferID nextId(String agentId) {
    confined();
    return Protos.OfferID.newBuilder().setValue(agentId + "-" + session + "-O" + (++seq)).build();
  }

  public void add(Protos.Offer offer, long nowMillis) {
    confined();
    Outstanding o = new Outstanding(offer, nowMillis);
    byId.put(offer.getId().getValue(), o);
    byAgent.put(o.agentId(), offer.getId().getValue());
  }

  /** Removes an offer (used, declined or rescinded); null when it was not outstanding. */
  public Outstanding remove(String offerId) {
    confined();
    Outstanding o = byId.remove(offerId);
    if (o != null) {
      byAgent.remove(o.agentId());
    }
    return o;
  }

  public Outstanding onAgent(String agentId) {
    confined();
    String id = byAgent.get(agentId);
    return id == null ? null : byId.get(id);
  }

  /** Every outstanding offer (a read-only view). */
  public java.util.Collection<Outstanding> all() {
    confined();
    return Collections.unmodifiableCollection(byId.values());
  }

  /** Outstanding offers by offer ID value (a read-only view). */
  public Map<String, Protos.Offer> offers() {
    confined();
    Map<String, Protos.Offer> view = new LinkedHashMap<>();
    for (Map.Entry<String, Outstanding> e : byId.entrySet()) {
      view.put(e.getKey(), e.getValue().offer());
    }
    return view;
  }

  public int size() {
    confined();
    return byId.size();
  }

  /** Forgets every offer without telling anyone (the framework must not use them: e.g. after a disconnect). */
  public List<Outstanding> clear() {
    confined();
    List<Outstanding> all = new ArrayList<>(byId.values());
    byId.clear();
    byAgent.clear();
    return all;
  }

  /** Refuses {@code refused} on the agent to {@code role} until {@code untilMillis}. */
  public void refuse(String agentId, String role, HeldResources refused, long untilMillis) {
    confined();
    List<Refusal> onAgent = refusals.get(agentId);
    if (onAgent == null) {
      onAgent = new ArrayList<>(2);
      refusals.put(agentId, onAgent);
    }
    for (Iterator<Refusal> it = onAgent.iterator(); it.hasNext(); ) {
      Refusal r = it.next();
      if (r.role.equals(role) && r.untilMillis <= untilMillis && within(r.refused, refused)) {
        it.remove(); // the new filter covers all of it, for at least as long
      }
    }
    onAgent.add(new Refusal(role, refused, untilMillis));
  }

  /** Whether an offer of {@code available} from the agent to {@code role} is covered by a live filter. */
  public boolean refused(String agentId, String role, HeldResources available, long nowMillis) {
    confined();
    List<Refusal> onAgent = refusals.get(agentId);
    if (onAgent == null) {
      return false;
    }
    boolean covered = false;
    for (Iterator<Refusal> it = onAgent.iterator(); it.hasNext(); ) {
      Refusal r = it.next();
      if (r.untilMillis <= nowMillis) {
        it.remove();
      } else if (r.covers(role, available)) {
        covered = true;
      }
    }
    if (onAgent.isEmpty()) {
      refusals.remove(agentId);
    }
    return covered;
  }

  static boolean within(HeldResources a, HeldResources b) {
    return a.cpuUnits() <= b.cpuUnits() && a.memoryMib() <= b.memoryMib() && a.diskMb() <= b.diskMb() + 1e-9
        && a.gpus() <= b.gpus() && b.ports().containsAll(a.ports());
  }

  /** Drops expired refusals (keeps the map small). */
  public void expireRefusals(long nowMillis) {
    confined();
    for (Iterator<List<Refusal>> agents = refusals.values().iterator(); agents.hasNext(); ) {
      List<Refusal> onAgent = agents.next();
      for (Iterator<Refusal> it = onAgent.iterator(); it.hasNext(); ) {
        if (it.next().untilMillis <= nowMillis) {
          it.remove();
        }
      }
      if (onAgent.isEmpty()) {
        agents.remove();
      }
    }
  }

  /** {@code reviveOffers()}: drops every filter. */
  public void clearRefusals() {
    confined();
    refusals.clear();
  }

  /** {@code reviveOffers(roles)}: drops the filters of these roles only. */
  public void clearRefusals(Collection<String> roles) {
    confined();
    for (Iterator<List<Refusal>> agents = refusals.values().iterator(); agents.hasNext(); ) {
      List<Refusal> onAgent = agents.next();
      for (Iterator<Refusal> it = onAgent.iterator(); it.hasNext(); ) {
        if (roles.contains(it.next().role)) {
          it.remove();
        }
      }
      if (onAgent.isEmpty()) {
        agents.remove();
      }
    }
  }

  public void suppress(Collection<String> roles) {
    confined();
    suppressedRoles.addAll(roles);
  }

  public void revive(Collection<String> roles) {
    confined();
    suppressedRoles.removeAll(roles);
  }

  public void replaceSuppressed(Collection<String> roles) {
    confined();
    suppressedRoles.clear();
    suppressedRoles.addAll(roles);
  }

  public Set<String> suppressedRoles() {
    confined();
    return Collections.unmodifiableSet(suppressedRoles);
  }
}
