package com.amazonaws.ecs.cli.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos.TaskState;

/** The bench's frameworks seen as one: one embedded, or several sharing a master, each with its own task IDs. */
final class BenchFrameworks {
    private final List<BenchFramework> all;

    BenchFrameworks(List<BenchFramework> all) {
        this.all = List.copyOf(all);
    }

    List<BenchFramework> all() {
        return all;
    }

    int tasks() {
        return all.stream().mapToInt(BenchFramework::tasks).sum();
    }

    /** Waits up to {@code millis} in all for every framework to be done; true if all are. */
    boolean awaitDone(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (BenchFramework f : all) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            if (!f.awaitDone(left)) {
                return false;
            }
        }
        return true;
    }

    long lastChangeNanos() {
        return all.stream().mapToLong(BenchFramework::lastChangeNanos).max().orElse(0);
    }

    BenchFramework.Progress progress() {
        int launched = 0;
        int running = 0;
        int finished = 0;
        int terminal = 0;
        for (BenchFramework f : all) {
            BenchFramework.Progress p = f.progress();
            launched += p.launched();
            running += p.running();
            finished += p.finished();
            terminal += p.terminal();
        }
        return new BenchFramework.Progress(launched, running, finished, terminal);
    }

    Map<String, TaskState> lastStates() {
        Map<String, TaskState> out = new HashMap<>();
        all.forEach(f -> out.putAll(f.lastStates()));
        return out;
    }

    Map<String, BenchFramework.Arrivals> arrivals() {
        Map<String, BenchFramework.Arrivals> out = new HashMap<>();
        all.forEach(f -> out.putAll(f.arrivals()));
        return out;
    }

    int refused() {
        return all.stream().mapToInt(BenchFramework::refused).sum();
    }

    /** The first framework's error, if one reported any. */
    String error() {
        return all.stream().map(BenchFramework::error).filter(e -> e != null).findFirst().orElse(null);
    }

    /** The framework whose task this is (by its ID prefix), or null. */
    BenchFramework of(String taskId) {
        BenchFramework best = null;
        for (BenchFramework f : all) {
            if (taskId.startsWith(f.idPrefix()) && (best == null || f.idPrefix().length() > best.idPrefix().length())) {
                best = f;
            }
        }
        return best;
    }
}
