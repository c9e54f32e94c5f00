/**
 * {@code ecs-mesos demo}: a small Marathon-like and Chronos-like framework run through the ECSSchedulerDriver on
 * an embedded ecs-local, step by step with deadlines, shown live and summed up at the end.
 */
package com.amazonaws.ecs.cli.demo;
