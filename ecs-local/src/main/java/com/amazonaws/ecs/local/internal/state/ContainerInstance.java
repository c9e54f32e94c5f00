package com.amazonaws.ecs.local.internal.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A container instance and its resource accounting: what it registered, what its tasks hold, and
 * whether its agent is connected. Reservations are taken whole or not at all.
 */
public final class ContainerInstance {
    /** Ports the ECS agent reserves on every instance by default (SSH, Docker, agent). */
    public static final List<Integer> AGENT_RESERVED_PORTS = List.of(22, 2375, 2376, 51678, 51679);
    /** Docker's ephemeral range, from which ECS picks dynamic host ports in bridge mode. */
    public static final int DYNAMIC_FIRST = 49153;
    public static final int DYNAMIC_LAST = 65535;

    private final String arn;
    private final String id;
    private final Cluster cluster;
    private final Ec2Instance ec2;
    private final int cpuTotal;
    private final int memoryTotal;
    private final Set<Integer> reservedTcp;
    private final Set<Integer> reservedUdp;
    private final List<String> gpuIds;
    private final long registeredAtMillis;
    private final long seq;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Set<Task> tasks = new LinkedHashSet<>();
    private final List<Runnable> heldWhileDisconnected = new ArrayList<>();

    private int cpuUsed;
    private int memoryUsed;
    private final TreeSet<Integer> tcpUsed = new TreeSet<>();
    private final TreeSet<Integer> udpUsed = new TreeSet<>();
    private final Set<String> gpusUsed = new LinkedHashSet<>();
    private String status = "ACTIVE";
    private String statusReason;
    private boolean agentConnected = true;
    private long version = 1;
    /** Told of every version change once the instance is registered; null before. */
    private VersionLog versions;

    public ContainerInstance(String arn, String id, Cluster cluster, Ec2Instance ec2, int cpuTotal, int memoryTotal,
            Set<Integer> reservedTcp, Set<Integer> reservedUdp, List<String> gpuIds, long registeredAtMillis,
            long seq) {
        this.arn = arn;
        this.id = id;
        this.cluster = cluster;
        this.ec2 = ec2;
        this.cpuTotal = cpuTotal;
        this.memoryTotal = memoryTotal;
        this.reservedTcp = Collections.unmodifiableSet(new TreeSet<>(reservedTcp));
        this.reservedUdp = Collections.unmodifiableSet(new TreeSet<>(reservedUdp));
        this.gpuIds = List.copyOf(gpuIds);
        this.registeredAtMillis = registeredAtMillis;
        this.seq = seq;
    }

    /**
     * Why {@code need} cannot be placed here right now, as an ECS failure reason
     * ({@code RESOURCE:CPU}, {@code RESOURCE:MEMORY}, {@code RESOURCE:PORTS}, ...), or null if it fits.
     */
    public String misfit(ResourceNeed need) {
        if (need.cpu() > cpuTotal - cpuUsed) {
            return "RESOURCE:CPU";
        }
        if (need.memory() > memoryTotal - memoryUsed) {
            return "RESOURCE:MEMORY";
        }
        Set<Integer> tcp = new TreeSet<>();
        for (int p : need.tcpPorts()) {
            if (!tcp.add(p) || portTaken(p, false)) {
                return "RESOURCE:PORTS";
            }
        }
        Set<Integer> udp = new TreeSet<>();
        for (int p : need.udpPorts()) {
            if (!udp.add(p) || portTaken(p, true)) {
                return "RESOURCE:PORTS_UDP";
            }
        }
        if (freeDynamic(false, tcp) < need.dynamicTcp()) {
            return "RESOURCE:PORTS";
        }
        if (freeDynamic(true, udp) < need.dynamicUdp()) {
            return "RESOURCE:PORTS_UDP";
        }
        if (need.gpus() > gpuIds.size() - gpusUsed.size()) {
            return "RESOURCE:GPU";
        }
        return null;
    }

    /** Takes everything {@code need} asks for; call only after {@link #misfit} returned null. */
    public Reservation reserve(ResourceNeed need) {
        beginChange();
        List<Integer> tcp = new ArrayList<>(need.tcpPorts());
        List<Integer> udp = new ArrayList<>(need.udpPorts());
        tcpUsed.addAll(tcp);
        udpUsed.addAll(udp);
        tcp.addAll(takeDynamic(false, need.dynamicTcp()));
        udp.addAll(takeDynamic(true, need.dynamicUdp()));
        List<String> gpus = new ArrayList<>();
        for (String g : gpuIds) {
            if (gpus.size() == need.gpus()) {
                break;
            }
            if (gpusUsed.add(g)) {
                gpus.add(g);
            }
        }
        cpuUsed += need.cpu();
        memoryUsed += need.memory();
        endChange();
        return new Reservation(need.cpu(), need.memory(), List.copyOf(tcp), List.copyOf(udp), List.copyOf(gpus));
    }

