/**
 * Micrometer binding for the ECS scheduler driver: {@link
 * com.amazonaws.ecs.mesos.micrometer.EcsSchedulerDriverMetrics} publishes {@code ECSSchedulerDriver.metrics()}
 * as Micrometer meters. Optional: the driver itself depends on no metrics library, and this module expects the
 * host application to bring its own Micrometer (built and
 * tested with 1.17.2; Micrometer 1.x runs on Java 8).
 */
package com.amazonaws.ecs.mesos.micrometer;
