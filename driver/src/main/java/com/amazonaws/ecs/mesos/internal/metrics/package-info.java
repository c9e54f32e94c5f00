/**
 * The driver's counters and timers, written from the loop and the I/O threads without locks, and read as a
 * {@link com.amazonaws.ecs.mesos.DriverMetrics} snapshot from any thread.
 */
package com.amazonaws.ecs.mesos.internal.metrics;
