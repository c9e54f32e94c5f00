/**
 * ECS's request throttling (token buckets) and injected faults.
 */
package com.amazonaws.ecs.local.internal.limits;
