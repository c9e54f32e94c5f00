package com.amazonaws.ecs.mesos.internal.remote;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the framework's calls to the master, each with the stream ID of the subscription current when it was
 * made. An error status is logged. Answered on the current stream, a 401 is fatal (the framework's credentials
 * are refused), and a 403 means the master no longer has this subscription (it restarted, or dropped the
 * stream): the driver subscribes again, as Singularity does; a framework that may not use its ID then hears it in
 * the subscription's ERROR.
 *
 * <p>Two lanes, each one thread and one connection, each in the order the calls were made: acknowledgements, and
 * every other call. libmesos does not wait for one call's answer before it sends the next; this driver does, so on
 * one lane a launch waited behind every acknowledgement queued before it. A framework that re-subscribes to a new
 * leader acknowledges the state of each of its tasks, one call each: 917 of them kept a framework's launches away
 * from the master for 3 s after a failover. Where the order between the two lanes matters, a call naming a task
 * waits for that task's acknowledgements, and an implicit reconciliation or TEARDOWN for all of them
 * ({@link AcknowledgementOrder}).
 *
 * <p>When the stream ends, the calls made on it are {@link #abandon abandoned}, as libmesos drops calls while
 * disconnected: the one waiting for its answer is cut (a master that died without closing the connection would
 * otherwise hold every later call until the read timeout), and those still queued are not sent. The new master
 * resends what was not acknowledged, and a framework reconciles after {@code reregistered()}.
 */
final class CallSender {
  private static final Logger LOG = LoggerFactory.getLogger(CallSender.class);

  private final DriverLoop loop;
  private final MasterConnection master;
  private final Consumer<String> fatal;
  private final Lane calls;
  private final Lane acknowledgements;
  private final AcknowledgementOrder order = new AcknowledgementOrder();
  /** Calls made on streams up to this generation are not sent any more. */
  private volatile int abandonedUpTo = Integer.MIN_VALUE;

  /** @param fatal called on the loop with what to tell the framework in {@code error()} */
  CallSender(DriverLoop loop, MasterConnection master, ThreadFactory threads, Consumer<String> fatal) {
    this.loop = loop;
    this.master = master;
    this.fatal = fatal;
    this.calls = new Lane(threads);
    this.acknowledgements = new Lane(threads);
  }

  /** Queues {@code call} behind every call of its lane queued before it. Loop. */
  void send(final Call call) {
    final String stream = master.streamId();
    final int gen = master.generation();
    final MasterLink link = master.link();
    if (call.getType() == Call.Type.ACKNOWLEDGE) {
      final String taskId = call.getAcknowledge().getTaskId().getValue();
      final long number = order.queued(taskId);
      acknowledgements.thread.execute(() -> {
        try {
          acknowledgements.deliver(call, link, stream, gen);
        } finally {
          order.ended(taskId, number);
        }
      });
    } else {
      final long after = order.before(call);
      calls.thread.execute(() -> {
        order.awaitEnded(after);
        calls.deliver(call, link, stream, gen);
      });
    }
  }

  /**
   * The stream {@code generation} (and every one before it) has ended: its calls are dropped, and those waiting
   * for an answer are cut. Any thread.
   */
  void abandon(int generation) {
    abandonedUpTo = generation;
    calls.cut(generation);
    acknowledgements.cut(generation);
  }

  private void refused(Call call, MasterLink.Answer a, int gen) {
    LOG.warn("The master at {} answered {} to {} of framework {}: {}", master.link().base(), a.status,
        call.getType(), call.getFrameworkId().getValue(), a.message);
    if (gen != master.generation()) {
      return;
    }
    if (a.status == 401) {
      fatal.accept("The Mesos master at " + master.link().base() + " refused " + call.getType() + " (" + a.status
          + "): " + a.message);
    } else if (a.status == 403) {
      master.resubscribe("the master answered " + call.getType() + " with 403: " + a.message);
    }
  }

  /**
   * Runs {@code action} on the loop once every call queued so far (on both lanes) has been sent, then takes no
   * more calls.
   */
  void shutdownThen(final Runnable action) {
    acknowledgements.thread.shutdown();
    calls.thread.execute(() -> {
      try {
        acknowledgements.thread.awaitTermination(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      loop.post(action);
    });
    calls.thread.shutdown();
  }

  void awaitTermination() throws InterruptedException {
    calls.thread.awaitTermination(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
    acknowledgements.thread.awaitTermination(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
  }

  /** One thread sending calls in turn, each waiting for its answer on a kept-alive connection. */
  private final class Lane {
    final ThreadPoolExecutor thread;
    private final Object inFlightLock = new Object();
    private java.net.HttpURLConnection inFlight;
    private int inFlightGeneration;

    Lane(ThreadFactory threads) {
      this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<Runnable>(),
          threads);
    }

    /** Sends {@code call} and reads its answer, unless its stream has ended. The lane's thread. */
    void deliver(Call call, MasterLink link, String stream, int gen) {
      if (gen <= abandonedUpTo) {
        LOG.debug("{} of framework {} not sent: its stream has ended", call.getType(),
            call.getFrameworkId().getValue());
        return;
      }
      try {
        MasterLink.Answer a = answer(link, link.send(call, stream), gen);
        if (!a.ok()) {
          loop.post(() -> refused(call, a, gen));
        } else if (call.getType() == Call.Type.TEARDOWN) {
          LOG.info("Framework {} torn down by the master at {}", call.getFrameworkId().getValue(), link.base());
        }
      } catch (IOException e) {
        LOG.warn("Could not send {} of framework {} to the master at {}: {}", call.getType(),
            call.getFrameworkId().getValue(), link.base(), e.toString());
      }
    }

    private MasterLink.Answer answer(MasterLink link, java.net.HttpURLConnection c, int gen) throws IOException {
      synchronized (inFlightLock) {
        inFlight = c;
        inFlightGeneration = gen;
      }
      if (gen <= abandonedUpTo) { // abandoned while it was being sent
        c.disconnect();
      }
      try {
        return link.answer(c);
      } finally {
        synchronized (inFlightLock) {
          inFlight = null;
        }
      }
    }

    /** Cuts the call waiting for its answer if it was made on a stream up to {@code generation}. Any thread. */
    void cut(int generation) {
      java.net.HttpURLConnection c = null;
      synchronized (inFlightLock) {
        if (inFlight != null && inFlightGeneration <= generation) {
          c = inFlight;
        }
      }
      if (c != null) {
        c.disconnect();
      }
    }
  }
}
