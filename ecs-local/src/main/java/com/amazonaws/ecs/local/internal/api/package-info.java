/**
 * The ECS API operations: request checks against the service model, the operations, and their JSON answers.
 */
package com.amazonaws.ecs.local.internal.api;
