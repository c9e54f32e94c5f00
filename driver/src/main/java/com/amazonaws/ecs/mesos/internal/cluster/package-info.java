/**
 * One ECS cluster shared by every framework session: the connection to ECS (gateway, rate limiter, I/O
 * threads), the agents and their sweeps, whether ECS answers, and the allocator that decides which
 * framework is offered which agent's free resources.
 */
package com.amazonaws.ecs.mesos.internal.cluster;
