package com.amazonaws.ecs.mesos.master.internal;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.session.FrameworkSession;
import org.apache.mesos.Protos;

/**
 * A framework the master knows: its session on the cluster, the channel its events go through, who it
 * authenticated as, and the times the operator endpoints report. Loop-confined.
 */
final class MasterFramework {
  final String id;
  final FrameworkSession session;
  final EventChannel channel;
  /** The principal it subscribed as (null without authentication). */
  final String principal;
  final double registeredSeconds;
  double reregisteredSeconds;
  double unregisteredSeconds;
  /** Running out while the framework is away: when it fires, the framework is removed. */
  DriverLoop.Timer failoverTimer;
  /** Recovering its tasks from ECS: SUBSCRIBED follows once done. */
  boolean recovering;

  MasterFramework(String id, FrameworkSession session, EventChannel channel, String principal, double nowSeconds) {
    this.id = id;
    this.session = session;
    this.channel = channel;
    this.principal = principal;
    this.registeredSeconds = nowSeconds;
  }

  Protos.FrameworkInfo info() {
    return session.framework().info();
  }

  /** Subscribed: its stream is open. */
  boolean connected() {
    return channel.active();
  }

  /** How long it may stay away before it is removed, as its FrameworkInfo says (Mesos's default 0: at once). */
  long failoverTimeoutMillis() {
    double seconds = info().getFailoverTimeout();
    return seconds <= 0 || Double.isNaN(seconds) ? 0 : (long) Math.min(Long.MAX_VALUE / 2, seconds * 1000);
  }
}
