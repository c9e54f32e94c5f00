package com.amazonaws.ecs.cli.demo;

import com.amazonaws.ecs.cli.mesos.TaskStates;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;

/**
 * Everything the demo has seen, written by the framework (on the driver's thread) and read by the script,
 * the live view and the summary (other threads): tasks and every state they reached, offer counts, the last
 * events, and the steps done. One lock; readers get immutable snapshots.
 */
final class DemoBoard {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final int LAST_EVENTS = 8;

    /** One task as the framework knows it. */
    record TaskRow(String id, String taskDefinition, String agent, TaskState state, String message,
            List<TaskState> history) {
    }

    /** An immutable copy for readers on other threads. */
    record Snapshot(List<TaskRow> tasks, int offersReceived, int offersUsed, int offersDeclined, List<String> events,
            Map<DemoStep, Duration> done) {
    }

    private final Map<String, TaskRow> tasks = new LinkedHashMap<>();
    private final Deque<String> events = new ArrayDeque<>();
    private final Map<DemoStep, Duration> done = new EnumMap<>(DemoStep.class);
    private final Consumer<String> eventSink;
    private int offersReceived;
    private int offersUsed;
    private int offersDeclined;

    /** @param eventSink sees every event line as it happens (the plain-lines output), called under the lock */
    DemoBoard(Consumer<String> eventSink) {
        this.eventSink = eventSink;
    }

    synchronized void event(String text) {
        String line = LocalTime.now().format(TIME) + " " + text;
        events.addLast(line);
        while (events.size() > LAST_EVENTS) {
            events.removeFirst();
        }
        eventSink.accept(line);
        notifyAll();
    }

    synchronized void offers(int received, int used, int declined) {
        offersReceived += received;
        offersUsed += used;
        offersDeclined += declined;
        notifyAll();
    }

    synchronized void launched(String id, String taskDefinition, String agent) {
        tasks.put(id, new TaskRow(id, taskDefinition, agent, TaskState.TASK_STAGING, "", List.of(TaskState.TASK_STAGING)));
        event("launch " + id + " (" + taskDefinition + ") on agent " + Agents.shortId(agent));
    }

    synchronized void status(Protos.TaskStatus status) {
        TaskRow row = tasks.get(status.getTaskId().getValue());
        if (row == null || TaskStates.isTerminal(row.state()) || row.state() == status.getState()) {
            return; // not ours, or a resent update (updates are at-least-once)
        }
        List<TaskState> history = new ArrayList<>(row.history());
        history.add(status.getState());
        tasks.put(row.id(), new TaskRow(row.id(), row.taskDefinition(), row.agent(), status.getState(),
                status.getMessage(), List.copyOf(history)));
        event(row.id() + " " + status.getState() + (status.getMessage().isEmpty() ? "" : " (" + status.getMessage() + ")"));
    }

    synchronized void stepDone(DemoStep step, Duration at) {
        done.put(step, at);
        event("step done: " + step.description);
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(List.copyOf(tasks.values()), offersReceived, offersUsed, offersDeclined,
                List.copyOf(events), Map.copyOf(done));
    }

    /**
     * Waits until {@code condition} holds on a snapshot, re-checking on every change and at least every
     * 50 ms (for conditions outside the board); false when {@code timeout} passes first.
     */
    synchronized boolean awaitUntil(Predicate<Snapshot> condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.test(snapshot())) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(50, left / 1_000_000)));
        }
        return true;
    }
}
