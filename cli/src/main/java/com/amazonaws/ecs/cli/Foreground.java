package com.amazonaws.ecs.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A server command's life once it serves ({@code ecs-mesos local}, {@code ecs-mesos master}): it runs until
 * {@link #stop()} or Ctrl-C, then closes what it started exactly once, from whichever came first.
 */
public final class Foreground {
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable close;

    /** @param close closes what the command started; runs once, on stop or on Ctrl-C */
    public Foreground(Runnable close) {
        this.close = close;
    }

    /** Blocks until {@link #stop()} or the JVM's shutdown, and closes. */
    public void serve(String hookThreadName) throws InterruptedException {
        Thread hook = new Thread(this::shutDown, hookThreadName);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopRequested.await();
        } finally {
            shutDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down (Ctrl-C): the hook has done its work.
            }
        }
    }

    /** Asks {@link #serve} to close and return. */
    public void stop() {
        stopRequested.countDown();
    }

    private void shutDown() {
        if (closed.compareAndSet(false, true)) {
            close.run();
        }
        stopRequested.countDown();
    }
}
