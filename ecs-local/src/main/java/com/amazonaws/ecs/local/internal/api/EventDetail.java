package com.amazonaws.ecs.local.internal.api;

import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import com.amazonaws.ecs.local.internal.state.Task;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code detail} of ECS's EventBridge events: a task or container instance exactly as DescribeTasks and
 * DescribeContainerInstances show it, without tags (ECS does not put them in events). Call under the state
 * lock: the result is a snapshot that may then cross threads.
 */
public final class EventDetail {
    private EventDetail() {
    }

    /** The detail of an "ECS Task State Change" event. */
    public static ObjectNode task(Task task) {
        ObjectNode n = Render.task(task, false);
        n.remove("tags");
        // The rendering shares the task's overrides node; the event leaves the lock, so it gets its own.
        n.set("overrides", task.overrides().deepCopy());
        return n;
    }

    /** The detail of an "ECS Container Instance State Change" event. */
    public static ObjectNode containerInstance(ContainerInstance instance) {
        ObjectNode n = Render.containerInstance(instance, false);
        n.put("clusterArn", instance.cluster().arn());
        return n;
    }
}
