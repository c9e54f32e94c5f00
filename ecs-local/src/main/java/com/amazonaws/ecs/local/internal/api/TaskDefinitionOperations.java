package com.amazonaws.ecs.local.internal.api;

import static com.amazonaws.ecs.local.internal.api.Render.JSON;

import com.amazonaws.ecs.local.internal.state.ContainerDefinition;
import com.amazonaws.ecs.local.internal.state.ContainerOrdering;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.FargateSizes;
import com.amazonaws.ecs.local.internal.state.PortMapping;
import com.amazonaws.ecs.local.internal.state.TaskDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition. */
final class TaskDefinitionOperations {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    private final EcsState state;

    TaskDefinitionOperations(EcsState state) {
        this.state = state;
    }

    void register(Map<String, Operation> ops) {
        ops.put("RegisterTaskDefinition", this::registerDefinition);
        ops.put("DescribeTaskDefinition", this::describe);
        ops.put("ListTaskDefinitions", this::list);
        ops.put("DeregisterTaskDefinition", this::deregister);
    }

    private ObjectNode registerDefinition(Request r) {
        String family = r.required("family");
        if (!NAME.matcher(family).matches()) {
            throw EcsException.client("Family contains invalid characters: '" + family
                    + "'. Up to 255 letters, numbers, hyphens and underscores are allowed.");
        }
        ObjectNode def = r.body().deepCopy();
        Map<String, String> tags = r.tags("tags");
        Request.checkTagCount(tags);
        validate(def);
        normalizeSizes(def);
        TaskDefinition td = state.registerTaskDefinition(family, def);
        td.tags().putAll(tags);
        ObjectNode out = JSON.objectNode();
        out.set("taskDefinition", Render.taskDefinition(td));
        out.set("tags", Render.tags(td.tags()));
        return out;
    }

    /** The checks ECS makes at registration, with ECS's wording where it is well known. */
    private static void validate(ObjectNode def) {
        JsonNode containers = def.path("containerDefinitions");
        if (containers.isEmpty()) {
            throw EcsException.client("Container list cannot be empty.");
        }
        Integer taskCpu = TaskDefinition.parseSize(def.path("cpu").asText(null), true);
        Integer taskMemory = TaskDefinition.parseSize(def.path("memory").asText(null), false);
        if (taskCpu != null && taskCpu <= 0) {
            throw EcsException.client("Invalid 'cpu' setting for task: '" + def.path("cpu").asText() + "'.");
        }
        if (taskMemory != null && taskMemory <= 0) {
            throw EcsException.client("Invalid 'memory' setting for task: '" + def.path("memory").asText() + "'.");
        }
        String mode = def.path("networkMode").asText("bridge");
        boolean fargate = false;
        for (JsonNode c : def.path("requiresCompatibilities")) {
            fargate |= "FARGATE".equals(c.asText());
        }
        if (fargate) {
            checkFargate(mode, taskCpu, taskMemory);
        }
        Set<String> names = new HashSet<>();
        Set<String> hostPorts = new HashSet<>();
        boolean anyEssential = false;
        for (JsonNode c : containers) {
            String name = c.path("name").asText("");
            if (!NAME.matcher(name).matches()) {
                throw EcsException.client("Container name '" + name
                        + "' must be 1 to 255 letters, numbers, hyphens and underscores.");
            }
            if (!names.add(name)) {
                throw EcsException.client("Duplicate container name '" + name + "' in the task definition.");
            }
            if (c.path("image").asText("").isBlank()) {
                throw EcsException.client("Container.image should not be null or empty (container '" + name + "').");
            }
            checkRawValues(c, name);
            ContainerDefinition cd = ContainerDefinition.from(c);
            if (taskMemory == null && cd.memory() == null && cd.memoryReservation() == null) {
                throw EcsException.client("Invalid setting for container '" + name
                        + "'. At least one of 'memory' or 'memoryReservation' must be specified.");
            }
            if (cd.memory() != null && cd.memoryReservation() != null && cd.memoryReservation() > cd.memory()) {
                throw EcsException.client("Invalid setting for container '" + name
                        + "'. 'memoryReservation' must be less than or equal to 'memory'.");
            }
            if ((cd.memory() != null && cd.memory() < 6) || cd.reservedMemory() < 0) {
                throw EcsException.client("Invalid setting for container '" + name
                        + "'. The memory limit must be at least 6 MiB.");
            }
            anyEssential |= cd.essential();
            for (PortMapping m : cd.portMappings()) {
                if (m.containerPort() < 0 || m.containerPort() > 65535 || m.hostPort() > 65535) {
                    throw EcsException.client("Invalid port mapping in container '" + name + "'.");
                }
                if (("host".equals(mode) || "awsvpc".equals(mode)) && m.hostPort() > 0
                        && m.hostPort() != m.containerPort()) {
                    throw EcsException.client("When networkMode=" + mode
                            + ", the host ports must either be undefined or match the container port.");
                }
                int host = "host".equals(mode) ? m.containerPort() : m.hostPort();
                if (host > 0 && !"awsvpc".equals(mode) && !hostPorts.add(m.protocol() + "/" + host)) {
                    throw EcsException.client("The host port " + host + " is mapped more than once in the task "
                            + "definition.");
                }
            }
        }
        if (!anyEssential) {
            throw EcsException.client("A task definition must have at least one essential container.");
        }
        List<ContainerDefinition> defs = new ArrayList<>();
        containers.forEach(c -> defs.add(ContainerDefinition.from(c)));
        String ordering = ContainerOrdering.invalid(defs);
        if (ordering != null) {
            throw EcsException.client(ordering);
        }
    }

