/**
 * Agents and offers: the container instances seen (AgentBook), each framework's outstanding offers, refusal
 * filters and suppressed roles (OfferBook), and the Allocator that decides which framework is offered which
 * agent's free resources and rescinds stale offers. Loop-confined: used only on the loop thread.
 */
package com.amazonaws.ecs.mesos.internal.offers;
