package com.amazonaws.ecs.local.internal.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** The faults currently injected, consulted once per call. Thread-safe. */
public final class Faults {
    /** What to do to one call. */
    public record Decision(long delayMillis, FaultRule.Kind failure) {
        static final Decision NONE = new Decision(0, null);
    }

    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final Random random;

    public Faults(long seed) {
        this.random = new Random(seed);
    }

    public void add(List<FaultRule> more) {
        rules.addAll(more);
    }

    public void clear() {
        rules.clear();
    }

    public List<String> describe() {
        List<String> out = new ArrayList<>();
        rules.forEach(r -> out.add(r.toString()));
        return out;
    }

    public Decision decide(String action) {
        if (rules.isEmpty()) {
            return Decision.NONE;
        }
        long delay = 0;
        FaultRule.Kind failure = null;
        for (FaultRule rule : rules) {
            double roll;
            synchronized (random) {
                roll = random.nextDouble();
            }
            if (rule.kind() == FaultRule.Kind.LATENCY) {
                if (rule.fires(action, roll)) {
                    delay += rule.delayMillis();
                }
            } else if (failure == null && rule.fires(action, roll)) {
                failure = rule.kind();
            }
        }
        rules.removeIf(FaultRule::usedUp);
        return delay == 0 && failure == null ? Decision.NONE : new Decision(delay, failure);
    }
}
