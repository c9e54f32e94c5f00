package com.amazonaws.ecs.local.internal.api;

import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import com.amazonaws.ecs.local.internal.state.Task;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code detail} of ECS's EventBridge events: a task or container instance as DescribeTasks and
 * DescribeContainerInstances show it, without tags (ECS does not put them in events), with timestamps as
 * ISO-8601 strings, as in ECS's events. Call under the state
 * lock: the result is a snapshot that may then cross threads.
 */
public final class EventDetail {
    private static final String[] TASK_TIMES = {"createdAt", "pullStartedAt", "pullStoppedAt", "startedAt",
        "stoppingAt", "stoppedAt", "executionStoppedAt", "connectivityAt", "updatedAt"};
    private static final String[] INSTANCE_TIMES = {"registeredAt", "updatedAt"};

    private EventDetail() {
    }

    /**
     * Timestamps as EventBridge writes them, ISO-8601 strings ({@code "2020-01-23T17:57:38.500Z"}), where the
     * API's JSON has epoch seconds.
     */
    private static void isoTimes(ObjectNode n, String[] fields) {
        for (String f : fields) {
            if (n.path(f).isNumber()) {
                n.put(f, java.time.Instant.ofEpochMilli(Math.round(n.get(f).asDouble() * 1000)).toString());
            }
        }
    }

    /** The detail of an "ECS Task State Change" event. */
    public static ObjectNode task(Task task) {
        ObjectNode n = Render.task(task, false);
        n.remove("tags");
        isoTimes(n, TASK_TIMES);
        // The rendering shares the task's overrides node; the event leaves the lock, so it gets its own.
        n.set("overrides", task.overrides().deepCopy());
        return n;
    }

    /** The detail of an "ECS Container Instance State Change" event. */
    public static ObjectNode containerInstance(ContainerInstance instance) {
        ObjectNode n = Render.containerInstance(instance, false);
        n.put("clusterArn", instance.cluster().arn());
        isoTimes(n, INSTANCE_TIMES);
        return n;
    }
}
