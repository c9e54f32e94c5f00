package com.amazonaws.ecs.mesos.internal.loop;

import org.apache.mesos.Protos.Status;

/**
 * The driver's {@code Protos.Status}, the one piece of state shared by the caller's threads and the loop:
 * every facade method reads it, {@code join()} waits on it. Transitions follow Mesos's driver exactly:
 * NOT_STARTED → RUNNING → STOPPED | ABORTED, and ABORTED → STOPPED through {@code stop()}.
 */
public final class Lifecycle {
  private Status status = Status.DRIVER_NOT_STARTED;

  public synchronized Status status() {
    return status;
  }

  public synchronized boolean running() {
    return status == Status.DRIVER_RUNNING;
  }

  /** NOT_STARTED → RUNNING; false (nothing changes) from any other status. */
  public synchronized boolean start() {
    if (status != Status.DRIVER_NOT_STARTED) {
      return false;
    }
    status = Status.DRIVER_RUNNING;
    return true;
  }

  /**
   * RUNNING or ABORTED → STOPPED. Returns what {@code stop()} returns: DRIVER_ABORTED if it had been aborted,
   * else the new status; null when the driver was in neither status (then nothing changed).
   */
  public synchronized Status stop() {
    if (status != Status.DRIVER_RUNNING && status != Status.DRIVER_ABORTED) {
      return null;
    }
    boolean aborted = status == Status.DRIVER_ABORTED;
    status = Status.DRIVER_STOPPED;
    notifyAll();
    return aborted ? Status.DRIVER_ABORTED : status;
  }

  /** RUNNING → ABORTED; false from any other status. */
  public synchronized boolean abort() {
    if (status != Status.DRIVER_RUNNING) {
      return false;
    }
    status = Status.DRIVER_ABORTED;
    notifyAll();
    return true;
  }

  /** Blocks while RUNNING; returns the status that ended it (at once if never started). */
  public synchronized Status awaitNotRunning() throws InterruptedException {
    while (status == Status.DRIVER_RUNNING) {
      wait();
    }
    return status;
  }
}
