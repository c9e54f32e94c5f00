/**
 * {@code ecs-mesos bench}: launches many short tasks through the ECSSchedulerDriver on an embedded ecs-local
 * with ECS's rate limits and a per-call latency, and measures API calls per task, throttling, launch rate,
 * status latency, driver CPU and heap, ending with one {@code RESULT} line for scripts.
 */
package com.amazonaws.ecs.cli.bench;