    public void release(Reservation r) {
        beginChange();
        cpuUsed -= r.cpu();
        memoryUsed -= r.memory();
        r.tcpPorts().forEach(tcpUsed::remove);
        r.udpPorts().forEach(udpUsed::remove);
        r.gpuIds().forEach(gpusUsed::remove);
        endChange();
        if (cpuUsed < 0 || memoryUsed < 0) {
            throw new IllegalStateException("resources of " + arn + " released twice");
        }
    }

    private boolean portTaken(int port, boolean udp) {
        return udp ? reservedUdp.contains(port) || udpUsed.contains(port)
                : reservedTcp.contains(port) || tcpUsed.contains(port);
    }

    private int freeDynamic(boolean udp, Set<Integer> alsoTaken) {
        // Counting stops early: no task maps more than a few dozen ports.
        int free = 0;
        for (int p = DYNAMIC_FIRST; p <= DYNAMIC_LAST && free <= 64; p++) {
            if (!portTaken(p, udp) && !alsoTaken.contains(p)) {
                free++;
            }
        }
        return free;
    }

    private List<Integer> takeDynamic(boolean udp, int count) {
        List<Integer> taken = new ArrayList<>();
        for (int p = DYNAMIC_FIRST; p <= DYNAMIC_LAST && taken.size() < count; p++) {
            if (!portTaken(p, udp)) {
                (udp ? udpUsed : tcpUsed).add(p);
                taken.add(p);
            }
        }
        return taken;
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

    public Ec2Instance ec2() {
        return ec2;
    }

    public int cpuTotal() {
        return cpuTotal;
    }

    public int memoryTotal() {
        return memoryTotal;
    }

    public int cpuRemaining() {
        return cpuTotal - cpuUsed;
    }

    public int memoryRemaining() {
        return memoryTotal - memoryUsed;
    }

    public Set<Integer> reservedTcp() {
        return reservedTcp;
    }

    public Set<Integer> reservedUdp() {
        return reservedUdp;
    }

    /** Reserved plus used TCP ports, as {@code remainingResources.PORTS} lists them. */
    public TreeSet<Integer> tcpPortsInUse() {
        TreeSet<Integer> all = new TreeSet<>(reservedTcp);
        all.addAll(tcpUsed);
        return all;
    }

    public TreeSet<Integer> udpPortsInUse() {
        TreeSet<Integer> all = new TreeSet<>(reservedUdp);
        all.addAll(udpUsed);
        return all;
    }

    public List<String> gpuIds() {
        return gpuIds;
    }

    public List<String> gpusFree() {
        List<String> free = new ArrayList<>();
        for (String g : gpuIds) {
            if (!gpusUsed.contains(g)) {
                free.add(g);
            }
        }
        return free;
    }

    public long registeredAtMillis() {
        return registeredAtMillis;
    }

    public long seq() {
        return seq;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public Set<Task> tasks() {
        return tasks;
    }

    public String status() {
        return status;
    }

    public String statusReason() {
        return statusReason;
    }

    public void setStatus(String status, String reason) {
        beginChange();
        this.status = status;
        this.statusReason = reason;
        endChange();
    }

    public boolean agentConnected() {
        return agentConnected;
    }

    public void setAgentConnected(boolean connected) {
        beginChange();
        this.agentConnected = connected;
        endChange();
    }

    public long version() {
        return version;
    }

    /** A change of something the instance shows (its tasks, its attributes) that has no setter here. */
    public void touch() {
        change(() -> { });
    }

    /** Runs {@code mutation} as one change of this instance: one new version. */
    public void change(Runnable mutation) {
        beginChange();
        mutation.run();
        endChange();
    }

    /** The instance is registered: its first version exists, and every later one is told to {@code log}. */
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

    /** Work the agent would report; held while it is disconnected and replayed when it returns. */
    public List<Runnable> heldWhileDisconnected() {
        return heldWhileDisconnected;
    }

    public int runningTasksCount() {
        int n = 0;
        for (Task t : tasks) {
            if ("RUNNING".equals(t.lastStatus())) {
                n++;
            }
        }
        return n;
    }

    public int pendingTasksCount() {
        int n = 0;
        for (Task t : tasks) {
            if (t.pendingStatus()) {
                n++;
            }
        }
        return n;
    }
}
