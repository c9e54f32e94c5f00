package com.amazonaws.ecs.mesos.internal.ecs;

/**
 * The launches of one framework. Once its gate is closed (the framework stops), none of its StartTasks that
 * wait for a token or a retry leaves any more; other frameworks on the same gateway launch on. Any thread.
 */
public final class LaunchGate {
  private volatile boolean closed;

  public boolean closed() {
    return closed;
  }

  void close() {
    closed = true;
  }
}
