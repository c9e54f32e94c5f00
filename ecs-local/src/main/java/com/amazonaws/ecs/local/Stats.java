package com.amazonaws.ecs.local;

import com.amazonaws.ecs.local.internal.http.CallStats;
import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.Task;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of what an ecs-local endpoint has served: calls by ECS action, throttled calls,
 * injected server errors and dropped connections, the tasks it holds, and its ECS events.
 */
public record Stats(Map<String, Long> calls, long throttled, long serverErrors, long dropped, int tasks,
        int liveTasks, int containerInstances, EventStats events) {

    /** A snapshot of {@code state} (call under its lock) and of the calls served. */
    static Stats of(EcsState state, CallStats calls, EventStats events) {
        List<Task> tasks = state.allTasks();
        int live = (int) tasks.stream().filter(t -> !t.stopped()).count();
        int instances = state.clusters().values().stream().mapToInt(Cluster::registeredInstances).sum();
        return new Stats(calls.calls(), calls.throttledCount(), calls.serverErrorCount(), calls.droppedCount(),
                tasks.size(), live, instances, events);
    }

    /** All ECS calls received, throttled ones included. */
    public long totalCalls() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }
}
