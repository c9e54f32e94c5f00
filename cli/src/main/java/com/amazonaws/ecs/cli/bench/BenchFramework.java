package com.amazonaws.ecs.cli.bench;

import com.amazonaws.ecs.cli.mesos.OfferSpace;
import com.amazonaws.ecs.cli.mesos.QuietScheduler;
import com.amazonaws.ecs.cli.mesos.TaskStates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;

/**
 * The bench's Mesos framework: launches {@code tasks} tasks of one task definition as fast as offers allow
 * (each offer takes as many as fit until all are launched; other offers are declined for a second; once all
 * are launched it suppresses offers, as Marathon and Spark do when they have nothing to launch), never
 * relaunches, and remembers each task's last state and when (real time) its first TASK_RUNNING and its
 * terminal update arrived. Callbacks run on the driver's thread; the bench reads from its own, hence the lock.
 */
final class BenchFramework extends QuietScheduler {
    static final double TASK_CPUS = 0.25;
    static final double TASK_MEM = 128;
    static final String TASK_ID_PREFIX = "bench-";
    private static final Protos.Filters BRIEFLY = Protos.Filters.newBuilder().setRefuseSeconds(1).build();

    /** Arrival (real nanos) of a task's first TASK_RUNNING and of its first terminal update; 0 until then. */
    record Arrivals(long runningNanos, long terminalNanos) {
    }

    /** Counts for the progress line. */
    record Progress(int launched, int running, int finished, int terminal) {
    }

    private final int tasks;
    private final String idPrefix;
    private final String taskDefinition;
    private final LongSupplier nanos;
    private final CountDownLatch allTerminal = new CountDownLatch(1);
    private final Map<String, TaskState> last = new HashMap<>();
    private final Map<String, long[]> arrivals = new HashMap<>();
    private int launched;
    private int running;
    private int terminal;
    private long lastChangeNanos;
    private boolean suppressed;
    /** Relaunch tasks reported lost (a master failover): set by {@link #relaunchingLost()}. */
    private boolean relaunch;
    private final java.util.LinkedHashSet<String> retry = new java.util.LinkedHashSet<>();
    private int relaunched;
    private int refused;
    private volatile String error;

    BenchFramework(int tasks, String taskDefinition, LongSupplier nanos) {
        this(tasks, TASK_ID_PREFIX, taskDefinition, nanos);
    }

    /** @param idPrefix of its task IDs, unique among the frameworks of one run */
    BenchFramework(int tasks, String idPrefix, String taskDefinition, LongSupplier nanos) {
        this.tasks = tasks;
        this.idPrefix = idPrefix;
        this.taskDefinition = taskDefinition;
        this.nanos = nanos;
    }

    @Override
    public synchronized void resourceOffers(SchedulerDriver driver, List<Protos.Offer> offers) {
        for (Protos.Offer offer : offers) {
            OfferSpace space = new OfferSpace(offer);
            List<Protos.TaskInfo> batch = new ArrayList<>();
            for (java.util.Iterator<String> again = retry.iterator(); again.hasNext(); ) {
                String id = again.next();
                var task = space.carve(id, "bench", taskDefinition, TASK_CPUS, TASK_MEM, List.of());
                if (task.isEmpty()) {
                    break;
                }
                again.remove();
                batch.add(task.get());
                last.put(id, TaskState.TASK_STAGING);
                relaunched++;
            }
            while (launched < tasks) {
                var task = space.carve(idPrefix + (launched + 1), "bench", taskDefinition, TASK_CPUS, TASK_MEM,
                        List.of());
                if (task.isEmpty()) {
                    break;
                }
                batch.add(task.get());
                last.put(task.get().getTaskId().getValue(), TaskState.TASK_STAGING);
                launched++;
            }
            if (batch.isEmpty()) {
                driver.declineOffer(offer.getId(), BRIEFLY);
                if (launched >= tasks && retry.isEmpty() && !suppressed) {
                    suppressed = true;
                    driver.suppressOffers();
                }
            } else {
                lastChangeNanos = nanos.getAsLong();
                driver.launchTasks(List.of(offer.getId()), batch, BRIEFLY);
            }
        }
    }

