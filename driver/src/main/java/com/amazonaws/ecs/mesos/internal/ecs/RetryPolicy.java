package com.amazonaws.ecs.mesos.internal.ecs;

import java.util.Random;

/**
 * How the gateway retries: at most {@code maxAttempts} attempts, waiting a random time between 0 and
 * {@code min(maxDelay, baseDelay * 2^retry)} before each retry ("full jitter"), so that many retrying
 * calls spread out instead of hitting ECS together again.
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final long baseDelayMillis;
  private final long maxDelayMillis;
  private final Random random;

  public RetryPolicy(int maxAttempts, long baseDelayMillis, long maxDelayMillis, Random random) {
    if (maxAttempts < 1 || baseDelayMillis < 0 || maxDelayMillis < baseDelayMillis) {
      throw new IllegalArgumentException("bad retry policy: attempts " + maxAttempts + ", delays " + baseDelayMillis
          + ".." + maxDelayMillis + " ms");
    }
    this.maxAttempts = maxAttempts;
    this.baseDelayMillis = baseDelayMillis;
    this.maxDelayMillis = maxDelayMillis;
    this.random = random;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** Whether a call that failed {@code attempt} times (1-based) may try again. */
  public boolean mayRetry(int attempt) {
    return attempt < maxAttempts;
  }

  /** The delay before the retry that follows failed attempt number {@code attempt} (1-based). */
  public long delayMillis(int attempt) {
    long ceiling = baseDelayMillis << Math.min(attempt - 1, 30);
    if (ceiling <= 0 || ceiling > maxDelayMillis) {
      ceiling = maxDelayMillis;
    }
    synchronized (random) {
      return ceiling == 0 ? 0 : (long) (random.nextDouble() * ceiling);
    }
  }
}
