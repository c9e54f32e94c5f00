package com.amazonaws.ecs.mesos.internal.remote;

import java.util.HashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer.Operation;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * Keeps the order between acknowledgements and the framework's other calls wherever a master can tell it apart,
 * once acknowledgements travel apart from them ({@link CallSender}): a call that names a task waits for every
 * acknowledgement of that task queued before it. A launch that reuses the ID of a task whose terminal update
 * it has just acknowledged is otherwise refused ({@code Task has duplicate ID}: the master keeps the task
 * until the acknowledgement), and a reconciliation or a kill of the task would be answered from before it. An
 * implicit reconciliation (no tasks named) and TEARDOWN wait for every acknowledgement queued before them: the
 * first answers for each terminal task whose update is not acknowledged yet.
 * Acknowledgements are numbered as queued and end in that order (one lane). Thread-safe.
 */
final class AcknowledgementOrder {
  /** The number of the last acknowledgement queued per task, until it ends. */
  private final Map<String, Long> pending = new HashMap<>();
  private long queued;
  private long ended;

  /** An acknowledgement of {@code taskId} is queued; returns its number. */
  synchronized long queued(String taskId) {
    pending.put(taskId, ++queued);
    return queued;
  }

  /** The acknowledgement numbered {@code number} was answered, refused or dropped. */
  synchronized void ended(String taskId, long number) {
    ended = Math.max(ended, number);
    pending.remove(taskId, number);
    notifyAll();
  }

  /** The number a call must wait for: the last acknowledgement queued of a task it names, or 0. */
  synchronized long before(Call call) {
    if (call.getType() == Call.Type.TEARDOWN) {
      return queued; // nothing of the framework's is acknowledged after it is gone
    }
    if (call.getType() == Call.Type.RECONCILE && call.getReconcile().getTasksCount() == 0) {
      return queued; // implicit: it answers for the terminal tasks whose updates are not acknowledged yet
    }
    long last = 0;
    for (String id : taskIds(call)) {
      Long n = pending.get(id);
      if (n != null && n > last) {
        last = n;
      }
    }
    return last;
  }

  /** Waits until the acknowledgement numbered {@code number} (and every one before it) has ended. */
  synchronized void awaitEnded(long number) {
    boolean interrupted = false;
    while (ended < number) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The tasks a call names: those it launches, kills or asks after. */
  static java.util.List<String> taskIds(Call call) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    switch (call.getType()) {
      case ACCEPT:
        for (Operation op : call.getAccept().getOperationsList()) {
          for (TaskInfo t : op.getLaunch().getTaskInfosList()) {
            ids.add(t.getTaskId().getValue());
          }
          for (TaskInfo t : op.getLaunchGroup().getTaskGroup().getTasksList()) {
            ids.add(t.getTaskId().getValue());
          }
        }
        break;
      case KILL:
        ids.add(call.getKill().getTaskId().getValue());
        break;
      case RECONCILE:
        for (Call.Reconcile.Task t : call.getReconcile().getTasksList()) {
          ids.add(t.getTaskId().getValue());
        }
        break;
      default:
        break;
    }
    return ids;
  }
}
