package com.amazonaws.ecs.local.internal.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Moves tasks through the ECS lifecycle on the cluster clock, the way the ECS agent reports them:
 * PROVISIONING → PENDING → (ACTIVATING, awsvpc only) → RUNNING → (DEACTIVATING) → STOPPING →
 * (DEPROVISIONING) → STOPPED. Resources are given back once, when the task reaches STOPPED.
 *
 * <p>While a task's agent is disconnected nothing it would report happens; the held steps run
 * when the agent reconnects, as the real agent catches up.
 */
public final class TaskLifecycle {
    /** Images that cannot be pulled: their tasks stop with {@code TaskFailedToStart}. */
    public static boolean unpullable(String image) {
        return image.endsWith(":notfound") || image.contains("does-not-exist");
    }

    private final Timeline timeline;
    private final LifecycleTimings timings;
    private final Consumer<Task> onChange;
    private final VersionLog versions;
    /** Gives back what a task held outside its instance (its ENI's address, Fargate vCPUs) once it is STOPPED. */
    private final Consumer<Task> released;
    /** For a FARGATE_SPOT task that reaches RUNNING: after how long it is interrupted, or null for never. */
    private Function<Task, Long> spotInterruptions = t -> null;

    TaskLifecycle(Timeline timeline, LifecycleTimings timings, Consumer<Task> onChange, VersionLog versions,
            Consumer<Task> released) {
        this.timeline = timeline;
        this.timings = timings;
        this.onChange = onChange;
        this.versions = versions;
        this.released = released;
    }

    /** Decides, for each FARGATE_SPOT task that reaches RUNNING, whether and after how long it is interrupted. */
    public void setSpotInterruptions(Function<Task, Long> policy) {
        this.spotInterruptions = policy;
    }

    private long now() {
        return timeline.now();
    }

    /** Begins the life of a task that has just been placed and holds its reservation. */
    public void launch(Task task, Reservation reservation) {
        task.observe(versions);
        task.hold(reservation);
        if (task.instance() != null) {
            task.instance().tasks().add(task);
        }
        task.cluster().tasks().put(task.id(), task);
        if (task.instance() != null) {
            task.instance().touch();
        }
        onChange.accept(task);
        step(task, timings.provisioning().toMillis(), this::pending);
    }

    private void pending(Task task) {
        task.setLastStatus("PENDING");
        task.markPullStarted(now());
        if (task.attachment() != null) {
            task.attachment().attached();
        }
        onChange.accept(task);
        step(task, timings.pending().toMillis(), this::pulled);
    }

    private void pulled(Task task) {
        task.markPullStopped(now());
        for (TaskContainer c : task.containers()) {
            if (unpullable(c.image())) {
                String why = "CannotPullContainerError: pull image manifest has been retried 5 time(s): "
                        + "failed to resolve ref " + c.image() + ": not found";
                for (TaskContainer other : task.containers()) {
                    other.stop(null, other == c ? why : null);
                }
                task.setDesiredStopped("TaskFailedToStart", why, now());
                beginStopping(task);
                return;
            }
        }
        if ("awsvpc".equals(task.definition().networkMode())) {
            task.setLastStatus("ACTIVATING");
            onChange.accept(task);
            step(task, timings.activating().toMillis(), this::run);
        } else {
            run(task);
        }
    }

    private void run(Task task) {
        task.setLastStatus("RUNNING");
        task.markStarted(now());
        planBindings(task);
        // Containers without dependencies start with the task; the others wait for theirs.
        for (TaskContainer c : task.containers()) {
            if (c.dependsOn().isEmpty()) {
                c.run();
                containerRunning(task, c);
            }
        }
        onChange.accept(task);
        startReady(task);
        if (FargateCapacity.FARGATE_SPOT.equals(task.capacityProviderName())) {
            Long after = spotInterruptions.apply(task);
            if (after != null) {
                schedule(task, after, this::interruptSpot);
            }
        }
    }

    /**
     * A FARGATE_SPOT task is interrupted as ECS does it: desired STOPPED with stop code SpotInterruption, then it
     * stops as any stopped task (its containers get SIGTERM, then SIGKILL: 137). ECS warns two minutes ahead; here
     * the warning is the stop request itself, and the task takes the cluster's stopping steps. Returns false when the
     * task was already stopping or stopped.
     */
    public boolean interruptSpot(Task task) {
        if ("STOPPED".equals(task.desiredStatus()) || task.stopped()) {
            return false;
        }
        requestStop(task, "SpotInterruption", "Your Spot Task was interrupted.");
        return true;
    }

