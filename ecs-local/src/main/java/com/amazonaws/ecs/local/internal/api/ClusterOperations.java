package com.amazonaws.ecs.local.internal.api;

import static com.amazonaws.ecs.local.internal.api.Render.JSON;

import com.amazonaws.ecs.local.internal.state.Arns;
import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.Task;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** CreateCluster, DescribeClusters, ListClusters, DeleteCluster. */
final class ClusterOperations {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    private final EcsState state;

    ClusterOperations(EcsState state) {
        this.state = state;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateCluster", this::create);
        ops.put("DescribeClusters", this::describe);
        ops.put("ListClusters", this::list);
        ops.put("DeleteCluster", this::delete);
    }

    private ObjectNode create(Request r) {
        String name = r.string("clusterName", "default");
        if (!NAME.matcher(name).matches()) {
            throw EcsException.invalidParameter("Cluster name can only contain letters, numbers, hyphens and "
                    + "underscores, up to 255 characters: '" + name + "'.");
        }
        Map<String, String> tags = r.tags("tags");
        Request.checkTagCount(tags);
        Cluster c = state.createCluster(name);
        if (r.has("capacityProviders") || r.has("defaultCapacityProviderStrategy")) {
            CapacityProviderOperations.associate(c, r);
        }
        Map<String, String> merged = new java.util.LinkedHashMap<>(c.tags());
        merged.putAll(tags);
        Request.checkTagCount(merged);
        c.tags().putAll(tags);
        ObjectNode out = JSON.objectNode();
        out.set("cluster", Render.cluster(c, true, false));
        return out;
    }

    private ObjectNode describe(Request r) {
        List<String> names = r.strings("clusters", 100);
        if (names.isEmpty()) {
            names = List.of("default");
        }
        boolean tags = r.includes("include", "TAGS");
        boolean stats = r.includes("include", "STATISTICS");
        ObjectNode out = JSON.objectNode();
        ArrayNode clusters = out.putArray("clusters");
        ArrayNode failures = out.putArray("failures");
        for (String n : names) {
            Cluster c = state.clusters().get(Arns.clusterName(n));
            if (c == null) {
                failures.add(Render.failure(n.startsWith("arn:") ? n : state.arns().cluster(n), "MISSING", null));
            } else {
                clusters.add(Render.cluster(c, tags, stats));
            }
        }
        return out;
    }

    private ObjectNode list(Request r) {
        List<Cluster> active = new ArrayList<>();
        for (Cluster c : state.clusters().values()) {
            if (c.active()) {
                active.add(c);
            }
        }
        Paging.Page<Cluster> page = Paging.page(active, Cluster::seq, r.string("nextToken"), r.maxResults());
        ObjectNode out = JSON.objectNode();
        ArrayNode arns = out.putArray("clusterArns");
        page.items().forEach(c -> arns.add(c.arn()));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private ObjectNode delete(Request r) {
        Cluster c = state.cluster(r.required("cluster"));
        if (c.registeredInstances() > 0) {
            throw new EcsException("ClusterContainsContainerInstancesException", 400,
                    "The Cluster cannot be deleted while Container Instances are active or draining.");
        }
        for (Task t : c.tasks().values()) {
            if (!t.stopped()) {
                throw new EcsException("ClusterContainsTasksException", 400,
                        "The Cluster cannot be deleted while Tasks are active.");
            }
        }
        c.setStatus("INACTIVE");
        ObjectNode out = JSON.objectNode();
        out.set("cluster", Render.cluster(c, false, false));
        return out;
    }
}
