package com.amazonaws.ecs.local.internal.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One revision of a task definition family, kept as registered plus what placement needs. */
public final class TaskDefinition {
    private final String arn;
    private final String family;
    private final int revision;
    private final ObjectNode registered;
    private final List<ContainerDefinition> containers;
    private final String networkMode;
    private final Integer cpu;
    private final Integer memory;
    private final long registeredAtMillis;
    private final long seq;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String status = "ACTIVE";
    private Long deregisteredAtMillis;

    public TaskDefinition(String arn, String family, int revision, ObjectNode registered, long registeredAtMillis,
            long seq) {
        this.arn = arn;
        this.family = family;
        this.revision = revision;
        this.registered = registered;
        this.registeredAtMillis = registeredAtMillis;
        this.seq = seq;
        List<ContainerDefinition> defs = new ArrayList<>();
        registered.path("containerDefinitions").forEach(c -> defs.add(ContainerDefinition.from(c)));
        this.containers = List.copyOf(defs);
        this.networkMode = registered.path("networkMode").asText("bridge");
        this.cpu = parseSize(registered.path("cpu").asText(null), true);
        this.memory = parseSize(registered.path("memory").asText(null), false);
    }

    /**
     * Task-level sizes are strings: CPU units or vCPU ("1024", "1 vCPU"), memory MiB or GB
     * ("2048", "2 GB"), as ECS accepts them.
     */
    public static Integer parseSize(String text, boolean cpu) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase();
        try {
            if (cpu && t.endsWith("vcpu")) {
                return (int) Math.round(Double.parseDouble(t.substring(0, t.length() - 4).trim()) * 1024);
            }
            if (!cpu && t.endsWith("gb")) {
                return (int) Math.round(Double.parseDouble(t.substring(0, t.length() - 2).trim()) * 1024);
            }
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String arn() {
        return arn;
    }

    public String family() {
        return family;
    }

    public int revision() {
        return revision;
    }

    public ObjectNode registered() {
        return registered;
    }

    public List<ContainerDefinition> containers() {
        return containers;
    }

    public String networkMode() {
        return networkMode;
    }

    public Integer cpu() {
        return cpu;
    }

    public Integer memory() {
        return memory;
    }

    public long registeredAtMillis() {
        return registeredAtMillis;
    }

    public long seq() {
        return seq;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public String status() {
        return status;
    }

    public Long deregisteredAtMillis() {
        return deregisteredAtMillis;
    }

    public void deregister(long nowMillis) {
        if ("ACTIVE".equals(status)) {
            status = "INACTIVE";
            deregisteredAtMillis = nowMillis;
        }
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }

    /** Whether the definition can run on Fargate: awsvpc, with a task size Fargate offers. */
    public boolean fargateCompatible() {
        return "awsvpc".equals(networkMode) && cpu != null && memory != null && FargateSizes.valid(cpu, memory);
    }

    /** The launch types {@code requiresCompatibilities} names (empty when not given). */
    public java.util.List<String> requiresCompatibilities() {
        java.util.List<String> out = new ArrayList<>();
        registered.path("requiresCompatibilities").forEach(c -> out.add(c.asText()));
        return out;
    }

    public ContainerDefinition container(String name) {
        for (ContainerDefinition c : containers) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
