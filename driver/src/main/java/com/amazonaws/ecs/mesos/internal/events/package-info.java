/**
 * ECS events instead of polling: the SQS queue an EventBridge rule fills with the cluster's task and
 * container instance state changes ({@link com.amazonaws.ecs.mesos.internal.events.EventQueue}), and the
 * parsing of each message into what a description of the task or instance would say
 * ({@link com.amazonaws.ecs.mesos.internal.events.EcsEvents}).
 */
package com.amazonaws.ecs.mesos.internal.events;
