/**
 * {@code ecs-mesos events setup|teardown}: the AWS wiring (SQS queue and its policy, EventBridge rule and
 * target) that brings a cluster's ECS events to a queue the driver reads, on AWS or on ecs-local.
 */
package com.amazonaws.ecs.cli.events;
