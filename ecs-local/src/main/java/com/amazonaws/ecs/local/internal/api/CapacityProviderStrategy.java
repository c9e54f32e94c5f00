package com.amazonaws.ecs.local.internal.api;

import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.StrategyItem;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Capacity provider strategies: read and checked against a cluster's providers, and split over the tasks of one
 * RunTask as ECS splits them: each provider's {@code base} first (in strategy order), the rest by {@code weight}.
 */
final class CapacityProviderStrategy {
    static final String NOT_ASSOCIATED = "The specified capacity provider strategy cannot contain a capacity provider "
            + "that is not associated with the cluster. Associate the capacity provider with the cluster or specify a "
            + "valid capacity provider and try again.";

    private CapacityProviderStrategy() {}

    /** The items of a {@code capacityProviderStrategy} JSON array (weight and base default to 0, as in ECS). */
    static List<StrategyItem> read(JsonNode strategy) {
        List<StrategyItem> items = new ArrayList<>();
        for (JsonNode i : strategy) {
            items.add(new StrategyItem(i.path("capacityProvider").asText(), i.path("weight").asInt(0),
                    i.path("base").asInt(0)));
        }
        if (items.size() > 6) {
            throw EcsException.invalidParameter("A capacity provider strategy can contain at most 6 capacity "
                    + "providers.");
        }
        return items;
    }

    /** Refuses a strategy naming a provider that {@code providers} (the cluster's) does not have. */
    static void checkAssociated(List<StrategyItem> items, List<String> providers) {
        for (StrategyItem i : items) {
            if (!providers.contains(i.capacityProvider())) {
                throw EcsException.invalidParameter(NOT_ASSOCIATED);
            }
        }
    }

    /**
     * The capacity provider of each of {@code count} tasks. When every weight is 0 the providers share the tasks
     * left after the bases equally (ecs-local is lenient there).
     */
    static List<String> split(List<StrategyItem> items, int count, Cluster cluster) {
        checkAssociated(items, cluster.capacityProviders());
        List<String> out = new ArrayList<>();
        for (StrategyItem i : items) {
            for (int b = 0; b < i.base() && out.size() < count; b++) {
                out.add(i.capacityProvider());
            }
        }
        boolean anyWeight = items.stream().anyMatch(i -> i.weight() > 0);
        int[] byWeight = new int[items.size()];
        while (out.size() < count) {
            int best = -1;
            double bestLoad = Double.MAX_VALUE;
            for (int k = 0; k < items.size(); k++) {
                int weight = anyWeight ? items.get(k).weight() : 1;
                if (weight <= 0) {
                    continue;
                }
                double load = (byWeight[k] + 1) / (double) weight;
                if (load < bestLoad) {
                    bestLoad = load;
                    best = k;
                }
            }
            byWeight[best]++;
            out.add(items.get(best).capacityProvider());
        }
        return out;
    }
}