    /** What ECS requires of a task definition that {@code requiresCompatibilities} FARGATE, in ECS's words. */
    private static void checkFargate(String mode, Integer cpu, Integer memory) {
        if (!"awsvpc".equals(mode)) {
            throw EcsException.client("Fargate only supports network mode \u2018awsvpc\u2019.");
        }
        if (cpu == null) {
            throw EcsException.client("Fargate requires that 'cpu' be defined at the task level.");
        }
        if (memory == null) {
            throw EcsException.client("Fargate requires that 'memory' be defined at the task level.");
        }
        if (!FargateSizes.valid(cpu, memory)) {
            throw EcsException.client(FargateSizes.invalidMessage(cpu, memory));
        }
    }

    /** ECS converts "1 vCPU" and "2 GB" to units and MiB at registration and answers those from then on. */
    private static void normalizeSizes(ObjectNode def) {
        Integer cpu = TaskDefinition.parseSize(def.path("cpu").asText(null), true);
        Integer memory = TaskDefinition.parseSize(def.path("memory").asText(null), false);
        if (cpu != null) {
            def.put("cpu", String.valueOf(cpu));
        }
        if (memory != null) {
            def.put("memory", String.valueOf(memory));
        }
    }

    /** Values {@link ContainerDefinition#from} reads as numbers: a bad one is the caller's error, not a crash. */
    private static void checkRawValues(JsonNode c, String name) {
        for (JsonNode p : c.path("portMappings")) {
            if (p.hasNonNull("hostPort") && p.get("hostPort").asInt() < 0) {
                throw EcsException.client("Invalid port mapping in container '" + name + "': hostPort "
                        + p.get("hostPort").asText() + " must be between 0 and 65535.");
            }
        }
        for (JsonNode req : c.path("resourceRequirements")) {
            if ("GPU".equals(req.path("type").asText())) {
                String value = req.path("value").asText("");
                if (!value.trim().matches("[0-9]{1,4}")) {
                    throw EcsException.client("Invalid GPU resource requirement in container '" + name + "': '"
                            + value + "' is not a number of GPUs.");
                }
            }
        }
    }

    private TaskDefinition lookup(String ref) {
        TaskDefinition td = state.findTaskDefinition(ref);
        if (td == null) {
            throw EcsException.client("Unable to describe task definition.");
        }
        return td;
    }

    private ObjectNode describe(Request r) {
        TaskDefinition td = lookup(r.required("taskDefinition"));
        ObjectNode out = JSON.objectNode();
        out.set("taskDefinition", Render.taskDefinition(td));
        if (r.includes("include", "TAGS")) {
            out.set("tags", Render.tags(td.tags()));
        }
        return out;
    }

    private ObjectNode list(Request r) {
        String prefix = r.string("familyPrefix");
        String status = r.string("status", "ACTIVE");
        boolean descending = "DESC".equals(r.string("sort"));
        List<TaskDefinition> matching = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, TaskDefinition>> f : state.taskDefinitions().entrySet()) {
            // familyPrefix matches the whole family name, as in ECS, not a string prefix.
            if (prefix != null && !prefix.equals(f.getKey())) {
                continue;
            }
            for (TaskDefinition td : f.getValue().values()) {
                if (status.equals(td.status())) {
                    matching.add(td);
                }
            }
        }
        // Keyed by family then revision, so registrations between pages neither repeat nor skip.
        Comparator<String> order = descending ? Comparator.<String>reverseOrder() : Comparator.<String>naturalOrder();
        matching.sort(Comparator.comparing(TaskDefinitionOperations::sortKey, order));
        Paging.Page<TaskDefinition> page = Paging.page(matching, TaskDefinitionOperations::sortKey, order,
                r.string("nextToken"), r.maxResults());
        ObjectNode out = JSON.objectNode();
        ArrayNode arns = out.putArray("taskDefinitionArns");
        page.items().forEach(td -> arns.add(td.arn()));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private static String sortKey(TaskDefinition td) {
        return td.family() + "\u0000" + String.format("%010d", td.revision());
    }

    private ObjectNode deregister(Request r) {
        String ref = r.required("taskDefinition");
        String familyRev = ref.substring(ref.lastIndexOf('/') + 1);
        if (!familyRev.contains(":")) {
            throw EcsException.client("The specified task definition identifier is invalid. Specify a valid "
                    + "name or ARN and revision (family:revision).");
        }
        TaskDefinition td = lookup(ref);
        td.deregister(state.now());
        ObjectNode out = JSON.objectNode();
        out.set("taskDefinition", Render.taskDefinition(td));
        return out;
    }
}
