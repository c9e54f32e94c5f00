/**
 * The simulated cluster: clusters, container instances, task definitions, tasks, resource accounting and the lifecycle clock.
 */
package com.amazonaws.ecs.local.internal.state;
