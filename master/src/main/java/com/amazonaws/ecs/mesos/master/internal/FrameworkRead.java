package com.amazonaws.ecs.mesos.master.internal;

import com.amazonaws.ecs.mesos.internal.session.FrameworkSession;
import org.apache.mesos.Protos;

/**
 * A framework as the web UI reads it on the master's loop: served ({@code session} non-null) or removed
 * ({@code session} null, Mesos's completed framework). Only valid within the read it was made in.
 *
 * @param unregisteredSeconds when its stream ended (0 while connected)
 */
public record FrameworkRead(String id, Protos.FrameworkInfo info, FrameworkSession session, boolean connected,
    double registeredSeconds, double unregisteredSeconds) {

  /** Whether the master removed it (TEARDOWN, or away past its failover timeout). */
  public boolean completed() {
    return session == null;
  }
}
