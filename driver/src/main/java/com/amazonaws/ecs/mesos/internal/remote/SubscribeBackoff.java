package com.amazonaws.ecs.mesos.internal.remote;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * How long the driver waits before it subscribes again: a jittered delay between half and all of a backoff that
 * doubles from {@value #MIN_MILLIS} ms with each failed attempt, up to a cap, and starts over once subscribed.
 *
 * <p>One answer is the exception: {@code 503 Master has not finished recovery}, from a master just elected that is
 * reading the cluster before it serves (a Mesos master answers the same while it reads its registry). It will
 * serve within seconds, and the frameworks that found it in ZooKeeper at its election all ask at once; with the
 * grown backoff each would come back up to a second after it is ready, and its tasks' launches with it. While such
 * answers keep coming, for at most {@link #QUICK_RECOVERY_NANOS}, the delay stays at the smallest. Loop-confined.
 */
final class SubscribeBackoff {
  static final long MIN_MILLIS = 100;
  static final long MAX_MILLIS = 5_000;
  /**
   * With a {@code zk://} master (each attempt first asks ZooKeeper who leads) or a list of masters (each attempt
   * asks the next one), an attempt is cheap: trying every second finds a new leader about as soon as it is
   * elected, as libmesos's watch of the nodes does.
   */
  static final long LEADER_MAX_MILLIS = 1_000;
  /** How long a recovering master is asked again at the smallest delay; a longer recovery gets the backoff. */
  static final long QUICK_RECOVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final long maxMillis;
  private final Random random;
  private long backoffMillis = MIN_MILLIS;
  /** When the answers saying the master is recovering began; 0 when the last answer was another. */
  private long recoveringSinceNanos;

  /** @param seeksLeader the leader is sought among several masters (ZooKeeper, or a list) */
  SubscribeBackoff(boolean seeksLeader, Random random) {
    this.maxMillis = seeksLeader ? LEADER_MAX_MILLIS : MAX_MILLIS;
    this.random = random;
  }

  /** Subscribed: the next failure starts from the smallest delay. */
  void subscribed() {
    backoffMillis = MIN_MILLIS;
    recoveringSinceNanos = 0;
  }

  /** The delay before the next attempt after one that failed; {@code recovering}: answered 503, still recovering. */
  long next(boolean recovering, long nowNanos) {
    if (!recovering) {
      recoveringSinceNanos = 0;
    } else if (recoveringSinceNanos == 0) {
      recoveringSinceNanos = nowNanos;
    }
    if (recovering && nowNanos - recoveringSinceNanos < QUICK_RECOVERY_NANOS) {
      backoffMillis = MIN_MILLIS;
    }
    long delay = backoffMillis / 2 + (long) (random.nextDouble() * (backoffMillis / 2));
    backoffMillis = Math.min(maxMillis, backoffMillis * 2);
    return delay;
  }

  /** Whether a 503's message is Mesos's "the master has not finished recovery". */
  static boolean recovering(int status, String message) {
    return status == 503 && message != null && message.contains("not finished recovery");
  }
}
