package com.amazonaws.ecs.local.internal.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of calls by action and of the answers that were not normal. Thread-safe. */
public final class CallStats {
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    void call(String action) {
        calls.computeIfAbsent(action, a -> new LongAdder()).increment();
    }

    void throttled() {
        throttled.increment();
    }

    void serverError() {
        serverErrors.increment();
    }

    void dropped() {
        dropped.increment();
    }

    public Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long throttledCount() {
        return throttled.sum();
    }

    public long serverErrorCount() {
        return serverErrors.sum();
    }

    public long droppedCount() {
        return dropped.sum();
    }
}
