package com.amazonaws.ecs.mesos.internal.loop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The check that loop-owned state (the books of tasks, agents and offers) is touched only on its loop's
 * thread. A slip (reading the TaskBook on an I/O thread while the loop changes it) corrupts state silently
 * and only under load, so it must fail loudly in tests: with assertions enabled (as in every test run) a
 * touch from another thread while the loop runs is recorded here and throws an {@link AssertionError}. A
 * test harness asserts {@link #violations()} is empty, because an error thrown on an I/O thread may be
 * swallowed by the future it runs in. Without assertions (production) the check costs one field read.
 */
public final class LoopConfinement {
  private static final boolean ENABLED = LoopConfinement.class.desiredAssertionStatus();
  private static final List<String> VIOLATIONS = Collections.synchronizedList(new ArrayList<String>());

  private LoopConfinement() {}

  /** Fails unless called on {@code loop}'s thread, or while that thread is not running (set-up, after the end). */
  static void check(DriverLoop loop, String what) {
    if (!ENABLED || loop.inLoop() || !loop.running()) {
      return;
    }
    String violation = what + " touched on thread '" + Thread.currentThread().getName() + "', not on its loop '"
        + loop.name() + "'";
    VIOLATIONS.add(violation);
    throw new AssertionError(violation);
  }

  /** Every violation recorded in this JVM since the last {@link #reset()}. */
  public static List<String> violations() {
    synchronized (VIOLATIONS) {
      return new ArrayList<>(VIOLATIONS);
    }
  }

  public static void reset() {
    VIOLATIONS.clear();
  }
}
