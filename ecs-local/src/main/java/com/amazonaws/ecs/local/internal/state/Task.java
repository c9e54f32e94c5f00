package com.amazonaws.ecs.local.internal.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One ECS task: identity, what it holds, and where it is in the lifecycle. */
public final class Task {
    private final String arn;
    private final String id;
    private final Cluster cluster;
    private final TaskPlacement placement;
    private final TaskDefinition definition;
    private final String startedBy;
    private final String group;
    private final ObjectNode overrides;
    private final int cpu;
    private final int memory;
    private final List<TaskContainer> containers;
    private final long createdAtMillis;
    private final long seq;
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Reservation reservation;
    private String lastStatus = "PROVISIONING";
    private String desiredStatus = "RUNNING";
    private Long pullStartedAtMillis;
    private Long pullStoppedAtMillis;
    private Long startedAtMillis;
    private Long stoppingAtMillis;
    private Long stoppedAtMillis;
    private Long connectivityAtMillis;
    private String stopCode;
    private String stoppedReason;
    private String healthStatus;
    private long version = 1;
    /** Bumped by every transition so that a scheduled step meant for an earlier state does nothing. */
    private long generation;
    /**
     * The API layer's rendering of this task, reused while {@link #version()} is unchanged. Kept on
     * the task itself because a side map lookup per task was a large share of DescribeTasks' cost.
     */
    private Object rendering;
    /** Told of every version change once the task is launched; null before. */
    private VersionLog versions;

    public Task(String arn, String id, Cluster cluster, TaskPlacement placement, TaskDefinition definition,
            String startedBy, String group, ObjectNode overrides, int cpu, int memory, List<TaskContainer> containers,
            long createdAtMillis, long seq) {
        this.arn = arn;
        this.id = id;
        this.cluster = cluster;
        this.placement = placement;
        this.definition = definition;
        this.startedBy = startedBy;
        this.group = group;
        this.overrides = overrides;
        this.cpu = cpu;
        this.memory = memory;
        this.containers = List.copyOf(containers);
        this.createdAtMillis = createdAtMillis;
        this.seq = seq;
        boolean anyHealthCheck = containers.stream().anyMatch(TaskContainer::hasHealthCheck);
        this.healthStatus = anyHealthCheck ? "UNKNOWN" : null;
    }

    public String arn() {
        return arn;
    }

    public String id() {
        return id;
    }

    public Cluster cluster() {
        return cluster;
    }

    /** The container instance the task runs on; null for a Fargate task. */
    public ContainerInstance instance() {
        return placement.instance();
    }

    /** EC2 or FARGATE. */
    public String launchType() {
        return placement.launchType();
    }

    public boolean fargate() {
        return placement.fargate();
    }

    /** FARGATE or FARGATE_SPOT for a Fargate task; null for one started on an instance directly. */
    public String capacityProviderName() {
        return placement.capacityProviderName();
    }

    public String availabilityZone() {
        return placement.availabilityZone();
    }

    /** The ENI of an awsvpc task; null when it has none. */
    public NetworkAttachment attachment() {
        return placement.attachment();
    }

    public TaskDefinition definition() {
        return definition;
    }

    public String startedBy() {
        return startedBy;
    }

    public String group() {
        return group;
    }

    public ObjectNode overrides() {
        return overrides;
    }

    public int cpu() {
        return cpu;
    }

    public int memory() {
        return memory;
    }

    public List<TaskContainer> containers() {
        return containers;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public long seq() {
        return seq;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public Reservation reservation() {
        return reservation;
    }

    void hold(Reservation r) {
        reservation = r;
    }

    /** Gives back the reservation; returns it the first time only, so release happens exactly once. */
    Reservation takeReservation() {
        Reservation r = reservation;
        reservation = null;
        return r;
    }

    public String lastStatus() {
        return lastStatus;
    }

    public String desiredStatus() {
        return desiredStatus;
    }

    public boolean pendingStatus() {
        return "PROVISIONING".equals(lastStatus) || "PENDING".equals(lastStatus) || "ACTIVATING".equals(lastStatus);
    }

    public boolean stopped() {
        return "STOPPED".equals(lastStatus);
    }

    public Long pullStartedAtMillis() {
        return pullStartedAtMillis;
    }

    public Long pullStoppedAtMillis() {
        return pullStoppedAtMillis;
    }

    public Long startedAtMillis() {
        return startedAtMillis;
    }

    public Long stoppingAtMillis() {
        return stoppingAtMillis;
    }

    public Long stoppedAtMillis() {
        return stoppedAtMillis;
    }

    public Long connectivityAtMillis() {
        return connectivityAtMillis;
    }

    public String stopCode() {
        return stopCode;
    }

    public String stoppedReason() {
        return stoppedReason;
    }

    public String healthStatus() {
        return healthStatus;
    }

    public long version() {
        return version;
    }

    long generation() {
        return generation;
    }

    /** The task is launched: its first version exists, and every later one is told to {@code log}. */
    void observe(VersionLog log) {
        versions = log;
        log.changed(this);
    }

    // Every change is framed by these two, so that the version it ends is published as it was.
    private void beginChange() {
        if (versions != null) {
            versions.changing(this);
        }
    }

    private void endChange() {
        version++;
        if (versions != null) {
            versions.changed(this);
        }
    }

    void setLastStatus(String status) {
        beginChange();
        lastStatus = status;
        endChange();
        generation++;
    }

    void setDesiredStopped(String code, String reason, long nowMillis) {
        beginChange();
        desiredStatus = "STOPPED";
        if (stopCode == null) {
            stopCode = code;
            stoppedReason = reason;
        }
        if (stoppingAtMillis == null) {
            stoppingAtMillis = nowMillis;
        }
        endChange();
    }

    void markPullStarted(long nowMillis) {
        pullStartedAtMillis = nowMillis;
        connectivityAtMillis = nowMillis;
    }

    void markPullStopped(long nowMillis) {
        pullStoppedAtMillis = nowMillis;
    }

    void markStarted(long nowMillis) {
        startedAtMillis = nowMillis;
    }

    void markStopped(long nowMillis) {
        stoppedAtMillis = nowMillis;
    }

    public Object rendering() {
        return rendering;
    }

    public void setRendering(Object rendering) {
        this.rendering = rendering;
    }

    /** A container whose dependencies were met starts while the task runs. */
    void containerStarted(TaskContainer c) {
        beginChange();
        c.run();
        endChange();
    }

    /** One container exits while the task goes on (for now). */
    void containerExited(TaskContainer c, Integer exitCode, String reason) {
        beginChange();
        c.stop(exitCode, reason);
        endChange();
    }

    /** A container's health check result, and the task's health that follows from it. */
    void recordHealth(TaskContainer c, String status) {
        beginChange();
        c.setHealthStatus(status);
        healthStatus = aggregateHealth();
        endChange();
    }

    /** UNHEALTHY if an essential container is, HEALTHY once all essential checked ones are, else UNKNOWN. */
    private String aggregateHealth() {
        boolean allHealthy = true;
        for (TaskContainer c : containers) {
            if (!c.hasHealthCheck() || !c.essential()) {
                continue;
            }
            if ("UNHEALTHY".equals(c.healthStatus())) {
                return "UNHEALTHY";
            }
            allHealthy &= "HEALTHY".equals(c.healthStatus());
        }
        return allHealthy ? "HEALTHY" : "UNKNOWN";
    }
}
