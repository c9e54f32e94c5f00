package com.amazonaws.ecs.cli.demo;

import com.amazonaws.ecs.local.EcsLocal;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.SchedulerDriver;

/**
 * Drives the demo through its {@link DemoStep}s: starts the driver, waits for each step on the
 * {@link DemoBoard} within its deadline, kills one nginx once the service and the batch are up, and always
 * ends with {@code stop(false)}. The framework does the scheduling; this is the operator watching it.
 */
final class DemoScript {
    private final DemoBoard board;
    private final DemoFramework framework;
    private final SchedulerDriver driver;
    private final EcsLocal ecsLocal;
    private final double speed;
    private final long started = System.nanoTime();
    private volatile String killed;
    /** The highest nginx launch number when the kill was sent: a replacement is numbered above it. */
    private volatile int lastServiceBeforeKill = Integer.MAX_VALUE;
    private volatile String replacement;

    DemoScript(DemoBoard board, DemoFramework framework, SchedulerDriver driver, EcsLocal ecsLocal, double speed) {
        this.board = board;
        this.framework = framework;
        this.driver = driver;
        this.ecsLocal = ecsLocal;
        this.speed = speed;
    }

    /** Runs every step; returns the first that did not happen in time, or empty when all did. */
    Optional<DemoStep> run() throws InterruptedException {
        driver.start();
        Optional<DemoStep> failed = Optional.empty();
        try {
            failed = runUntilBatchFinished();
        } finally {
            driver.stop(false);
            driver.join();
        }
        boolean stopped = step(DemoStep.STOPPED, b -> ecsLocal.stats().liveTasks() == 0);
        return failed.isPresent() || stopped ? failed : Optional.of(DemoStep.STOPPED);
    }

    private Optional<DemoStep> runUntilBatchFinished() throws InterruptedException {
        if (!step(DemoStep.REGISTERED, b -> b.events().stream().anyMatch(e -> e.contains(" registered: ")))) {
            return Optional.of(DemoStep.REGISTERED);
        }
        if (!step(DemoStep.SERVICE_UP, b -> agentsRunning(b, SeedTaskDefinitions.NGINX).size() >= 2)) {
            return Optional.of(DemoStep.SERVICE_UP);
        }
        if (!step(DemoStep.BATCH_STARTED, b -> b.tasks().stream().anyMatch(
                t -> t.taskDefinition().equals(SeedTaskDefinitions.SLEEP) && t.history().contains(TaskState.TASK_RUNNING)))) {
            return Optional.of(DemoStep.BATCH_STARTED);
        }
        // A minute of cluster time with everything running, so the view shows a steady state before the kill.
        board.awaitUntil(b -> false, clusterTime(Duration.ofMinutes(1)));
        // Outside the board's lock: the framework's lock comes first, as on the driver's thread.
        DemoBoard.Snapshot beforeKill = board.snapshot();
        lastServiceBeforeKill = beforeKill.tasks().stream().filter(t -> t.taskDefinition().equals(SeedTaskDefinitions.NGINX))
                .mapToInt(t -> DemoFramework.sequence(t.id())).max().orElse(0);
        killed = framework.killOneService(driver, beforeKill.tasks()).orElse(null);
        if (!step(DemoStep.KILLED, b -> killed != null && b.tasks().stream()
                .anyMatch(t -> t.id().equals(killed) && t.state() == TaskState.TASK_KILLED))) {
            return Optional.of(DemoStep.KILLED);
        }
        if (!step(DemoStep.REPLACED, this::replaced)) {
            return Optional.of(DemoStep.REPLACED);
        }
        if (!step(DemoStep.BATCH_FINISHED, b -> b.tasks().stream().filter(t -> t.taskDefinition()
                .equals(SeedTaskDefinitions.SLEEP) && t.state() == TaskState.TASK_FINISHED).count() == DemoFramework.JOBS)) {
            return Optional.of(DemoStep.BATCH_FINISHED);
        }
        return Optional.empty();
    }

    /** The task killed by the demo, once killed. */
    Optional<String> killed() {
        return Optional.ofNullable(killed);
    }

    /** The nginx task launched after the kill, once it is RUNNING. */
    Optional<String> replacement() {
        return Optional.ofNullable(replacement);
    }

    private boolean replaced(DemoBoard.Snapshot b) {
        for (DemoBoard.TaskRow t : b.tasks()) {
            if (t.taskDefinition().equals(SeedTaskDefinitions.NGINX) && t.state() == TaskState.TASK_RUNNING
                    && DemoFramework.sequence(t.id()) > lastServiceBeforeKill) {
                replacement = t.id();
                return true;
            }
        }
        return false;
    }

    private static Set<String> agentsRunning(DemoBoard.Snapshot b, String taskDefinition) {
        return b.tasks().stream().filter(t -> t.taskDefinition().equals(taskDefinition)
                && t.state() == TaskState.TASK_RUNNING).map(DemoBoard.TaskRow::agent).collect(Collectors.toSet());
    }

    private boolean step(DemoStep step, Predicate<DemoBoard.Snapshot> condition) throws InterruptedException {
        if (!board.awaitUntil(condition, step.deadline(speed))) {
            board.event("step FAILED: " + step.description + " did not happen within "
                    + step.deadline(speed).toSeconds() + " s");
            return false;
        }
        board.stepDone(step, Duration.ofNanos(System.nanoTime() - started));
        return true;
    }

    private Duration clusterTime(Duration d) {
        return Duration.ofMillis((long) (d.toMillis() / speed));
    }
}
