/**
 * The HTTP server: ECS JSON 1.1, EC2 query DescribeInstances, and where latency, throttling and faults are applied.
 */
package com.amazonaws.ecs.local.internal.http;
