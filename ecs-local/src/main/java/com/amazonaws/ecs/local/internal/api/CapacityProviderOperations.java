package com.amazonaws.ecs.local.internal.api;

import static com.amazonaws.ecs.local.internal.api.Render.JSON;

import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.FargateCapacity;
import com.amazonaws.ecs.local.internal.state.StrategyItem;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * DescribeCapacityProviders and PutClusterCapacityProviders for the two providers every account has, FARGATE and
 * FARGATE_SPOT (ecs-local has no Auto Scaling group providers).
 */
final class CapacityProviderOperations {
    private static final List<String> PROVIDERS = List.of(FargateCapacity.FARGATE, FargateCapacity.FARGATE_SPOT);

    private final EcsState state;

    CapacityProviderOperations(EcsState state) {
        this.state = state;
    }

    void register(Map<String, Operation> ops) {
        ops.put("DescribeCapacityProviders", this::describe);
        ops.put("PutClusterCapacityProviders", this::put);
    }

    private String arn(String name) {
        return "arn:aws:ecs:" + state.arns().region() + ":" + state.arns().account() + ":capacity-provider/" + name;
    }

    private ObjectNode describe(Request r) {
        List<String> names = r.strings("capacityProviders", 100);
        if (names.isEmpty()) {
            names = PROVIDERS;
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode providers = out.putArray("capacityProviders");
        ArrayNode failures = out.putArray("failures");
        for (String ref : names) {
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            if (!PROVIDERS.contains(name)) {
                failures.add(Render.failure(ref.startsWith("arn:") ? ref : arn(ref), "MISSING", null));
                continue;
            }
            ObjectNode p = providers.addObject().put("capacityProviderArn", arn(name)).put("name", name)
                    .put("status", "ACTIVE");
            p.putArray("tags");
        }
        return out;
    }

    /**
     * Gives {@code cluster} the {@code capacityProviders} and {@code defaultCapacityProviderStrategy} of a
     * PutClusterCapacityProviders or CreateCluster request.
     */
    static void associate(Cluster cluster, Request r) {
        List<String> providers = r.strings("capacityProviders");
        for (String p : providers) {
            if (!PROVIDERS.contains(p)) {
                throw EcsException.invalidParameter("The specified capacity provider '" + p + "' does not exist. "
                        + "ecs-local has the capacity providers FARGATE and FARGATE_SPOT.");
            }
        }
        List<StrategyItem> strategy = CapacityProviderStrategy.read(r.body().path("defaultCapacityProviderStrategy"));
        CapacityProviderStrategy.checkAssociated(strategy, providers);
        cluster.setCapacityProviders(providers, strategy);
    }

    private ObjectNode put(Request r) {
        Cluster cluster = state.cluster(r.required("cluster"));
        associate(cluster, r);
        ObjectNode out = JSON.objectNode();
        out.set("cluster", Render.cluster(cluster, false, false));
        return out;
    }
}
