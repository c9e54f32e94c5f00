package com.amazonaws.ecs.local.internal.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster with its container instances and tasks, both kept in registration order, and its capacity providers:
 * FARGATE and FARGATE_SPOT from the start (as if the account had associated them), until changed.
 */
public final class Cluster {
    private final String name;
    private final String arn;
    private final long seq;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, ContainerInstance> instances = new LinkedHashMap<>();
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private String status = "ACTIVE";
    private List<String> capacityProviders = List.of(FargateCapacity.FARGATE, FargateCapacity.FARGATE_SPOT);
    private List<StrategyItem> defaultStrategy = List.of();

    public Cluster(String name, String arn, long seq) {
        this.name = name;
        this.arn = arn;
        this.seq = seq;
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    public long seq() {
        return seq;
    }

    public Map<String, String> tags() {
        return tags;
    }

    /** Container instances by ID, including deregistered (INACTIVE) ones still describable. */
    public Map<String, ContainerInstance> instances() {
        return instances;
    }

    /** Tasks by ID, until stopped tasks expire. */
    public Map<String, Task> tasks() {
        return tasks;
    }

    public String status() {
        return status;
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public List<String> capacityProviders() {
        return capacityProviders;
    }

    /** The strategy RunTask uses when given neither a launch type nor a strategy; empty for launch type EC2. */
    public List<StrategyItem> defaultStrategy() {
        return defaultStrategy;
    }

    public void setCapacityProviders(List<String> providers, List<StrategyItem> strategy) {
        this.capacityProviders = List.copyOf(providers);
        this.defaultStrategy = List.copyOf(strategy);
    }

    /** Tasks with this last status and launch type (EC2 or FARGATE). */
    public int tasks(String lastStatus, String launchType) {
        int n = 0;
        for (Task t : tasks.values()) {
            boolean status = "PENDING".equals(lastStatus) ? t.pendingStatus() : lastStatus.equals(t.lastStatus());
            if (status && launchType.equals(t.launchType())) {
                n++;
            }
        }
        return n;
    }

    public int registeredInstances() {
        int n = 0;
        for (ContainerInstance ci : instances.values()) {
            if (!"INACTIVE".equals(ci.status())) {
                n++;
            }
        }
        return n;
    }

    public int runningTasks() {
        int n = 0;
        for (Task t : tasks.values()) {
            if ("RUNNING".equals(t.lastStatus())) {
                n++;
            }
        }
        return n;
    }

    public int pendingTasks() {
        int n = 0;
        for (Task t : tasks.values()) {
            if (t.pendingStatus()) {
                n++;
            }
        }
        return n;
    }
}
