package com.amazonaws.ecs.local.internal.state;

import com.amazonaws.ecs.local.internal.api.EcsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything one ecs-local endpoint knows: clusters, instances, task definitions, tasks and the
 * EC2 instances behind them. Not thread-safe by itself: callers hold the lock of this object for
 * the whole of a request, which keeps resource accounting exact under any concurrency.
 */
public final class EcsState {
    private final Arns arns;
    private final VirtualClock clock;
    private final Timeline timeline;
    private final VersionLog versions;
    private final TaskLifecycle lifecycle;
    private final Random random;
    private final Subnets subnets;
    private final FargateCapacity fargate;
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<String, TreeMap<Integer, TaskDefinition>> taskDefinitions = new LinkedHashMap<>();
    private final Map<String, Ec2Instance> ec2Instances = new LinkedHashMap<>();
    private final List<Consumer<Task>> taskListeners = new CopyOnWriteArrayList<>();
    private long seq;
    private int nextIp = 10;

    /**
     * Default of both Fargate vCPU quotas (On-Demand and Spot). Real accounts start far lower (a few vCPUs) and ask
     * for more; ecs-local's default is high enough for benchmarks of thousands of small tasks.
     */
    public static final int DEFAULT_FARGATE_VCPU_QUOTA = 6000;

    public EcsState(Arns arns, VirtualClock clock, LifecycleTimings timings, long seed) {
        this.arns = arns;
        this.clock = clock;
        this.random = new Random(seed);
        this.timeline = new Timeline(this::publishChanges);
        this.versions = new VersionLog(timeline);
        this.subnets = new Subnets(arns.region());
        this.fargate = new FargateCapacity(DEFAULT_FARGATE_VCPU_QUOTA, DEFAULT_FARGATE_VCPU_QUOTA);
        this.lifecycle = new TaskLifecycle(timeline, timings, this::taskChanged, versions, this::released);
        timeline.advanceTo(clock.nowMillis());
    }

    /** Brings the cluster up to the current time; every request starts with this. */
    public void advance() {
        publishChanges();
        timeline.advanceTo(clock.nowMillis());
    }

    /**
     * Ends a unit of work: every task and container instance version it made is handed to the
     * {@linkplain #addVersionListener version listeners}. Whoever holds the lock calls this before letting go.
     */
    public void publishChanges() {
        versions.publishAll();
    }

    /**
     * Runs {@code work} as one unit of work, as a request does: under this object's lock, on a cluster brought
     * up to the current time, and with the versions it made published at the end.
     */
    public <T> T locked(Supplier<T> work) {
        synchronized (this) {
            advance();
            try {
                return work.get();
            } finally {
                publishChanges();
            }
        }
    }

    /** Sees every version of every task and container instance from now on (see {@link VersionListener}). */
    public void addVersionListener(VersionListener listener) {
        versions.add(listener);
    }

    /** The cluster time of the current request or scheduled step, in epoch milliseconds. */
    public long now() {
        return timeline.now();
    }

    public Arns arns() {
        return arns;
    }

    public VirtualClock clock() {
        return clock;
    }

    public Timeline timeline() {
        return timeline;
    }

    public TaskLifecycle lifecycle() {
        return lifecycle;
    }

    public Random random() {
        return random;
    }

    public Subnets subnets() {
        return subnets;
    }

    public FargateCapacity fargate() {
        return fargate;
    }

    /**
     * A new ENI in {@code subnet} (PRECREATED) with a free address of it, for an awsvpc task being created; null
     * when the subnet has no free address.
     */
    public NetworkAttachment newAttachment(Subnet subnet) {
        String ip = subnets.take(subnet);
        if (ip == null) {
            return null;
        }
        String mac = "0a:" + hex(2) + ":" + hex(2) + ":" + hex(2) + ":" + hex(2) + ":" + hex(2);
        return new NetworkAttachment(uuid(), subnet, "eni-" + hex(17), mac, ip, subnets.dnsName(ip));
    }

