/**
 * The driver's one loop thread: it owns every piece of mutable driver state, runs commands and timers in
 * order, and invokes the Scheduler's callbacks one at a time (as libmesos's SchedulerProcess does).
 */
package com.amazonaws.ecs.mesos.internal.loop;
