/**
 * The master's internals: the process on the cluster's loop (frameworks, subscriptions, calls), the HTTP
 * handlers of the scheduler API and the operator endpoints, event streams, and the wire formats (Mesos's
 * JSON, RecordIO, V0 ↔ V1 conversion).
 */
package com.amazonaws.ecs.mesos.master.internal;
