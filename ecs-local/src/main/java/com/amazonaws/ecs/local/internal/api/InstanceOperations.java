package com.amazonaws.ecs.local.internal.api;

import static com.amazonaws.ecs.local.internal.api.Render.JSON;

import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import com.amazonaws.ecs.local.internal.state.Ec2Instance;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * RegisterContainerInstance, DeregisterContainerInstance, ListContainerInstances,
 * DescribeContainerInstances, UpdateContainerInstancesState.
 */
final class InstanceOperations {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EcsState state;

    InstanceOperations(EcsState state) {
        this.state = state;
    }

    void register(Map<String, Operation> ops) {
        ops.put("RegisterContainerInstance", this::registerInstance);
        ops.put("DeregisterContainerInstance", this::deregister);
        ops.put("ListContainerInstances", this::list);
        ops.put("DescribeContainerInstances", this::describe);
        ops.put("UpdateContainerInstancesState", this::updateState);
    }

    /**
     * What the ECS agent calls at boot. Sizes come from {@code totalResources}; the instance ID,
     * zone and type from the instance identity document when one is given.
     */
    private ObjectNode registerInstance(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        JsonNode identity = identity(r.string("instanceIdentityDocument"));
        String reRegister = r.string("containerInstanceArn");
        if (reRegister != null) {
            ContainerInstance existing = state.instance(cluster, reRegister);
            if (existing != null && !"INACTIVE".equals(existing.status())) {
                existing.setAgentConnected(true);
                return wrap("containerInstance", Render.containerInstance(existing, true));
            }
        }
        int cpu = 1024;
        int memory = 2048;
        Set<Integer> tcp = new TreeSet<>();
        Set<Integer> udp = new TreeSet<>();
        List<String> gpus = new ArrayList<>();
        for (JsonNode res : r.body().path("totalResources")) {
            String name = res.path("name").asText();
            switch (name) {
                case "CPU" -> cpu = positive(res, name);
                case "MEMORY" -> memory = positive(res, name);
                case "PORTS" -> res.path("stringSetValue").forEach(p -> tcp.add(port(p.asText())));
                case "PORTS_UDP" -> res.path("stringSetValue").forEach(p -> udp.add(port(p.asText())));
                case "GPU" -> res.path("stringSetValue").forEach(g -> gpus.add(g.asText()));
                default -> throw EcsException.invalidParameter("Unknown resource name '" + name + "'.");
            }
        }
        String zone = identity.path("availabilityZone").asText(state.arns().region() + "a");
        String type = identity.path("instanceType").asText("m5.large");
        String instanceId = identity.path("instanceId").asText(null);
        Ec2Instance ec2 = instanceId != null && state.ec2Instances().containsKey(instanceId)
                ? state.ec2Instances().get(instanceId)
                : state.newEc2Instance(instanceId, type, zone);
        Map<String, String> attrs = new LinkedHashMap<>();
        for (JsonNode a : r.body().path("attributes")) {
            attrs.put(AttributeOperations.checkName(a.path("name").asText()),
                    a.hasNonNull("value") ? a.get("value").asText() : null);
        }
        Map<String, String> tags = r.tags("tags");
        Request.checkTagCount(tags);
        ContainerInstance ci = state.registerInstance(cluster, ec2, cpu, memory, tcp, udp, gpus, attrs);
        ci.tags().putAll(tags);
        return wrap("containerInstance", Render.containerInstance(ci, true));
    }

    private static JsonNode identity(String document) {
        if (document == null || document.isBlank()) {
            return JSON.objectNode();
        }
        try {
            return MAPPER.readTree(document);
        } catch (Exception e) {
            throw EcsException.invalidParameter("instanceIdentityDocument is not a valid JSON document.");
        }
    }

    private static int positive(JsonNode res, String name) {
        int v = res.path("integerValue").asInt(0);
        if (v <= 0) {
            throw EcsException.invalidParameter("Resource " + name + " must have a positive integerValue.");
        }
        return v;
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw EcsException.invalidParameter("Invalid port '" + text + "'.");
    }

    private ObjectNode deregister(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        String ref = r.required("containerInstance");
        ContainerInstance ci = state.instance(cluster, ref);
        if (ci == null || "INACTIVE".equals(ci.status())) {
            throw EcsException.invalidParameter("The referenced container instance " + ref + " was not found.");
        }
        boolean hasTasks = ci.tasks().stream().anyMatch(t -> !t.stopped());
        if (hasTasks && !r.bool("force")) {
            throw EcsException.invalidParameter("Found running tasks on the instance. Stop them first, or set "
                    + "force to deregister anyway (the tasks are then orphaned).");
        }
        ci.setStatus("INACTIVE", "Deregistered by the user");
        ci.setAgentConnected(false);
        return wrap("containerInstance", Render.containerInstance(ci, false));
    }

    private ObjectNode list(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        if (r.has("filter")) {
            throw EcsException.invalidParameter("ecs-local does not evaluate cluster query language filters ("
                    + r.string("filter") + "); list without filter and filter the described instances.");
        }
        String status = r.string("status");
        List<ContainerInstance> matching = new ArrayList<>();
        for (ContainerInstance ci : cluster.instances().values()) {
            if (status == null ? !"INACTIVE".equals(ci.status()) : status.equals(ci.status())) {
                matching.add(ci);
            }
        }
        Paging.Page<ContainerInstance> page = Paging.page(matching, ContainerInstance::seq, r.string("nextToken"),
                r.maxResults());
        ObjectNode out = JSON.objectNode();
        ArrayNode arns = out.putArray("containerInstanceArns");
        page.items().forEach(ci -> arns.add(ci.arn()));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private ObjectNode describe(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        List<String> refs = r.strings("containerInstances", 100);
        if (refs.isEmpty()) {
            throw EcsException.invalidParameter("containerInstances can not be empty.");
        }
        boolean tags = r.includes("include", "TAGS");
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("containerInstances");
        ArrayNode failures = out.putArray("failures");
        for (String ref : refs) {
            ContainerInstance ci = state.instance(cluster, ref);
            if (ci == null) {
                failures.add(Render.failure(state.arns().containerInstanceOf(cluster.name(), ref), "MISSING", null));
            } else {
                list.add(Render.containerInstance(ci, tags));
            }
        }
        return out;
    }

    private ObjectNode updateState(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        List<String> refs = r.strings("containerInstances", 10);
        String status = r.required("status");
        if (!"ACTIVE".equals(status) && !"DRAINING".equals(status)) {
            throw EcsException.invalidParameter("Container instances can only be set to ACTIVE or DRAINING, not "
                    + status + ".");
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("containerInstances");
        ArrayNode failures = out.putArray("failures");
        for (String ref : refs) {
            ContainerInstance ci = state.instance(cluster, ref);
            if (ci == null) {
                failures.add(Render.failure(state.arns().containerInstanceOf(cluster.name(), ref), "MISSING", null));
            } else if ("INACTIVE".equals(ci.status())) {
                failures.add(Render.failure(ci.arn(), "INACTIVE", null));
            } else {
                if (!status.equals(ci.status())) {
                    ci.setStatus(status, null);
                }
                list.add(Render.containerInstance(ci, false));
            }
        }
        return out;
    }

    static ObjectNode wrap(String field, ObjectNode value) {
        ObjectNode out = JSON.objectNode();
        out.set(field, value);
        return out;
    }
}
