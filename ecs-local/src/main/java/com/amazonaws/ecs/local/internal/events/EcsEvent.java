package com.amazonaws.ecs.local.internal.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One ECS event as EventBridge would put it on a bus: the envelope (with its {@code detail}), the kind of
 * resource it is about and the version of that resource. The envelope is a snapshot nobody changes.
 */
record EcsEvent(Resource resource, String arn, long version, ObjectNode envelope) {

    /** What an event is about; its name is the OPERATION of event faults. */
    enum Resource {
        TASK("task", "ECS Task State Change"),
        INSTANCE("instance", "ECS Container Instance State Change");

        final String faultName;
        final String detailType;

        Resource(String faultName, String detailType) {
            this.faultName = faultName;
            this.detailType = detailType;
        }
    }
}
