/**
 * What a driver (or a master) was configured with: one immutable {@code DriverConfig} that the public
 * builder fills in and every part reads.
 */
package com.amazonaws.ecs.mesos.internal.config;
