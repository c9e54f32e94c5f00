package com.amazonaws.ecs.cli.bench;

import java.util.Locale;

/**
 * What one bench run measured, and the {@code RESULT} line scripts read. Pure.
 *
 * <pre>
 * RESULT tasks=1000 finished=1000 lost=0 duplicates=0 api_calls=5210 api_calls_per_task=5.21 throttled=0
 *     launch_per_s=38.2 status_p50_ms=1012 status_p99_ms=2031 driver_cpu_s=4.3 heap_mb=97 wall_s=41.7
 *     refused=0 offer_use_p50_ms=1 offer_use_p99_ms=3
 * </pre>
 * (one line), and with {@code --master} also {@code frameworks=10 fairness_max_dev_pct=2.1 master_cpu_s=12.40
 * master_cpu_steady_pct=8.3}; last {@code reads_per_s=1.71}. Figures that could not be measured print as
 * {@code nan}.
 */
record BenchResult(int tasks, int finished, int lost, int duplicates, long apiCalls, long throttled,
        double launchPerSecond, double statusP50Millis, double statusP99Millis, double driverCpuSeconds,
        long heapMb, double wallSeconds, int refused, double offerUseP50Millis, double offerUseP99Millis,
        Master master, double readsPerSecond) {

    /** The figures of a run through a master. */
    record Master(int frameworks, double fairnessMaxDeviationPercent, double cpuSeconds, double steadyCpuPercent) {
    }

    /** Calls per task with two decimals' worth of precision; 0 for no tasks. */
    double apiCallsPerTask() {
        return tasks == 0 ? 0 : (double) apiCalls / tasks;
    }

    /** The run succeeded: every task finished exactly once, and no launch was refused for resources. */
    boolean ok() {
        return lost == 0 && duplicates == 0 && refused == 0;
    }

    String line() {
        String line = String.format(Locale.ROOT, "RESULT tasks=%d finished=%d lost=%d duplicates=%d api_calls=%d "
                        + "api_calls_per_task=%.2f throttled=%d launch_per_s=%.1f status_p50_ms=%s status_p99_ms=%s "
                        + "driver_cpu_s=%.2f heap_mb=%d wall_s=%.1f refused=%d offer_use_p50_ms=%s "
                        + "offer_use_p99_ms=%s",
                tasks, finished, lost, duplicates, apiCalls, apiCallsPerTask(), throttled, launchPerSecond,
                millis(statusP50Millis), millis(statusP99Millis), driverCpuSeconds, heapMb, wallSeconds, refused,
                used(offerUseP50Millis), used(offerUseP99Millis));
        if (master != null) {
            line += String.format(Locale.ROOT, " frameworks=%d fairness_max_dev_pct=%s master_cpu_s=%.2f "
                    + "master_cpu_steady_pct=%s", master.frameworks, decimal(master.fairnessMaxDeviationPercent),
                    master.cpuSeconds, decimal(master.steadyCpuPercent));
        }
        return line + " reads_per_s=" + (Double.isNaN(readsPerSecond) ? "nan"
                : String.format(Locale.ROOT, "%.2f", readsPerSecond));
    }

    private static String millis(double ms) {
        return Double.isNaN(ms) ? "nan" : String.valueOf(Math.round(ms));
    }

    /** Offer use: -1 when no offer was used. */
    private static String used(double ms) {
        return Double.isNaN(ms) || ms < 0 ? "nan" : String.valueOf(Math.round(ms));
    }

    private static String decimal(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.1f", v);
    }
}
