package com.amazonaws.ecs.cli.bench;

import com.amazonaws.ecs.local.EcsLocal;
import com.amazonaws.ecs.local.Stats;
import java.io.PrintWriter;

/** The progress line: redrawn in place on a terminal, one plain line each time otherwise. */
final class Progress {
    private final PrintWriter out;
    private final boolean live;
    private final BenchFrameworks framework;
    private final EcsTaskChanges changes;
    private final EcsLocal ecsLocal;
    private final long start;
    private long lastNanos;
    private long lastCalls;
    private double lastCpuSeconds;
    private final DriverCpu cpu;

    Progress(PrintWriter out, boolean live, BenchFrameworks framework, EcsTaskChanges changes, EcsLocal ecsLocal,
            DriverCpu cpu, long start) {
        this.out = out;
        this.cpu = cpu;
        this.live = live;
        this.framework = framework;
        this.changes = changes;
        this.ecsLocal = ecsLocal;
        this.start = start;
        this.lastNanos = start;
    }

    synchronized void show() {
        long now = System.nanoTime();
        Stats stats = ecsLocal.stats();
        long calls = stats.totalCalls();
        double rate = now > lastNanos ? (calls - lastCalls) / ((now - lastNanos) / 1e9) : 0;
        double cpuSeconds = cpu == null ? 0 : cpu.seconds();
        double cpuPercent = now > lastNanos ? 100 * (cpuSeconds - lastCpuSeconds) / ((now - lastNanos) / 1e9) : 0;
        lastCpuSeconds = cpuSeconds;
        lastNanos = now;
        lastCalls = calls;
        String line = ProgressLine.render((now - start) / 1e9, framework.progress(), framework.tasks(),
                changes.created(), rate, stats.throttled(), cpuPercent);
        if (live) {
            out.print("\r" + line + "\033[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    synchronized void finish() {
        if (live) {
            out.println();
            out.flush();
        }
    }
}
