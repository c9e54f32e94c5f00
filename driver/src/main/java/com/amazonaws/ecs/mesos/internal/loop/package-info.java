/**
 * The driver's one loop thread: it owns every piece of mutable driver state, runs commands and timers in
 * order, and hands each framework its events one at a time through its {@code FrameworkSink} (as
 * libmesos's SchedulerProcess invokes the Scheduler).
 */
package com.amazonaws.ecs.mesos.internal.loop;
