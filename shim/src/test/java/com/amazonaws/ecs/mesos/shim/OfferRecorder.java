package com.amazonaws.ecs.mesos.shim;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;

/** A Scheduler that records registration, offers and errors, and declines nothing. */
final class OfferRecorder extends QuietScheduler {
  final AtomicBoolean registered = new AtomicBoolean();
  final List<Protos.Offer> offers = new CopyOnWriteArrayList<>();
  final List<String> errors = new CopyOnWriteArrayList<>();

  @Override
  public void registered(SchedulerDriver driver, Protos.FrameworkID frameworkId, Protos.MasterInfo masterInfo) {
    registered.set(true);
  }

  @Override
  public void resourceOffers(SchedulerDriver driver, List<Protos.Offer> received) {
    offers.addAll(received);
  }

  @Override
  public void error(SchedulerDriver driver, String message) {
    errors.add(message);
  }
}
