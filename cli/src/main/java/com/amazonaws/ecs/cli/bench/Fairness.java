package com.amazonaws.ecs.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How evenly frameworks that want the same shared the launches. At the moment half of all tasks had started,
 * each framework's count of started tasks is compared with an equal share of them; the result is the largest
 * deviation, in percent of that share (0: perfectly even). Pure.
 */
final class Fairness {
    private Fairness() {}

    /** @param startsByFramework each framework's start times (any unit, one clock); every framework wants as much */
    static double maxDeviationPercentAtHalf(Map<String, List<Long>> startsByFramework) {
        List<Long> all = new ArrayList<>();
        startsByFramework.values().forEach(all::addAll);
        if (all.isEmpty() || startsByFramework.size() < 2) {
            return 0;
        }
        Collections.sort(all);
        int half = (all.size() + 1) / 2;
        long at = all.get(half - 1);
        long counted = all.stream().filter(t -> t <= at).count();
        double fair = (double) counted / startsByFramework.size();
        double worst = 0;
        for (List<Long> starts : startsByFramework.values()) {
            long mine = starts.stream().filter(t -> t <= at).count();
            worst = Math.max(worst, Math.abs(mine - fair) / fair * 100);
        }
        return worst;
    }
}