    @Override
    public synchronized void statusUpdate(SchedulerDriver driver, Protos.TaskStatus status) {
        long now = nanos.getAsLong();
        lastChangeNanos = now;
        String id = status.getTaskId().getValue();
        TaskState state = status.getState();
        if (status.getMessage().contains("RESOURCE:")) {
            refused++; // ECS refused the StartTask for resources the offer showed
        }
        if (relaunch && LOST_LAUNCH.contains(state) && last.get(id) != TaskState.TASK_FINISHED) {
            // As Marathon: a task reported lost (its launch died with the master) is launched again, same ID.
            if (last.get(id) == TaskState.TASK_RUNNING) {
                running--;
            }
            last.put(id, TaskState.TASK_STAGING);
            if (retry.add(id) && suppressed) {
                suppressed = false;
                driver.reviveOffers();
            }
            return;
        }
        TaskState before = last.put(id, state);
        long[] at = arrivals.computeIfAbsent(id, k -> new long[2]);
        if (state == TaskState.TASK_RUNNING && at[0] == 0) {
            at[0] = now;
        }
        if (before == TaskState.TASK_RUNNING && state != TaskState.TASK_RUNNING) {
            running--;
        } else if (before != TaskState.TASK_RUNNING && state == TaskState.TASK_RUNNING) {
            running++;
        }
        boolean wasTerminal = before != null && TaskStates.isTerminal(before);
        if (TaskStates.isTerminal(state) && !wasTerminal) {
            at[1] = now;
            terminal++;
            if (terminal >= tasks) {
                allTerminal.countDown();
            }
        }
    }

    private static final java.util.Set<TaskState> LOST_LAUNCH = java.util.EnumSet.of(TaskState.TASK_LOST,
            TaskState.TASK_DROPPED, TaskState.TASK_GONE, TaskState.TASK_UNKNOWN);

    /** From now on, tasks reported lost are launched again (for runs where a master dies); returns this. */
    synchronized BenchFramework relaunchingLost() {
        relaunch = true;
        return this;
    }

    /** Launches of tasks reported lost, made again. */
    synchronized int relaunched() {
        return relaunched;
    }

    /**
     * Re-registered with another master: asks after every task launched and not yet ended, by ID, so that a launch
     * the new master never heard of is answered TASK_LOST (and launched again), as Marathon reconciles.
     */
    @Override
    public synchronized void reregistered(SchedulerDriver driver, Protos.MasterInfo masterInfo) {
        List<Protos.TaskStatus> ask = new ArrayList<>();
        last.forEach((id, state) -> {
            if (!TaskStates.isTerminal(state) && !retry.contains(id)) {
                ask.add(Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(id))
                        .setState(state).build());
            }
        });
        driver.reconcileTasks(ask);
    }

    int tasks() {
        return tasks;
    }

    String idPrefix() {
        return idPrefix;
    }

    /** Launches ECS refused for resources (it should never happen: offers never overlap). */
    synchronized int refused() {
        return refused;
    }

    /** Waits up to {@code millis} for every task to be terminal (or the driver to fail); true if so. */
    boolean awaitDone(long millis) throws InterruptedException {
        return allTerminal.await(millis, TimeUnit.MILLISECONDS);
    }

    synchronized Progress progress() {
        int finished = (int) last.values().stream().filter(s -> s == TaskState.TASK_FINISHED).count();
        return new Progress(launched, running, finished, terminal);
    }

    /** Mesos task IDs with their last state, for those launched. */
    synchronized Map<String, TaskState> lastStates() {
        return new HashMap<>(last);
    }

    synchronized Map<String, Arrivals> arrivals() {
        Map<String, Arrivals> out = new HashMap<>();
        arrivals.forEach((id, at) -> out.put(id, new Arrivals(at[0], at[1])));
        return out;
    }

    /** Real nanos of the last launch or update, 0 before the first. */
    synchronized long lastChangeNanos() {
        return lastChangeNanos;
    }

    /** The driver's error message, if it reported one (it is then aborted). */
    String error() {
        return error;
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
        error = message;
        allTerminal.countDown();
    }

}
