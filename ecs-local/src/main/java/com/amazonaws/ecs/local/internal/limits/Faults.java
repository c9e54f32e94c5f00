package com.amazonaws.ecs.local.internal.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** The faults currently injected, consulted once per ECS call and once per ECS event. Thread-safe. */
public final class Faults {
    /** What to do to one call. */
    public record Decision(long delayMillis, FaultRule.Kind failure) {
        static final Decision NONE = new Decision(0, null);
    }

    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final Random random;
    /** Events have their own dice, so that a seed repeats their faults whatever the calls do meanwhile. */
    private final Random eventRandom;
    /** So have Spot interruptions. */
    private final Random taskRandom;

    public Faults(long seed) {
        this.random = new Random(seed);
        this.eventRandom = new Random(seed ^ 0x5DEECE66DL);
        this.taskRandom = new Random(seed ^ 0x2545F4914F6CDD1DL);
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

    /** What to do to one call of the ECS action {@code action}. */
    public Decision decide(String action) {
        return decide(action, false, random);
    }

    /**
     * What to do to one ECS event about a {@code task} or an {@code instance}: its failure is one of the
     * {@code EVENT_*} kinds (drop, duplicate, reorder) or null, its delay from {@code event-delay} rules.
     */
    public Decision decideEvent(String resource) {
        return decide(resource, true, eventRandom);
    }

    /**
     * Whether a FARGATE_SPOT task of the task definition family {@code family}, which has just reached RUNNING, is
     * to be interrupted: after how many milliseconds of cluster time, or null for not at all.
     */
    public Long spotInterruption(String family) {
        if (rules.isEmpty()) {
            return null;
        }
        Long after = null;
        for (FaultRule rule : rules) {
            if (rule.kind() != FaultRule.Kind.SPOT_INTERRUPTION) {
                continue;
            }
            double roll;
            synchronized (taskRandom) {
                roll = taskRandom.nextDouble();
            }
            if (after == null && rule.fires(family, roll)) {
                after = rule.delayMillis();
            }
        }
        rules.removeIf(FaultRule::usedUp);
        return after;
    }

    private Decision decide(String action, boolean events, Random dice) {
        if (rules.isEmpty()) {
            return Decision.NONE;
        }
        long delay = 0;
        FaultRule.Kind failure = null;
        for (FaultRule rule : rules) {
            if (rule.kind().ofEvents() != events || rule.kind().ofTasks()) {
                continue;
            }
            double roll;
            synchronized (dice) {
                roll = dice.nextDouble();
            }
            if (rule.kind().delays()) {
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
