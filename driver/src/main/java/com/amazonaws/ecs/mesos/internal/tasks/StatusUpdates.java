package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkSink;
import com.amazonaws.ecs.mesos.internal.translate.StatusMapping;
import java.util.ArrayDeque;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers status updates the way a Mesos agent's status update manager and the master do.
 *
 * <p>Updates about a task's own life carry a uuid and form a stream per task: the next one is delivered only
 * after the previous one was acknowledged, implicitly (after {@code statusUpdate} returns, the default) or
 * explicitly ({@code acknowledgeStatusUpdate}); an unacknowledged one is delivered again after 10 s, then
 * 20 s, ... up to 10 minutes. Updates the master would generate (validation, reconciliation, lost agents)
 * have no uuid, need no acknowledgement and are delivered at once.
 *
 * <p>A terminal update the master generates for a task (its agent is gone or unreachable, ECS lost it)
 * ends the task's stream: what was queued or awaiting acknowledgement is dropped and never delivered again,
 * so the framework never sees anything after a terminal state (no STARTING resent after TASK_LOST), as
 * Mesos's master forgets an agent's pending updates with the agent.
 *
 * <p>While the driver is disconnected nothing is delivered; streams and master updates wait, and are
 * delivered in order on reconnection.
 */
public final class StatusUpdates {
  private static final Logger LOG = LoggerFactory.getLogger(StatusUpdates.class);

  private final FrameworkSink callbacks;
  private final DriverLoop loop;
  private final TaskBook tasks;
  private final boolean implicitAcknowledgements;
  private final long initialResendMillis;
  private final long maxResendMillis;
  private final ArrayDeque<Protos.TaskStatus> heldFromMaster = new ArrayDeque<>();
  private boolean connected;

  public StatusUpdates(FrameworkSink callbacks, DriverLoop loop, TaskBook tasks, boolean implicitAcknowledgements,
      long initialResendMillis, long maxResendMillis) {
    this.callbacks = callbacks;
    this.loop = loop;
    this.tasks = tasks;
    this.implicitAcknowledgements = implicitAcknowledgements;
    this.initialResendMillis = initialResendMillis;
    this.maxResendMillis = maxResendMillis;
  }

  /**
   * Starts or stops delivery; on (re)connection everything that waited is delivered, and the head of every
   * task's stream is sent again.
   */
  public void connected(boolean isConnected) {
    this.connected = isConnected;
    if (!isConnected) {
      return;
    }
    while (connected && !heldFromMaster.isEmpty()) {
      callbacks.statusUpdate(heldFromMaster.poll());
    }
    // Every unacknowledged update goes again now, as Mesos's agents resend theirs after a (re-)subscription.
    for (TrackedTask t : new java.util.ArrayList<>(tasks.all())) {
      if (!connected) {
        return;
      }
      if (!t.unacknowledged.isEmpty()) {
        cancelResend(t);
        deliverHead(t);
      }
    }
  }

  /** Sends an update of the task's stream (with uuid) or from the master (without). */
  public void send(TrackedTask task, Protos.TaskStatus status) {
    if (!status.hasUuid()) {
      if (StatusMapping.isTerminal(status.getState()) && !task.unacknowledged.isEmpty()) {
        LOG.info("Task {}: {} from the master ends its stream; {} update(s) awaiting acknowledgement dropped",
            task.idValue(), status.getState(), task.unacknowledged.size());
        cancelResend(task);
        task.unacknowledged.clear();
      }
      fromMaster(status);
      return;
    }
    task.unacknowledged.add(status);
    if (task.unacknowledged.size() == 1) {
      deliverHead(task);
    }
  }

  /** Sends an update the master would generate; it waits while disconnected. */
  public void fromMaster(Protos.TaskStatus status) {
    if (connected) {
      callbacks.statusUpdate(status);
    } else {
      heldFromMaster.add(status);
    }
  }

  /**
   * Delivers, even while disconnected, an update the driver itself answers a call with (Mesos's driver
   * fails launches it cannot send with TASK_LOST/TASK_DROPPED "Master disconnected").
   */
  public void fromMasterNow(Protos.TaskStatus status) {
    callbacks.statusUpdate(status);
  }

  /** Handles {@code acknowledgeStatusUpdate}: releases the next update of the task's stream. */
  public void acknowledge(Protos.TaskStatus ack) {
    TrackedTask task = tasks.get(ack.getTaskId().getValue());
    if (task == null || task.unacknowledged.isEmpty()) {
      LOG.debug("Acknowledgement for task {} matches no pending update", ack.getTaskId().getValue());
      return;
    }
    Protos.TaskStatus head = task.unacknowledged.peek();
    if (!head.getUuid().equals(ack.getUuid())) {
      LOG.debug("Acknowledgement for task {} is not for its pending update ({}); ignored", ack.getTaskId().getValue(),
          head.getState());
      return;
    }
    task.unacknowledged.poll();
    cancelResend(task);
    deliverHead(task);
  }

  private void deliverHead(TrackedTask task) {
    while (connected && !task.unacknowledged.isEmpty()) {
      Protos.TaskStatus head = task.unacknowledged.peek();
      if (!implicitAcknowledgements) {
        // Timed from the delivery, so set before it: the callback may take a while (or acknowledge at once).
        scheduleResend(task, head, initialResendMillis);
        callbacks.statusUpdate(head);
        return;
      }
      if (!callbacks.statusUpdate(head)) {
        return;
      }
      task.unacknowledged.poll();
    }
  }

  private void scheduleResend(final TrackedTask task, final Protos.TaskStatus head, final long delay) {
    cancelResend(task);
    task.resendDelayMillis = delay;
    LOG.debug("Update {} of task {} is resent in {} ms unless acknowledged", head.getState(),
        head.getTaskId().getValue(), delay);
    task.resend = loop.schedule(delay, () -> {
      task.resend = null;
      LOG.debug("Resend timer of task {} fired", head.getTaskId().getValue());
      if (task.unacknowledged.peek() != head) {
        return;
      }
      if (!connected) {
        return; // delivered again on reconnection
      }
      LOG.info("Resending unacknowledged {} of task {}", head.getState(), head.getTaskId().getValue());
      scheduleResend(task, head, Math.min(maxResendMillis, delay * 2));
      callbacks.statusUpdate(head);
    });
  }

  private static void cancelResend(TrackedTask task) {
    if (task.resend != null) {
      task.resend.cancel();
      task.resend = null;
    }
  }
}
