package com.amazonaws.ecs.cli.bench;

import java.util.Locale;

/** The progress line the bench shows every two seconds. Pure. */
final class ProgressLine {
    private ProgressLine() {
    }

    /**
     * {@code bench  12.0 s  launched 400/1000  started 380  running 350  finished 20  ECS 45.2 calls/s  throttled 3
     * driver CPU 6.1%}: launched by the framework ({@code launchTasks}), started in ECS (tasks ecs-local
     * created), running and finished as the framework saw them, ECS calls per second over the last interval,
     * throttled calls so far, the driver's CPU over the last interval in percent of one core.
     */
    static String render(double elapsedSeconds, BenchFramework.Progress p, int tasks, int started,
            double callsPerSecond, long throttled, double driverCpuPercent) {
        return String.format(Locale.ROOT,
                "bench %6.1f s  launched %d/%d  started %d  running %d  finished %d  ECS %.1f calls/s  throttled %d"
                        + "  driver CPU %.1f%%",
                elapsedSeconds, p.launched(), tasks, started, p.running(), p.finished(), callsPerSecond, throttled,
                driverCpuPercent);
    }
}
