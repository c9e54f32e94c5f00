package com.amazonaws.ecs.local.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One ECS API operation: a checked request in, a response body out (or an {@link EcsException}). */
@FunctionalInterface
interface Operation {
    ObjectNode handle(Request request);
}
