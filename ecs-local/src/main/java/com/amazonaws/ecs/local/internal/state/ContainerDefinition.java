package com.amazonaws.ecs.local.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The parts of a registered container definition that placement and the lifecycle need. */
public record ContainerDefinition(
        String name,
        String image,
        int cpu,
        Integer memory,
        Integer memoryReservation,
        boolean essential,
        List<String> entryPoint,
        List<String> command,
        List<PortMapping> portMappings,
        boolean healthCheck,
        List<String> healthCommand,
        int gpus,
        List<Dependency> dependsOn) {

    /**
     * One entry of {@code dependsOn}: this container starts only once {@code containerName} reached
     * {@code condition} (START, COMPLETE, SUCCESS or HEALTHY).
     */
    public record Dependency(String containerName, String condition) {}

    public static ContainerDefinition from(JsonNode def) {
        List<PortMapping> ports = new ArrayList<>();
        for (JsonNode p : def.path("portMappings")) {
            int containerPort = p.path("containerPort").asInt(0);
            int hostPort = p.has("hostPort") ? p.path("hostPort").asInt(0) : -1;
            ports.add(new PortMapping(containerPort, hostPort, p.path("protocol").asText("tcp")));
        }
        int gpus = 0;
        for (JsonNode r : def.path("resourceRequirements")) {
            if ("GPU".equals(r.path("type").asText())) {
                gpus += Integer.parseInt(r.path("value").asText("0").trim());
            }
        }
        List<Dependency> dependsOn = new ArrayList<>();
        for (JsonNode d : def.path("dependsOn")) {
            dependsOn.add(new Dependency(d.path("containerName").asText(), d.path("condition").asText()));
        }
        return new ContainerDefinition(
                def.path("name").asText(),
                def.path("image").asText(),
                def.path("cpu").asInt(0),
                def.hasNonNull("memory") ? def.get("memory").asInt() : null,
                def.hasNonNull("memoryReservation") ? def.get("memoryReservation").asInt() : null,
                !def.has("essential") || def.get("essential").asBoolean(true),
                strings(def.path("entryPoint")),
                strings(def.path("command")),
                List.copyOf(ports),
                def.hasNonNull("healthCheck"),
                strings(def.path("healthCheck").path("command")),
                gpus,
                List.copyOf(dependsOn));
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : array) {
            out.add(s.asText());
        }
        return List.copyOf(out);
    }

    /** Memory ECS reserves for this container: the soft limit when set, else the hard limit. */
    public int reservedMemory() {
        if (memoryReservation != null) {
            return memoryReservation;
        }
        return memory == null ? 0 : memory;
    }
}
