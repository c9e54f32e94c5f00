/**
 * ECS events as EventBridge delivers them to SQS: the rules of the default event bus and their API, event
 * patterns, the events ecs-local emits for every task and container instance version, and their delivery.
 */
package com.amazonaws.ecs.local.internal.events;
