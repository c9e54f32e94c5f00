/**
 * Pure translations between Mesos and ECS values (ContainerInstance → Offer, TaskInfo → StartTaskRequest,
 * ECS Task → TaskStatus): no I/O, no clock, no mutable state, so every rule is tested with tables.
 */
package com.amazonaws.ecs.mesos.internal.translate;
