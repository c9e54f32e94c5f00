/**
 * {@code ecs-mesos run}: a one-shot framework that runs N copies of a task definition through the driver on
 * any ECS endpoint and reports how each ended.
 */
package com.amazonaws.ecs.cli.run;
