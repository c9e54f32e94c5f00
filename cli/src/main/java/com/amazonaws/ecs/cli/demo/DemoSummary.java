package com.amazonaws.ecs.cli.demo;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.mesos.Protos.TaskState;

/**
 * The text printed when the demo ends: steps with the time each was reached, tasks by the last state the
 * framework saw, offers, the ECS calls ecs-local served, and the time taken. Pure.
 *
 * <pre>
 * Summary
 *   steps          7 of 7 done
 *     ok  framework registered with the driver                    0.4 s
 *   tasks by final state
 *     TASK_FINISHED  4  job-1 job-2 job-3 job-4
 *   replacement    nginx-1 killed, nginx-3 launched and RUNNING
 *   ECS calls      212: DescribeTasks 80, ...
 * </pre>
 */
record DemoSummary(DemoBoard.Snapshot board, Optional<DemoStep> failed, Optional<String> killed,
        Optional<String> replacement,
        Map<String, Long> ecsCalls, int ecsTasksLeftRunning, Duration elapsed, double speed) {

    String text() {
        StringBuilder b = new StringBuilder("Summary\n");
        b.append(String.format(Locale.ROOT, "  steps          %d of %d done%n", board.done().size(),
                DemoStep.values().length));
        for (DemoStep step : DemoStep.values()) {
            Duration at = board.done().get(step);
            String mark = at != null ? "ok    " : failed.isPresent() && failed.get() == step ? "FAILED" : "-     ";
            b.append(String.format(Locale.ROOT, "    %s %-66s %s%n", mark, step.description,
                    at == null ? "" : seconds(at)));
        }
        b.append("  tasks by final state (as the framework saw them; RUNNING ones were then stopped by stop(false))\n");
        Map<TaskState, List<String>> byState = new TreeMap<>(Comparator.comparing(TaskState::name));
        for (DemoBoard.TaskRow t : board.tasks()) {
            byState.computeIfAbsent(t.state(), k -> new java.util.ArrayList<>()).add(t.id());
        }
        byState.forEach((state, ids) -> b.append(String.format(Locale.ROOT, "    %-14s %d  %s%n", state, ids.size(),
                String.join(" ", ids))));
        b.append("  replacement    ").append(describeReplacement()).append('\n');
        b.append(String.format(Locale.ROOT, "  offers         %d made, %d used, %d declined%n", board.offersReceived(),
                board.offersUsed(), board.offersDeclined()));
        b.append("  ECS tasks      ").append(ecsTasksLeftRunning).append(" left running after stop(false)\n");
        long total = ecsCalls.values().stream().mapToLong(Long::longValue).sum();
        b.append("  ECS calls      ").append(total).append(": ").append(ecsCalls.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
        b.append(String.format(Locale.ROOT, "  time           %s (%s of cluster time at speed %s)%n", seconds(elapsed),
                clusterTime(elapsed), number(speed)));
        return b.toString();
    }

    private String describeReplacement() {
        if (killed.isEmpty()) {
            return "none (no nginx was killed)";
        }
        return killed.get() + " killed, " + replacement.map(id -> id + " launched in its place and RUNNING")
                .orElse("no replacement RUNNING");
    }

    private String clusterTime(Duration real) {
        long s = (long) (real.toMillis() * speed / 1000);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
