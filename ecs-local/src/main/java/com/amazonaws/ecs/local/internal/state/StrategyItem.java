package com.amazonaws.ecs.local.internal.state;

/** One entry of a capacity provider strategy: the provider, its weight and its base. */
public record StrategyItem(String capacityProvider, int weight, int base) {}
