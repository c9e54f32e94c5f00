package com.amazonaws.ecs.local.internal.api;

import com.amazonaws.ecs.local.internal.state.ContainerBehaviour;
import com.amazonaws.ecs.local.internal.state.ContainerDefinition;
import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.NetworkAttachment;
import com.amazonaws.ecs.local.internal.state.PortMapping;
import com.amazonaws.ecs.local.internal.state.Reservation;
import com.amazonaws.ecs.local.internal.state.ResourceNeed;
import com.amazonaws.ecs.local.internal.state.Subnet;
import com.amazonaws.ecs.local.internal.state.Subnets;
import com.amazonaws.ecs.local.internal.state.Task;
import com.amazonaws.ecs.local.internal.state.TaskContainer;
import com.amazonaws.ecs.local.internal.state.TaskDefinition;
import com.amazonaws.ecs.local.internal.state.TaskPlacement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One StartTask/RunTask request made concrete: the task definition, the checked overrides, the subnets of its
 * network configuration and the resources each task needs. Placing it on an instance (or on Fargate) creates the
 * task and takes its resources in one step.
 */
final class Launch {
    private static final Pattern STARTED_BY = Pattern.compile("[A-Za-z0-9_/-]*");

    private final EcsState state;
    private final TaskDefinition definition;
    private final ObjectNode overrides;
    private final Map<String, JsonNode> containerOverrides = new HashMap<>();
    private final String startedBy;
    private final String group;
    private final Map<String, String> tags;
    private final ResourceNeed need;
    /** The subnets of {@code networkConfiguration.awsvpcConfiguration}; null when the request has none. */
    private final List<Subnet> subnets;

    Launch(EcsState state, Request r, int maxStartedBy) {
        this.state = state;
        String ref = r.required("taskDefinition");
        this.definition = state.findTaskDefinition(ref);
        if (definition == null) {
            throw EcsException.client("TaskDefinition not found.");
        }
        if (!definition.active()) {
            throw EcsException.client("TaskDefinition is inactive: " + definition.arn());
        }
        this.overrides = r.body().has("overrides") ? (ObjectNode) r.body().get("overrides").deepCopy()
                : Render.JSON.objectNode();
        if (!overrides.has("containerOverrides")) {
            overrides.putArray("containerOverrides");
        }
        if (!overrides.has("inferenceAcceleratorOverrides")) {
            overrides.putArray("inferenceAcceleratorOverrides");
        }
        for (JsonNode co : overrides.path("containerOverrides")) {
            String name = co.path("name").asText(null);
            if (name == null || definition.container(name) == null) {
                throw EcsException.invalidParameter("Override for container named " + name
                        + " is not a container in the TaskDefinition.");
            }
            containerOverrides.put(name, co);
        }
        this.startedBy = r.string("startedBy");
        if (startedBy != null && (startedBy.length() > maxStartedBy || !STARTED_BY.matcher(startedBy).matches())) {
            throw EcsException.invalidParameter("startedBy may contain up to " + maxStartedBy
                    + " letters (uppercase and lowercase), numbers, hyphens, forward slashes and underscores.");
        }
        this.group = r.string("group", "family:" + definition.family());
        this.tags = r.tags("tags");
        Request.checkTagCount(tags);
        this.need = computeNeed();
        this.subnets = subnets(r);
    }

    /** The checked subnets of the request's awsvpc configuration, or null when it has none. */
    private List<Subnet> subnets(Request r) {
        JsonNode config = r.body().path("networkConfiguration").path("awsvpcConfiguration");
        if (config.isMissingNode() || config.isNull()) {
            return null;
        }
        if (!"awsvpc".equals(definition.networkMode())) {
            throw EcsException.invalidParameter("Network Configuration is not valid for the given networkMode of "
                    + "this task definition.");
        }
        List<String> ids = new ArrayList<>();
        config.path("subnets").forEach(s -> ids.add(s.asText()));
        if (ids.isEmpty()) {
            throw EcsException.invalidParameter("subnets can not be empty.");
        }
        if (ids.size() > 16) {
            throw EcsException.invalidParameter("subnets can have at most 16 items.");
        }
        for (String id : ids) {
            if (!Subnets.validId(id)) {
                throw EcsException.invalidParameter("Error retrieving subnet information for [" + id + "]: The "
                        + "subnet ID '" + id + "' does not exist (ErrorCode: InvalidSubnetID.NotFound)");
            }
        }
        return state.subnets().resolve(ids);
    }

    /** The subnets the request names (none: null). */
    List<Subnet> subnets() {
        return subnets;
    }

    TaskDefinition definition() {
        return definition;
    }

    ResourceNeed need() {
        return need;
    }

