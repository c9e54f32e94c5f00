package com.amazonaws.ecs.cli.bench;

import java.util.Locale;

/**
 * What one bench run measured, and the {@code RESULT} line scripts read. Pure.
 *
 * <pre>
 * RESULT tasks=1000 finished=1000 lost=0 duplicates=0 api_calls=5210 api_calls_per_task=5.21 throttled=0
 *     launch_per_s=38.2 status_p50_ms=1012 status_p99_ms=2031 driver_cpu_s=4.3 heap_mb=97 wall_s=41.7
 * </pre>
 * (one line). Percentiles that could not be measured (no status update matched) print as {@code nan}.
 */
record BenchResult(int tasks, int finished, int lost, int duplicates, long apiCalls, long throttled,
        double launchPerSecond, double statusP50Millis, double statusP99Millis, double driverCpuSeconds,
        long heapMb, double wallSeconds) {

    /** Calls per task with two decimals' worth of precision; 0 for no tasks. */
    double apiCallsPerTask() {
        return tasks == 0 ? 0 : (double) apiCalls / tasks;
    }

    /** The run succeeded: every task finished exactly once. */
    boolean ok() {
        return lost == 0 && duplicates == 0;
    }

    String line() {
        return String.format(Locale.ROOT, "RESULT tasks=%d finished=%d lost=%d duplicates=%d api_calls=%d "
                        + "api_calls_per_task=%.2f throttled=%d launch_per_s=%.1f status_p50_ms=%s status_p99_ms=%s "
                        + "driver_cpu_s=%.2f heap_mb=%d wall_s=%.1f",
                tasks, finished, lost, duplicates, apiCalls, apiCallsPerTask(), throttled, launchPerSecond,
                millis(statusP50Millis), millis(statusP99Millis), driverCpuSeconds, heapMb, wallSeconds);
    }

    private static String millis(double ms) {
        return Double.isNaN(ms) ? "nan" : String.valueOf(Math.round(ms));
    }
}
