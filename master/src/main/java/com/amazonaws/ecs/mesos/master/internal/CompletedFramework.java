package com.amazonaws.ecs.mesos.master.internal;

import org.apache.mesos.Protos;

/** A framework the master removed: what its endpoints still report. */
final class CompletedFramework {
  final Protos.FrameworkInfo info;
  final double registeredSeconds;
  final double unregisteredSeconds;

  CompletedFramework(Protos.FrameworkInfo info, double registeredSeconds, double unregisteredSeconds) {
    this.info = info;
    this.registeredSeconds = registeredSeconds;
    this.unregisteredSeconds = unregisteredSeconds;
  }
}
