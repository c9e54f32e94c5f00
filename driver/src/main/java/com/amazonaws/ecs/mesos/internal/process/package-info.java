/**
 * The embedded driver: {@code DriverProcess} runs one cluster with one framework session for
 * {@code ECSSchedulerDriver}, its callbacks ({@code Callbacks}, the session's sink), the driver's status,
 * and its end (teardown, failover, abort).
 */
package com.amazonaws.ecs.mesos.internal.process;
