package com.amazonaws.ecs.mesos.internal.process;

import com.amazonaws.ecs.mesos.internal.loop.Lifecycle;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkSink;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded driver's {@link FrameworkSink}: invokes the framework's {@link Scheduler}, always on the loop
 * thread, so callbacks never overlap and may call the driver freely. Nothing is delivered once the driver is
 * no longer running. A callback that throws aborts the driver (as libmesos does), without an {@code error()}
 * callback for it.
 */
public final class Callbacks implements FrameworkSink {
  private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);

  private final Scheduler scheduler;
  private final SchedulerDriver driver;
  private final Lifecycle lifecycle;
  private final Runnable onAbort;

  /** @param driver the driver passed to every callback */
  public Callbacks(Scheduler scheduler, SchedulerDriver driver, Lifecycle lifecycle) {
    this(scheduler, driver, lifecycle, () -> { });
  }

  /**
   * @param driver the driver passed to every callback
   * @param onAbort run when a callback throws or {@link #error} aborts the driver (to release its resources)
   */
  public Callbacks(Scheduler scheduler, SchedulerDriver driver, Lifecycle lifecycle, Runnable onAbort) {
    this.scheduler = scheduler;
    this.driver = driver;
    this.lifecycle = lifecycle;
    this.onAbort = onAbort;
  }

  @Override
  public boolean active() {
    return lifecycle.running();
  }

  /** One callback. */
  private interface Call {
    void invoke(Scheduler scheduler, SchedulerDriver driver) throws Exception;
  }

  private boolean deliver(String name, Call call) {
    if (!lifecycle.running()) {
      LOG.debug("Not delivering {}: the driver is {}", name, lifecycle.status());
      return false;
    }
    try {
      call.invoke(scheduler, driver);
      return true;
    } catch (Throwable t) {
      LOG.error("Scheduler.{} threw {}; aborting the driver", name, t.toString(), t);
      if (lifecycle.abort()) {
        onAbort.run();
      }
      return false;
    }
  }

  @Override
  public boolean registered(final Protos.FrameworkID id, final Protos.MasterInfo master) {
    return deliver("registered", (s, d) -> s.registered(d, id, master));
  }

  @Override
  public boolean reregistered(final Protos.MasterInfo master) {
    return deliver("reregistered", (s, d) -> s.reregistered(d, master));
  }

  @Override
  public boolean resourceOffers(final List<Protos.Offer> offers) {
    return deliver("resourceOffers", (s, d) -> s.resourceOffers(d, offers));
  }

  @Override
  public boolean offerRescinded(final Protos.OfferID id) {
    return deliver("offerRescinded", (s, d) -> s.offerRescinded(d, id));
  }

  @Override
  public boolean statusUpdate(final Protos.TaskStatus status) {
    return deliver("statusUpdate", (s, d) -> s.statusUpdate(d, status));
  }

  @Override
  public boolean disconnected() {
    return deliver("disconnected", (s, d) -> s.disconnected(d));
  }

  @Override
  public boolean slaveLost(final Protos.SlaveID id) {
    return deliver("slaveLost", (s, d) -> s.slaveLost(d, id));
  }

  /** A message from an executor (only a Mesos master with custom executors sends one). */
  public boolean frameworkMessage(final Protos.ExecutorID executor, final Protos.SlaveID agent, final byte[] data) {
    return deliver("frameworkMessage", (s, d) -> s.frameworkMessage(d, executor, agent, data));
  }

  public boolean executorLost(final Protos.ExecutorID executor, final Protos.SlaveID agent, final int status) {
    return deliver("executorLost", (s, d) -> s.executorLost(d, executor, agent, status));
  }

  /**
   * Aborts the driver, then tells the framework why (Mesos's order). Ignored when the driver is not running.
   */
  @Override
  public void error(final String message) {
    if (!lifecycle.abort()) {
      LOG.info("Not delivering error '{}': the driver is {}", message, lifecycle.status());
      return;
    }
    LOG.error("Driver error: {}", message);
    try {
      scheduler.error(driver, message);
    } catch (Throwable t) {
      LOG.error("Scheduler.error threw {}", t.toString(), t);
    } finally {
      onAbort.run();
    }
  }
}
