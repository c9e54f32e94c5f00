package com.amazonaws.ecs.local.internal.events;

import com.amazonaws.ecs.local.internal.api.EventDetail;
import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import com.amazonaws.ecs.local.internal.state.Task;
import com.amazonaws.ecs.local.internal.state.VersionListener;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns each version of a task or container instance into an ECS event envelope, under the state lock (so
 * the detail is a consistent snapshot), and hands it on without waiting: delivery happens on another thread.
 */
final class EventWriter implements VersionListener {
    private final String region;
    private final String account;
    private final Consumer<EcsEvent> out;

    EventWriter(String region, String account, Consumer<EcsEvent> out) {
        this.region = region;
        this.account = account;
        this.out = out;
    }

    @Override
    public void taskVersion(Task task, long clusterMillis) {
        ObjectNode detail = EventDetail.task(task);
        out.accept(new EcsEvent(EcsEvent.Resource.TASK, task.arn(), task.version(),
                envelope(EcsEvent.Resource.TASK, task.arn(), clusterMillis, detail)));
    }

    @Override
    public void instanceVersion(ContainerInstance instance, long clusterMillis) {
        ObjectNode detail = EventDetail.containerInstance(instance);
        out.accept(new EcsEvent(EcsEvent.Resource.INSTANCE, instance.arn(), instance.version(),
                envelope(EcsEvent.Resource.INSTANCE, instance.arn(), clusterMillis, detail)));
    }

    private ObjectNode envelope(EcsEvent.Resource resource, String arn, long clusterMillis, ObjectNode detail) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", resource.detailType);
        e.put("source", "aws.ecs");
        e.put("account", account);
        // EventBridge stamps whole seconds ("2026-12-03T10:15:30Z"); the detail keeps the exact times.
        e.put("time", Instant.ofEpochMilli(clusterMillis).truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("region", region);
        e.putArray("resources").add(arn);
        e.set("detail", detail);
        return e;
    }
}