    private ResourceNeed computeNeed() {
        Integer cpu = TaskDefinition.parseSize(overrides.path("cpu").asText(null), true);
        Integer memory = TaskDefinition.parseSize(overrides.path("memory").asText(null), false);
        if ((cpu != null && cpu < 0) || (memory != null && memory < 0)) {
            throw EcsException.invalidParameter("Invalid cpu or memory override.");
        }
        if (cpu == null) {
            cpu = definition.cpu();
        }
        if (memory == null) {
            memory = definition.memory();
        }
        int cpuSum = 0;
        int memorySum = 0;
        List<Integer> tcp = new ArrayList<>();
        List<Integer> udp = new ArrayList<>();
        int dynamicTcp = 0;
        int dynamicUdp = 0;
        int gpus = 0;
        String mode = definition.networkMode();
        for (ContainerDefinition c : definition.containers()) {
            JsonNode co = containerOverrides.get(c.name());
            cpuSum += co != null && co.has("cpu") ? co.get("cpu").asInt() : c.cpu();
            Integer reservation = null;
            if (co != null && co.has("memoryReservation")) {
                reservation = co.get("memoryReservation").asInt();
            } else if (co != null && co.has("memory")) {
                reservation = co.get("memory").asInt();
            }
            memorySum += reservation != null ? reservation : c.reservedMemory();
            gpus += c.gpus();
            if ("awsvpc".equals(mode) || "none".equals(mode)) {
                continue;
            }
            for (PortMapping m : c.portMappings()) {
                int host = "host".equals(mode) ? (m.hostPort() > 0 ? m.hostPort() : m.containerPort()) : m.hostPort();
                if (host > 0) {
                    (m.udp() ? udp : tcp).add(host);
                } else if (m.udp()) {
                    dynamicUdp++;
                } else {
                    dynamicTcp++;
                }
            }
        }
        return new ResourceNeed(cpu != null ? cpu : cpuSum, memory != null ? memory : memorySum, List.copyOf(tcp),
                List.copyOf(udp), dynamicTcp, dynamicUdp, gpus);
    }

    /** Why this launch does not fit on {@code ci}, as an ECS failure reason, or null if it fits. */
    String misfit(ContainerInstance ci) {
        if ("INACTIVE".equals(ci.status()) || "DEREGISTERING".equals(ci.status())) {
            return "INACTIVE";
        }
        if (!ci.agentConnected()) {
            return "AGENT";
        }
        return ci.misfit(need);
    }

    /** Creates the task on {@code ci} and starts its lifecycle; call only when {@link #misfit} is null. */
    Task place(ContainerInstance ci) {
        NetworkAttachment eni = null;
        if (subnets != null) {
            // The task's ENI is in the instance's zone when one of the subnets is, as ECS places it.
            Subnet subnet = subnets.stream().filter(s -> s.availabilityZone().equals(ci.ec2().availabilityZone()))
                    .findFirst().orElse(subnets.get(0));
            eni = state.newAttachment(subnet);
        }
        return create(ci.cluster(), TaskPlacement.onInstance(ci, eni), ci.reserve(need));
    }

    /**
     * Creates a Fargate task through {@code capacityProvider} with the ENI {@code eni}, counts its vCPUs against the
     * quota and starts its lifecycle.
     */
    Task placeOnFargate(Cluster cluster, String capacityProvider, NetworkAttachment eni) {
        return create(cluster, TaskPlacement.onFargate(capacityProvider, eni), null);
    }

    private Task create(Cluster cluster, TaskPlacement placement, Reservation reservation) {
        String id = state.hex(32);
        String arn = state.arns().task(cluster.name(), id);
        List<TaskContainer> containers = new ArrayList<>();
        for (ContainerDefinition c : definition.containers()) {
            JsonNode co = containerOverrides.get(c.name());
            List<String> command = co != null && co.has("command") ? strings(co.get("command")) : c.command();
            ContainerBehaviour behaviour = ContainerBehaviour.of(c.entryPoint(), command);
            Integer memory = co != null && co.has("memory") ? Integer.valueOf(co.get("memory").asInt()) : null;
            int cpu = co != null && co.has("cpu") ? co.get("cpu").asInt() : c.cpu();
            containers.add(new TaskContainer(state.arns().container(cluster.name(), id, state.uuid()), c, behaviour,
                    memory, cpu));
        }
        Task task = new Task(arn, id, cluster, placement, definition, startedBy, group, overrides.deepCopy(),
                need.cpu(), need.memory(), containers, state.now(), state.nextSeq());
        task.tags().putAll(tags);
        if (placement.fargate()) {
            state.fargate().hold(task);
        }
        state.lifecycle().launch(task, reservation);
        return task;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asText()));
        return out;
    }
}
