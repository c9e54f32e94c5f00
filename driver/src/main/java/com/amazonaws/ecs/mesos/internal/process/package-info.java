/**
 * The driver as one actor: {@code DriverProcess} wires the loop, the books and the parts that act on them
 * (offers, launches, task monitoring, reconciliation) and keeps the driver's own life (registration,
 * sweeps, the connection to ECS, teardown); {@code DriverConfig} is what the builder decided. Kept apart
 * from {@code loop} so that the parts depend on the loop and the loop on none of them.
 */
package com.amazonaws.ecs.mesos.internal.process;
