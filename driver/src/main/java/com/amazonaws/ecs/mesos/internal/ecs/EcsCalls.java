package com.amazonaws.ecs.mesos.internal.ecs;

import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one ECS call is made: it waits for a token of its {@link RateLimiter} bucket ({@code StopTask} ahead of
 * the rest), runs on an I/O thread (taken in the same order), and is retried after failures its
 * {@link Retry} rule allows, with {@link RetryPolicy}'s backoff. Every attempt is counted in the metrics.
 *
 * <p>Once closed, or for {@code StartTask} once launches are closed, nothing more is sent: calls still
 * waiting, and retries, fail with {@link NotSentException}, which tells the caller the call had no effect.
 */
final class EcsCalls {
  private static final Logger LOG = LoggerFactory.getLogger(EcsCalls.class);

  /** Which failures a call may be retried after. */
  enum Retry {
    /** The call changes nothing, or changes it idempotently: retry throttling, 5xx and no answer. */
    IDEMPOTENT,
    /** The call may act twice if repeated after an unknown outcome: retry only what ECS refused for rate. */
    ONLY_THROTTLED
  }

  private final ExecutorService io;
  private final ScheduledExecutorService timer;
  private final RateLimiter limiter;
  private final RetryPolicy retry;
  private final MetricsRecorder metrics;
  private volatile boolean closed;

  EcsCalls(ExecutorService io, ScheduledExecutorService timer, RateLimiter limiter, RetryPolicy retry,
      MetricsRecorder metrics) {
    this.io = io;
    this.timer = timer;
    this.limiter = limiter;
    this.retry = retry;
    this.metrics = metrics;
  }

  /**
   * A call handed to the I/O threads. With the queue of {@link #ioQueue()} they take FIRST calls before
   * NORMAL ones, in order within each: a StopTask that got its token is not left behind the burst of
   * StartTasks that got theirs a moment earlier and wait for a thread.
   */
  private static final class Call implements Runnable {
    private static final AtomicLong SEQ = new AtomicLong();
    final RateLimiter.Priority priority;
    final long seq = SEQ.incrementAndGet();
    final Runnable work;

    Call(RateLimiter.Priority priority, Runnable work) {
      this.priority = priority;
      this.work = work;
    }

    @Override
    public void run() {
      work.run();
    }
  }

  /** The work queue for the I/O threads: see {@link Call}; other work counts as NORMAL and goes first. */
  static BlockingQueue<Runnable> ioQueue() {
    return new PriorityBlockingQueue<>(64, (a, b) -> {
      RateLimiter.Priority pa = a instanceof Call ? ((Call) a).priority : RateLimiter.Priority.NORMAL;
      RateLimiter.Priority pb = b instanceof Call ? ((Call) b).priority : RateLimiter.Priority.NORMAL;
      if (pa != pb) {
        return pa.compareTo(pb);
      }
      return Long.compare(a instanceof Call ? ((Call) a).seq : 0, b instanceof Call ? ((Call) b).seq : 0);
    });
  }

  /** No StartTask is sent any more; those waiting for a token are dropped now. */
  /** Drops every waiting call that is no longer wanted (its launch gate closed). */
  void purge() {
    limiter.purge();
  }

  /** Nothing is sent any more; whatever waits is dropped now. */
  void close() {
    closed = true;
    limiter.purge();
  }

  <T> CompletableFuture<T> call(String action, Retry rule, Supplier<T> fn, int maxAttempts) {
    return call(action, rule, fn, maxAttempts, null);
  }

  /** @param gate the launching framework's gate (StartTask); null for calls no framework's stop cancels */
  <T> CompletableFuture<T> call(String action, Retry rule, Supplier<T> fn, int maxAttempts, LaunchGate gate) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(action, rule, fn, 1, maxAttempts, result, gate);
    return result;
  }

  private boolean unwanted(LaunchGate gate) {
    return closed || (gate != null && gate.closed());
  }

  private <T> void attempt(final String action, final Retry rule, final Supplier<T> fn, final int attempt,
      final int maxAttempts, final CompletableFuture<T> result, final LaunchGate gate) {
    if (unwanted(gate)) {
      result.completeExceptionally(new NotSentException("the driver is stopping; " + action + " not sent"));
      return;
    }
    // A RunTask sent again (its outcome was unknown) may have started its task already: it goes ahead of the
    // launches still waiting, so the framework hears of that task without waiting for the whole queue.
    final RateLimiter.Priority priority = "StopTask".equals(action) || (action.startsWith("RunTask") && attempt > 1)
        ? RateLimiter.Priority.FIRST : RateLimiter.Priority.NORMAL;
    limiter.acquire(action, priority, gate, new RateLimiter.Waiting() {
      @Override
      public boolean cancelled() {
        return unwanted(gate);
      }

      @Override
      public void send() {
        try {
          io.execute(new Call(priority, () -> {
            T value;
            try {
              value = fn.get();
            } catch (Throwable t) {
              failed(action, rule, fn, attempt, maxAttempts, result, t, gate);
              return;
            }
            metrics.call(action, MetricsRecorder.OK);
            result.complete(value);
          }));
        } catch (RejectedExecutionException e) {
          drop();
        }
      }

      @Override
      public void drop() {
        result.completeExceptionally(new NotSentException("the driver is stopping; " + action + " not sent"));
      }
    });
  }

  private <T> void failed(String action, Retry rule, Supplier<T> fn, int attempt, int maxAttempts,
      CompletableFuture<T> result, Throwable t, LaunchGate gate) {
    EcsErrors.Kind kind = EcsErrors.classify(t);
    metrics.call(action, kind.name().toLowerCase(java.util.Locale.ROOT));
    boolean retryable = kind == EcsErrors.Kind.THROTTLED
        || (rule == Retry.IDEMPOTENT && (kind == EcsErrors.Kind.SERVER_ERROR || kind == EcsErrors.Kind.NO_ANSWER));
    if (retryable && attempt < maxAttempts && !closed) {
      long delay = retry.delayMillis(attempt);
      LOG.debug("{} attempt {} failed ({}), retrying in {} ms", action, attempt, EcsErrors.describe(t), delay);
      metrics.retry();
      try {
        timer.schedule(() -> attempt(action, rule, fn, attempt + 1, maxAttempts, result, gate), delay,
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        result.completeExceptionally(new NotSentException("the driver has stopped; " + action + " not sent"));
      }
      return;
    }
    result.completeExceptionally(t instanceof EcsCallException ? t : new EcsCallException(action, kind, attempt, t));
  }
}
