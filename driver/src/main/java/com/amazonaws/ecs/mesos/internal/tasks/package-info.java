/**
 * The framework's tasks: the TaskBook (Mesos task ID ↔ ECS task), launching, status polling and mapping,
 * kills, status update delivery with acknowledgements, reconciliation and recovery after a failover.
 * Loop-confined: used only on the driver's loop thread.
 */
package com.amazonaws.ecs.mesos.internal.tasks;
