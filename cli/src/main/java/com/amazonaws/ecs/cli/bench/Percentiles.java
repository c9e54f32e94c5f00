package com.amazonaws.ecs.cli.bench;

import java.util.Arrays;

/** Nearest-rank percentiles: the smallest value such that at least p % of the values are at or below it. Pure. */
final class Percentiles {
    private Percentiles() {
    }

    /**
     * The {@code p}-th percentile (0 &lt; p &le; 100) of {@code values}, or NaN when there are none.
     * {@code values} is not modified.
     */
    static double of(double[] values, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }
}
