/**
 * One framework on the cluster: its offers, tasks, status update streams, reconciliation and failover
 * identity, and the sink its events go to (Scheduler callbacks in the embedded driver, an HTTP event stream
 * in the master).
 */
package com.amazonaws.ecs.mesos.internal.session;
