package com.amazonaws.ecs.mesos.internal.offers;

import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import java.util.List;
import org.apache.mesos.Protos;

/** A framework as the {@link Allocator} sees it: what it holds, what it may be offered, where offers go. */
public interface Claimant {

  /** The framework's ID (set once it is registered). */
  Protos.FrameworkID frameworkId();

  /** Whether it may be offered resources now (registered, connected, not stopping). */
  boolean offerable();

  /** Its roles, in order of preference; suppression and filters are in {@link #offers()}. */
  List<String> roles();

  /** Its outstanding offers, refusal filters and suppressed roles. */
  OfferBook offers();

  /** What its tasks hold on each agent that ECS's description does not show. */
  AgentCommitments commitments();

  /** What its live tasks hold in all (CPU units, MiB): its part in the dominant share. */
  HeldResources allocated();

  /** Hands the framework new offers. */
  void offer(List<Protos.Offer> offers);

  /** Tells the framework an offer is withdrawn (already removed from its book). */
  void rescind(Protos.OfferID offer);
}