    /** What a container does once it runs: its health check result and its exit come later. */
    private void containerRunning(Task task, TaskContainer c) {
        if (c.hasHealthCheck()) {
            schedule(task, timings.healthCheck().toMillis(), t -> health(t, c));
        }
        if (!c.behaviour().runsForever()) {
            // A container exit must still happen after unrelated transitions (health), so it
            // is guarded by the container's own state instead of the task's generation.
            schedule(task, c.behaviour().runMillis(), t -> exited(t, c));
        }
    }

    /**
     * Starts the waiting containers whose dependencies are now met, and stops those whose dependencies can never
     * be met (exit 143, as the agent does). Repeats, since a start can meet another container's START condition.
     */
    private void startReady(Task task) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (TaskContainer c : task.containers()) {
                if (!"RUNNING".equals(task.lastStatus()) || !"RUNNING".equals(task.desiredStatus())) {
                    // The task is stopping (an essential container could never start): nothing else starts.
                    return;
                }
                if (!c.waiting() || c.dependsOn().isEmpty()) {
                    continue;
                }
                ContainerOrdering.Verdict v = ContainerOrdering.check(c, task.containers());
                if (v.kind() == ContainerOrdering.Kind.READY) {
                    task.containerStarted(c);
                    containerRunning(task, c);
                    onChange.accept(task);
                    changed = true;
                } else if (v.kind() == ContainerOrdering.Kind.NEVER) {
                    containerEnded(task, c, ContainerOrdering.NEVER_EXIT_CODE, v.reason());
                    changed = true;
                }
            }
        }
    }

    /** Sets aside, for each container, the host ports and GPUs of the reservation it publishes when it starts. */
    private static void planBindings(Task task) {
        Reservation r = task.reservation();
        List<Integer> tcp = new ArrayList<>(r == null ? List.of() : r.tcpPorts());
        List<Integer> udp = new ArrayList<>(r == null ? List.of() : r.udpPorts());
        List<String> gpus = new ArrayList<>(r == null ? List.of() : r.gpuIds());
        String mode = task.definition().networkMode();
        for (TaskContainer c : task.containers()) {
            List<TaskContainer.NetworkBinding> bindings = new ArrayList<>();
            for (PortMapping m : c.portMappings()) {
                if (task.fargate()) {
                    // Fargate publishes each container port on the task's own address, on the same port.
                    bindings.add(new TaskContainer.NetworkBinding("0.0.0.0", m.containerPort(), m.containerPort(),
                            m.udp() ? "udp" : "tcp"));
                    continue;
                }
                if ("awsvpc".equals(mode) || "none".equals(mode)) {
                    continue;
                }
                List<Integer> pool = m.udp() ? udp : tcp;
                int wanted = "host".equals(mode) || m.hostPort() > 0 ? hostPortOf(m, mode) : -1;
                Integer host = wanted > 0 && pool.remove((Integer) wanted) ? wanted : takeDynamic(pool);
                if (host != null) {
                    bindings.add(new TaskContainer.NetworkBinding("0.0.0.0", m.containerPort(), host,
                            m.udp() ? "udp" : "tcp"));
                }
            }
            List<String> mine = new ArrayList<>();
            int wantGpus = task.definition().container(c.name()) == null ? 0
                    : task.definition().container(c.name()).gpus();
            while (mine.size() < wantGpus && !gpus.isEmpty()) {
                mine.add(gpus.remove(0));
            }
            c.plan(bindings, mine);
        }
    }

    static int hostPortOf(PortMapping m, String mode) {
        return "host".equals(mode) ? (m.hostPort() > 0 ? m.hostPort() : m.containerPort()) : m.hostPort();
    }

    private static Integer takeDynamic(List<Integer> pool) {
        for (int i = 0; i < pool.size(); i++) {
            if (pool.get(i) >= ContainerInstance.DYNAMIC_FIRST) {
                return pool.remove(i);
            }
        }
        return null;
    }

    private void health(Task task, TaskContainer c) {
        if (!"RUNNING".equals(task.lastStatus()) || c.stopped()) {
            return;
        }
        task.recordHealth(c, c.healthy() ? "HEALTHY" : "UNHEALTHY");
        onChange.accept(task);
        startReady(task);
    }

    private void exited(Task task, TaskContainer c) {
        if (!"RUNNING".equals(task.lastStatus()) || c.stopped()) {
            return;
        }
        ContainerBehaviour b = c.behaviour();
        containerEnded(task, c, b.exitCode(), b.outOfMemory() ? ContainerBehaviour.OOM_REASON : null);
    }

    /** A running or waiting container stops: the task stops with it if it was essential or the last one. */
    private void containerEnded(Task task, TaskContainer c, Integer exitCode, String reason) {
        task.containerExited(c, exitCode, reason);
        boolean allStopped = task.containers().stream().allMatch(TaskContainer::stopped);
        if (c.essential() || allStopped) {
            task.setDesiredStopped("EssentialContainerExited", "Essential container in task exited", now());
            beginStopping(task);
        } else {
            onChange.accept(task);
            startReady(task);
        }
    }

    /**
     * Asks a task to stop (StopTask, host shutdown, ...). Idempotent: a task already asked to stop
     * keeps its first stop code and reason and is not stopped twice.
     */
    public void requestStop(Task task, String stopCode, String reason) {
        if ("STOPPED".equals(task.desiredStatus()) || task.stopped()) {
            return;
        }
        task.setDesiredStopped(stopCode, reason, now());
        onChange.accept(task);
        schedule(task, 0, this::beginStopping);
    }

    private void beginStopping(Task task) {
        if (task.stopped() || isStopping(task.lastStatus())) {
            return;
        }
        boolean awsvpc = "awsvpc".equals(task.definition().networkMode());
        boolean ran = task.startedAtMillis() != null;
        task.setLastStatus(awsvpc && ran ? "DEACTIVATING" : "STOPPING");
        onChange.accept(task);
        if (awsvpc && ran) {
            step(task, timings.activating().toMillis(), t -> {
                t.setLastStatus("STOPPING");
                onChange.accept(t);
                step(t, timings.stopping().toMillis(), this::containersStopped);
            });
        } else {
            step(task, ran ? timings.stopping().toMillis() : 0, this::containersStopped);
        }
    }

    private static boolean isStopping(String status) {
        return "DEACTIVATING".equals(status) || "STOPPING".equals(status) || "DEPROVISIONING".equals(status);
    }

    private void containersStopped(Task task) {
        boolean ran = task.startedAtMillis() != null;
        for (TaskContainer c : task.containers()) {
            // Containers still running when the task is stopped get SIGTERM, then SIGKILL: 137. Those that
            // never started (waiting for their dependencies) have no exit code.
            c.stop(ran && c.started() ? Integer.valueOf(137) : null, null);
        }
        if ("awsvpc".equals(task.definition().networkMode())) {
            task.setLastStatus("DEPROVISIONING");
            onChange.accept(task);
            step(task, timings.deprovisioning().toMillis(), this::stopped);
        } else {
            stopped(task);
        }
    }

    private void stopped(Task task) {
        task.setLastStatus("STOPPED");
        task.markStopped(now());
        Reservation r = task.takeReservation();
        if (r != null) {
            task.instance().release(r);
        }
        if (task.attachment() != null) {
            task.attachment().deleted();
        }
        released.accept(task);
        onChange.accept(task);
        timeline.schedule(now() + timings.stoppedRetention().toMillis(), () -> expire(task));
    }

    /**
     * The EC2 instance under the task is gone: ECS marks the task STOPPED at once (no agent is
     * left to report the steps in between) and frees what it held.
     */
    public void hostGone(Task task, String reason) {
        if (task.stopped()) {
            return;
        }
        task.setDesiredStopped(null, reason, now());
        for (TaskContainer c : task.containers()) {
            c.stop(null, null);
        }
        stopped(task);
    }

    private void expire(Task task) {
        task.cluster().tasks().remove(task.id());
        if (task.instance() != null) {
            task.instance().tasks().remove(task);
        }
    }

    /** Runs {@code action} after {@code delayMillis} if the task has not changed state meanwhile. */
    private void step(Task task, long delayMillis, Consumer<Task> action) {
        long generation = task.generation();
        schedule(task, delayMillis, t -> {
            if (t.generation() == generation) {
                action.accept(t);
            }
        });
    }

    private void schedule(Task task, long delayMillis, Consumer<Task> action) {
        timeline.schedule(now() + delayMillis, () -> reportOrHold(task, action));
    }

    private void reportOrHold(Task task, Consumer<Task> action) {
        ContainerInstance ci = task.instance();
        // Fargate has no agent of the user's to lose: its tasks always report.
        if (ci != null && !ci.agentConnected()) {
            if (!"terminated".equals(ci.ec2().state())) {
                ci.heldWhileDisconnected().add(() -> action.accept(task));
            }
            return;
        }
        action.accept(task);
    }
}
