/**
 * ecs-local: an Amazon ECS endpoint on this machine that the AWS SDK and CLI cannot tell from the
 * real one, for tests, demos and benchmarks. {@link com.amazonaws.ecs.local.EcsLocal} is the entry point.
 */
package com.amazonaws.ecs.local;
