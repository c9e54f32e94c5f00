/**
 * The public face of the driver: {@code ECSSchedulerDriver}, an {@code org.apache.mesos.SchedulerDriver}
 * that runs a Mesos framework's tasks on an Amazon ECS cluster.
 */
package com.amazonaws.ecs.mesos;
