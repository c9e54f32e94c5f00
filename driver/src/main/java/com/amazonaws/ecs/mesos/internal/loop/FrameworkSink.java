package com.amazonaws.ecs.mesos.internal.loop;

import java.util.List;
import org.apache.mesos.Protos;

/**
 * Where a framework's events go, one at a time, on the loop: the Scheduler's callbacks of the embedded
 * driver, or the event stream of a framework subscribed to the master. Each method returns whether the
 * sink still takes events: false once the framework's driver was aborted or stopped, or its stream ended,
 * and the caller stops delivering.
 */
public interface FrameworkSink {

  /** Whether events are delivered now. */
  boolean active();

  boolean registered(Protos.FrameworkID id, Protos.MasterInfo master);

  boolean reregistered(Protos.MasterInfo master);

  boolean resourceOffers(List<Protos.Offer> offers);

  boolean offerRescinded(Protos.OfferID id);

  boolean statusUpdate(Protos.TaskStatus status);

  /** The cluster cannot be reached (ECS does not answer): Mesos's {@code disconnected()}. */
  boolean disconnected();

  boolean slaveLost(Protos.SlaveID id);

  /** Something the framework cannot recover from: it is told, and gets nothing more. */
  void error(String message);
}
