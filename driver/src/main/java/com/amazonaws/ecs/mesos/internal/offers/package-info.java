/**
 * Agents and offers: the container instances seen (AgentBook), the offers outstanding, refusal filters and
 * suppressed roles (OfferBook), and the cycle that turns free resources into offers and rescinds stale ones.
 * Loop-confined: used only on the driver's loop thread.
 */
package com.amazonaws.ecs.mesos.internal.offers;
