/**
 * Every call to ECS (and EC2) goes through here: one rate limiter with ECS's token buckets, retries with
 * backoff and jitter, batching and pagination, error classification, and configuration of the endpoint.
 */
package com.amazonaws.ecs.mesos.internal.ecs;
