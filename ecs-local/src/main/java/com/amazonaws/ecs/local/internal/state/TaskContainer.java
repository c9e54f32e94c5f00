package com.amazonaws.ecs.local.internal.state;

import java.util.List;

/**
 * One container of a task: its status, exit and published ports. A container with {@code dependsOn} stays
 * PENDING while the task runs until its dependencies are met (see {@link ContainerOrdering}).
 */
public final class TaskContainer {
    private final String arn;
    private final String name;
    private final String image;
    private final boolean essential;
    private final ContainerBehaviour behaviour;
    private final List<PortMapping> portMappings;
    private final boolean healthCheck;
    private final boolean healthy;
    private final int cpu;
    private final Integer memory;
    private final Integer memoryReservation;
    private final List<ContainerDefinition.Dependency> dependsOn;
    private String lastStatus = "PENDING";
    private boolean started;
    private Integer exitCode;
    private String reason;
    private String healthStatus;
    private List<NetworkBinding> networkBindings = List.of();
    private List<String> gpuIds = List.of();
    /** Ports and GPUs set aside for this container when its task started, published when it starts itself. */
    private List<NetworkBinding> plannedBindings = List.of();
    private List<String> plannedGpus = List.of();

    /** A published port of a running container. */
    public record NetworkBinding(String bindIP, int containerPort, int hostPort, String protocol) {}

    public TaskContainer(String arn, ContainerDefinition def, ContainerBehaviour behaviour, Integer memoryOverride,
            int cpuOverride) {
        this.arn = arn;
        this.name = def.name();
        this.image = def.image();
        this.essential = def.essential();
        this.behaviour = behaviour;
        this.portMappings = def.portMappings();
        this.healthCheck = def.healthCheck();
        // A health check command that itself exits non-zero makes the container UNHEALTHY.
        this.healthy = !ContainerBehaviour.of(List.of(), def.healthCommand()).failsAtOnce();
        this.cpu = cpuOverride;
        this.memory = memoryOverride != null ? memoryOverride : def.memory();
        this.memoryReservation = def.memoryReservation();
        this.healthStatus = def.healthCheck() ? "UNKNOWN" : null;
        this.dependsOn = def.dependsOn();
    }

    public String arn() {
        return arn;
    }

    public String name() {
        return name;
    }

    public String image() {
        return image;
    }

    public boolean essential() {
        return essential;
    }

    public ContainerBehaviour behaviour() {
        return behaviour;
    }

    public List<PortMapping> portMappings() {
        return portMappings;
    }

    public boolean hasHealthCheck() {
        return healthCheck;
    }

    public boolean healthy() {
        return healthy;
    }

    public int cpu() {
        return cpu;
    }

    public Integer memory() {
        return memory;
    }

    public Integer memoryReservation() {
        return memoryReservation;
    }

    public String lastStatus() {
        return lastStatus;
    }

    public Integer exitCode() {
        return exitCode;
    }

    public String reason() {
        return reason;
    }

    public String healthStatus() {
        return healthStatus;
    }

    public List<NetworkBinding> networkBindings() {
        return networkBindings;
    }

    public List<String> gpuIds() {
        return gpuIds;
    }

    public List<ContainerDefinition.Dependency> dependsOn() {
        return dependsOn;
    }

    /** Whether the container ever ran (it may have exited since). */
    public boolean started() {
        return started;
    }

    /** Not started and not stopped: waiting for its task to run, or for its dependencies. */
    boolean waiting() {
        return !started && !stopped();
    }

    void plan(List<NetworkBinding> bindings, List<String> gpus) {
        plannedBindings = List.copyOf(bindings);
        plannedGpus = List.copyOf(gpus);
    }

    /** Starts with the ports and GPUs {@linkplain #plan planned} for it. */
    void run() {
        lastStatus = "RUNNING";
        started = true;
        networkBindings = plannedBindings;
        gpuIds = plannedGpus;
    }

    void setHealthStatus(String status) {
        healthStatus = status;
    }

    boolean stopped() {
        return "STOPPED".equals(lastStatus);
    }

    void stop(Integer code, String why) {
        if (stopped()) {
            return;
        }
        lastStatus = "STOPPED";
        exitCode = code;
        reason = why;
        if (healthStatus != null) {
            healthStatus = "UNKNOWN";
        }
    }
}
