package com.amazonaws.ecs.local.internal.api;

import static com.amazonaws.ecs.local.internal.api.Render.JSON;

import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** PutAttributes, ListAttributes, DeleteAttributes on container instances. */
final class AttributeOperations {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./@-]{1,128}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_./@:() -]{1,128}");
    private static final String TARGET_TYPE = "container-instance";

    private final EcsState state;

    AttributeOperations(EcsState state) {
        this.state = state;
    }

    void register(Map<String, Operation> ops) {
        ops.put("PutAttributes", r -> change(r, true));
        ops.put("DeleteAttributes", r -> change(r, false));
        ops.put("ListAttributes", this::list);
    }

    static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw EcsException.invalidParameter("Attribute name '" + name
                    + "' must be 1 to 128 letters, numbers, hyphens, underscores, periods, at signs or slashes.");
        }
        return name;
    }

    private ObjectNode change(Request r, boolean put) {
        Cluster cluster = state.cluster(r.string("cluster"));
        JsonNode attributes = r.body().path("attributes");
        if (put && attributes.size() > 10) {
            throw new EcsException("AttributeLimitExceededException", 400,
                    "You can apply up to 10 custom attributes per resource in one call.");
        }
        // Check everything first: a call that fails changes nothing.
        List<ContainerInstance> targets = new ArrayList<>();
        for (JsonNode a : attributes) {
            checkName(a.path("name").asText());
            if (put && a.hasNonNull("value") && !VALUE.matcher(a.get("value").asText()).matches()) {
                throw EcsException.invalidParameter("Attribute value '" + a.get("value").asText()
                        + "' must be 1 to 128 letters, numbers, spaces or _ . / @ : ( ) -.");
            }
            String type = a.path("targetType").asText(TARGET_TYPE);
            if (!TARGET_TYPE.equals(type)) {
                throw EcsException.invalidParameter("targetType must be container-instance.");
            }
            String target = a.path("targetId").asText(null);
            if (target == null) {
                throw EcsException.invalidParameter("targetId is required for attribute " + a.path("name").asText()
                        + ".");
            }
            ContainerInstance ci = state.instance(cluster, target);
            if (ci == null) {
                throw new EcsException("TargetNotFoundException", 400,
                        "Could not find " + target + ". Check the target and try again.");
            }
            targets.add(ci);
        }
        if (put) {
            checkPerResourceLimit(attributes, targets);
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode echoed = out.putArray("attributes");
        int i = 0;
        for (JsonNode a : attributes) {
            ContainerInstance ci = targets.get(i++);
            String name = a.path("name").asText();
            String value = a.hasNonNull("value") ? a.get("value").asText() : null;
            ci.change(() -> {
                if (put) {
                    ci.attributes().put(name, value);
                } else {
                    ci.attributes().remove(name);
                }
            });
            echoed.add(attribute(name, value, ci));
        }
        return out;
    }

    /** ECS allows 10 custom attributes per resource in total, counting those it already has. */
    private static void checkPerResourceLimit(JsonNode attributes, List<ContainerInstance> targets) {
        Map<ContainerInstance, Set<String>> custom = new HashMap<>();
        int i = 0;
        for (JsonNode a : attributes) {
            ContainerInstance ci = targets.get(i++);
            Set<String> names = custom.computeIfAbsent(ci, c -> {
                Set<String> existing = new HashSet<>();
                c.attributes().keySet().stream().filter(n -> !n.startsWith("ecs.")).forEach(existing::add);
                return existing;
            });
            String name = a.path("name").asText();
            if (!name.startsWith("ecs.")) {
                names.add(name);
            }
            if (names.size() > 10) {
                throw new EcsException("AttributeLimitExceededException", 400, "You can apply up to 10 custom "
                        + "attributes per resource; " + ci.arn() + " would have " + names.size() + ".");
            }
        }
    }

    private ObjectNode list(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        String type = r.required("targetType");
        if (!TARGET_TYPE.equals(type)) {
            throw EcsException.invalidParameter("targetType must be container-instance.");
        }
        String name = r.string("attributeName");
        String value = r.string("attributeValue");
        if (value != null && name == null) {
            throw EcsException.invalidParameter("attributeValue requires attributeName.");
        }
        record Entry(String key, ObjectNode node) {}
        List<Entry> all = new ArrayList<>();
        for (ContainerInstance ci : cluster.instances().values()) {
            if ("INACTIVE".equals(ci.status())) {
                continue;
            }
            for (Map.Entry<String, String> a : ci.attributes().entrySet()) {
                if (name != null && !name.equals(a.getKey())) {
                    continue;
                }
                if (value != null && !value.equals(a.getValue())) {
                    continue;
                }
                // Keyed by instance then name, so deleting an attribute between pages moves nothing.
                all.add(new Entry(Paging.seqKey(ci.seq()) + "/" + a.getKey(), attribute(a.getKey(), a.getValue(), ci)));
            }
        }
        all.sort(java.util.Comparator.comparing(Entry::key));
        Paging.Page<Entry> page = Paging.page(all, Entry::key, java.util.Comparator.naturalOrder(),
                r.string("nextToken"), r.maxResults());
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("attributes");
        page.items().forEach(e -> list.add(e.node()));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private static ObjectNode attribute(String name, String value, ContainerInstance ci) {
        ObjectNode a = JSON.objectNode().put("name", name);
        if (value != null) {
            a.put("value", value);
        }
        return a.put("targetType", TARGET_TYPE).put("targetId", ci.arn());
    }
}
