package com.amazonaws.ecs.local;

import java.util.Map;

/**
 * A snapshot of what an ecs-local endpoint has served: calls by ECS action, throttled calls,
 * injected server errors and dropped connections, the tasks it holds, and its ECS events.
 */
public record Stats(Map<String, Long> calls, long throttled, long serverErrors, long dropped, int tasks,
        int liveTasks, int containerInstances, EventStats events) {

    /** All ECS calls received, throttled ones included. */
    public long totalCalls() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }
}
