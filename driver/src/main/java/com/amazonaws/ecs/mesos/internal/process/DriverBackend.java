package com.amazonaws.ecs.mesos.internal.process;

import com.amazonaws.ecs.mesos.DriverMetrics;
import java.util.Collection;
import org.apache.mesos.Protos;

/**
 * What {@code ECSSchedulerDriver} drives once it has checked its {@code Protos.Status}: the embedded
 * {@link DriverProcess} (ECS in the framework's JVM) or the remote process that talks to a Mesos master
 * ({@code internal.remote}). Commands are called from any thread and return at once; the work runs later on
 * the backend's loop, as do the framework's callbacks.
 */
public interface DriverBackend {
  DriverMetrics metrics();

  /** Whether the calling thread is the one the framework's callbacks run on. */
  boolean inLoop();

  void start();

  void stop(boolean failover);

  /** The driver was aborted (by the framework, a throwing callback or an error). */
  void aborted();

  /** Blocks until everything the backend runs has ended after a stop. */
  void awaitStopped() throws InterruptedException;

  void launch(Collection<Protos.OfferID> offerIds, Collection<Protos.Offer.Operation> operations,
      Protos.Filters filters);

  void decline(Protos.OfferID offerId, Protos.Filters filters);

  void kill(Protos.TaskID taskId);

  /** {@code reviveOffers()} (roles null) or {@code reviveOffers(roles)}. */
  void revive(Collection<String> roles);

  /** {@code suppressOffers()} (roles null: all of the framework's roles) or {@code suppressOffers(roles)}. */
  void suppress(Collection<String> roles);

  void updateFramework(Protos.FrameworkInfo info, Collection<String> suppressedRoles);

  void reconcile(Collection<Protos.TaskStatus> statuses);

  /** An explicit acknowledgement of an update that carries a uuid and an agent ID (the facade checked). */
  void acknowledge(Protos.TaskStatus status);

  /** Tells the framework, through {@code error()} on the callback thread, that it misused the driver. */
  void misuse(String message);

  void frameworkMessage(Protos.ExecutorID executor, Protos.SlaveID agent, byte[] data);
}
