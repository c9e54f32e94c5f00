package com.amazonaws.ecs.local.internal.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** A cluster with its container instances and tasks, both kept in registration order. */
public final class Cluster {
    private final String name;
    private final String arn;
    private final long seq;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, ContainerInstance> instances = new LinkedHashMap<>();
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private String status = "ACTIVE";

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