    /** A random UUID in ECS's lower-case form (container and attachment IDs). */
    public String uuid() {
        String h = hex(32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    /** A task is STOPPED: what it held outside its instance is free again. */
    private void released(Task task) {
        if (task.attachment() != null) {
            subnets.release(task.attachment());
        }
        fargate.release(task);
    }

    public long nextSeq() {
        return ++seq;
    }

    public void addTaskListener(Consumer<Task> listener) {
        taskListeners.add(listener);
    }

    private void taskChanged(Task task) {
        for (Consumer<Task> l : taskListeners) {
            l.accept(task);
        }
    }

    /** A random lower-case hex string, as ECS uses for task and container instance IDs. */
    public String hex(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    // ---- clusters

    public Map<String, Cluster> clusters() {
        return clusters;
    }

    /** The ACTIVE cluster named by a name or ARN (default {@code default}), or ClusterNotFoundException. */
    public Cluster cluster(String nameOrArn) {
        Cluster c = clusters.get(Arns.clusterName(nameOrArn));
        if (c == null || !c.active()) {
            throw EcsException.clusterNotFound();
        }
        return c;
    }

    public Cluster createCluster(String name) {
        Cluster existing = clusters.get(name);
        if (existing != null && existing.active()) {
            return existing;
        }
        Cluster c = new Cluster(name, arns.cluster(name), nextSeq());
        clusters.put(name, c);
        return c;
    }

    // ---- container instances

    /** A container instance of the cluster by ID or ARN, or null. */
    public ContainerInstance instance(Cluster cluster, String idOrArn) {
        String inArn = Arns.clusterInArn(idOrArn);
        if (inArn != null && !inArn.equals(cluster.name())) {
            return null;
        }
        return cluster.instances().get(Arns.lastSegment(idOrArn));
    }

    public Ec2Instance newEc2Instance(String instanceId, String instanceType, String zone) {
        int ip = nextIp++;
        String privateIp = "10.0." + (ip / 250) + "." + (ip % 250 + 2);
        String dns = "ip-" + privateIp.replace('.', '-')
                + ("us-east-1".equals(arns.region()) ? ".ec2.internal" : "." + arns.region() + ".compute.internal");
        String id = instanceId != null ? instanceId : "i-" + hex(17);
        Ec2Instance ec2 = new Ec2Instance(id, instanceType, zone, privateIp, dns, now());
        ec2Instances.put(id, ec2);
        return ec2;
    }

    /**
     * Registers a container instance on {@code ec2} with the attributes the ECS agent sets, plus
     * {@code extraAttributes}. The agent's reserved ports are always reserved.
     */
    public ContainerInstance registerInstance(Cluster cluster, Ec2Instance ec2, int cpu, int memory,
            java.util.Set<Integer> reservedTcp, java.util.Set<Integer> reservedUdp, List<String> gpuIds,
            Map<String, String> extraAttributes) {
        String id = hex(32);
        java.util.Set<Integer> tcp = new java.util.TreeSet<>(ContainerInstance.AGENT_RESERVED_PORTS);
        tcp.addAll(reservedTcp);
        ContainerInstance ci = new ContainerInstance(arns.containerInstance(cluster.name(), id), id, cluster, ec2, cpu,
                memory, tcp, reservedUdp, gpuIds, now(), nextSeq());
        Map<String, String> a = ci.attributes();
        a.put("ecs.capability.privileged-container", null);
        a.put("ecs.capability.docker-remote-api.1.44", null);
        a.put("ecs.capability.task-cpu-mem-limit", null);
        a.put("ecs.capability.container-health-check", null);
        a.put("ecs.capability.task-eni", null);
        if (!gpuIds.isEmpty()) {
            a.put("ecs.capability.gpu-driver-version", "550.90.07");
        }
        a.put("ecs.ami-id", "ami-0ecs10ca1000000000");
        a.put("ecs.availability-zone", ec2.availabilityZone());
        a.put("ecs.instance-type", ec2.instanceType());
        a.put("ecs.os-type", "linux");
        a.put("ecs.os-family", "LINUX");
        a.put("ecs.cpu-architecture", "x86_64");
        a.putAll(extraAttributes);
        cluster.instances().put(id, ci);
        ci.observe(versions);
        return ci;
    }

    public Map<String, Ec2Instance> ec2Instances() {
        return ec2Instances;
    }

    // ---- task definitions

    public Map<String, TreeMap<Integer, TaskDefinition>> taskDefinitions() {
        return taskDefinitions;
    }

    public TaskDefinition registerTaskDefinition(String family, com.fasterxml.jackson.databind.node.ObjectNode def) {
        TreeMap<Integer, TaskDefinition> revisions = taskDefinitions.computeIfAbsent(family, f -> new TreeMap<>());
        int revision = revisions.isEmpty() ? 1 : revisions.lastKey() + 1;
        TaskDefinition td = new TaskDefinition(arns.taskDefinition(family, revision), family, revision, def, now(),
                nextSeq());
        revisions.put(revision, td);
        return td;
    }

    /**
     * The task definition named by {@code family}, {@code family:revision} or an ARN; a bare family
     * means its latest ACTIVE revision. Null when there is none.
     */
    public TaskDefinition findTaskDefinition(String ref) {
        String familyRev = ref;
        if (ref.startsWith("arn:")) {
            int i = ref.indexOf(":task-definition/");
            if (i < 0) {
                return null;
            }
            familyRev = ref.substring(i + ":task-definition/".length());
        }
        int colon = familyRev.lastIndexOf(':');
        String family = colon < 0 ? familyRev : familyRev.substring(0, colon);
        TreeMap<Integer, TaskDefinition> revisions = taskDefinitions.get(family);
        if (revisions == null) {
            return null;
        }
        if (colon < 0) {
            for (TaskDefinition td : revisions.descendingMap().values()) {
                if (td.active()) {
                    return td;
                }
            }
            return null;
        }
        try {
            return revisions.get(Integer.parseInt(familyRev.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- tasks

    public Task task(Cluster cluster, String idOrArn) {
        String inArn = Arns.clusterInArn(idOrArn);
        if (inArn != null && !inArn.equals(cluster.name())) {
            return null;
        }
        return cluster.tasks().get(Arns.lastSegment(idOrArn));
    }

    /** The task of this (long-format) ARN, in whichever cluster it names; null when there is none. */
    public Task taskByArn(String taskArn) {
        String cluster = taskArn == null ? null : Arns.clusterInArn(taskArn);
        Cluster c = cluster == null ? null : clusters.get(cluster);
        return c == null ? null : task(c, taskArn);
    }

    /** Every task of every cluster (for statistics and benchmarks). */
    public List<Task> allTasks() {
        List<Task> all = new ArrayList<>();
        for (Cluster c : clusters.values()) {
            all.addAll(c.tasks().values());
        }
        return all;
    }

    // ---- instance events

    /** The agent stops reporting: its tasks freeze as last reported and StartTask is refused. */
    public void disconnectAgent(ContainerInstance ci) {
        ci.setAgentConnected(false);
    }

    /** The agent is back: what its tasks did meanwhile is reported now, in order. */
    public void reconnectAgent(ContainerInstance ci) {
        if ("terminated".equals(ci.ec2().state())) {
            throw EcsException.client("The EC2 instance " + ci.ec2().instanceId() + " was terminated.");
        }
        ci.setAgentConnected(true);
        List<Runnable> held = new ArrayList<>(ci.heldWhileDisconnected());
        ci.heldWhileDisconnected().clear();
        held.forEach(Runnable::run);
    }

    /**
     * The EC2 instance is terminated: its tasks stop as ECS reports it ("Host EC2 (instance …)
     * terminated."), the container instance is deregistered and its agent is gone.
     */
    public void terminateInstance(ContainerInstance ci) {
        ci.ec2().terminate();
        ci.setAgentConnected(false);
        ci.heldWhileDisconnected().clear();
        String reason = "Host EC2 (instance " + ci.ec2().instanceId() + ") terminated.";
        for (Task t : new ArrayList<>(ci.tasks())) {
            lifecycle.hostGone(t, reason);
        }
        if (!"INACTIVE".equals(ci.status())) {
            ci.setStatus("INACTIVE", "Instance terminated");
        }
    }

    public Collection<Ec2Instance> ec2() {
        return ec2Instances.values();
    }
}
