package com.amazonaws.ecs.mesos.internal.loop;

import java.time.Clock;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs commands (posted from any thread) and timers (set from the loop itself) one at a
 * time, in order. Whatever runs here may touch driver state without locks; nothing slow may run here.
 *
 * <p>Timers read the injected {@link Clock}. With a real clock the loop sleeps exactly until the next
 * timer; it also wakes at least every {@value #MAX_WAIT_MILLIS} ms, so a test's manual clock that jumps
 * forward fires due timers promptly.
 */
public final class DriverLoop {
  private static final Logger LOG = LoggerFactory.getLogger(DriverLoop.class);
  static final long MAX_WAIT_MILLIS = 50;

  private final Clock clock;
  private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final Thread thread;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final BiConsumer<String, Throwable> onBug;
  private long timerSeq;
  private volatile boolean shutdown;

  /** A timer that can be cancelled before it fires. */
  public static final class Timer implements Comparable<Timer> {
    final long dueMillis;
    final long seq;
    final Runnable action;
    boolean cancelled;

    Timer(long dueMillis, long seq, Runnable action) {
      this.dueMillis = dueMillis;
      this.seq = seq;
      this.action = action;
    }

    /** Loop thread only. */
    public void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(dueMillis, o.dueMillis);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /**
   * @param onBug called (on the loop) when a command throws: a driver bug, since callbacks guard themselves
   */
  public DriverLoop(String name, Clock clock, BiConsumer<String, Throwable> onBug) {
    this.clock = clock;
    this.onBug = onBug;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Current time of the driver's clock in epoch milliseconds. */
  public long nowMillis() {
    return clock.millis();
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Whether the loop's thread has started and not yet ended. */
  boolean running() {
    return thread.isAlive();
  }

  String name() {
    return thread.getName();
  }

  /**
   * Fails (with assertions enabled, as in tests) when called off the loop's thread while it runs: for the
   * state only the loop may touch. See {@link LoopConfinement}.
   */
  public void confined(String what) {
    LoopConfinement.check(this, what);
  }

  /** Commands posted and not yet run. Any thread. */
  public int queueDepth() {
    return commands.size();
  }

  /** Runs {@code command} on the loop, after the commands posted before it. Any thread. */
  public void post(Runnable command) {
    if (!shutdown) {
      commands.add(command);
    }
  }

  /** Runs {@code action} on the loop after {@code delayMillis} of the driver's clock. Loop thread only. */
  public Timer schedule(long delayMillis, Runnable action) {
    Timer timer = new Timer(clock.millis() + Math.max(0, delayMillis), ++timerSeq, action);
    timers.add(timer);
    return timer;
  }

  /** Posts {@code handler} to the loop once {@code future} completes (value or failure). Any thread. */
  public <T> void whenDone(CompletableFuture<T> future, final BiConsumer<T, Throwable> handler) {
    future.whenComplete((value, error) -> post(() -> handler.accept(value, error)));
  }

  /** Ends the loop after the current command; pending commands and timers are dropped. Any thread. */
  public void shutdown() {
    shutdown = true;
    commands.add(() -> { });
  }

  /** Waits until the loop thread has ended; true if it did within the time. */
  public boolean awaitTermination(long millis) throws InterruptedException {
    return terminated.await(millis, TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      while (!shutdown) {
        runDueTimers();
        if (shutdown) {
          break;
        }
        Timer next = timers.peek();
        long wait = next == null ? MAX_WAIT_MILLIS : Math.min(MAX_WAIT_MILLIS, next.dueMillis - clock.millis());
        Runnable command = wait <= 0 ? commands.poll() : commands.poll(wait, TimeUnit.MILLISECONDS);
        if (command != null && !shutdown) {
          runSafely("command", command);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      commands.clear();
      timers.clear();
      terminated.countDown();
    }
  }

  private void runDueTimers() {
    long now = clock.millis();
    while (!shutdown) {
      Timer t = timers.peek();
      if (t == null || t.dueMillis > now) {
        return;
      }
      timers.poll();
      if (!t.cancelled) {
        runSafely("timer", t.action);
      }
    }
  }

  private void runSafely(String what, Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      LOG.error("Driver {} failed: {}", what, t.toString(), t);
      onBug.accept(what, t);
    }
  }
}
