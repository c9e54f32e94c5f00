package com.amazonaws.ecs.cli.bench;

import java.util.List;
import java.util.Map;

/**
 * How evenly frameworks that all want more shared the launches. The window is the stretch in which every
 * framework still had tasks to start: from the first start of the framework that started last, to the last start
 * of the framework that finished first. Each framework's starts in it are compared with an even share of all of
 * them; the result is the largest deviation, in percent of that share (0: perfectly even). NaN when there is no
 * such stretch (fewer than two frameworks, or one finished before another began). Pure.
 */
final class Fairness {
    private Fairness() {}

    /** @param startsByFramework each framework's start times (any unit, one clock) */
    static double maxDeviationPercentWhileAllCompete(Map<String, List<Long>> startsByFramework) {
        if (startsByFramework.size() < 2) {
            return Double.NaN;
        }
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        for (List<Long> starts : startsByFramework.values()) {
            if (starts.isEmpty()) {
                return Double.NaN;
            }
            from = Math.max(from, starts.stream().mapToLong(Long::longValue).min().getAsLong());
            to = Math.min(to, starts.stream().mapToLong(Long::longValue).max().getAsLong());
        }
        if (from >= to) {
            return Double.NaN;
        }
        final long a = from;
        final long b = to;
        long total = 0;
        long[] counts = new long[startsByFramework.size()];
        int i = 0;
        for (List<Long> starts : startsByFramework.values()) {
            counts[i] = starts.stream().filter(t -> t >= a && t <= b).count();
            total += counts[i++];
        }
        double fair = (double) total / counts.length;
        double worst = 0;
        for (long c : counts) {
            worst = Math.max(worst, Math.abs(c - fair) / fair * 100);
        }
        return worst;
    }
}
