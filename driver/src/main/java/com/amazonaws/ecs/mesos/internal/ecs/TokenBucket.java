package com.amazonaws.ecs.mesos.internal.ecs;

/**
 * One of ECS's request token buckets: {@code burst} tokens, refilled at {@code perSecond}. A call takes a
 * token when one is there; otherwise it waits (in {@link RateLimiter}'s queue, never on a thread) for as
 * long as {@link #nanosUntilToken} says.
 *
 * <p>Time is passed in (nanoseconds, any origin) so tests need no sleeping. Thread-safe.
 */
public final class TokenBucket {
  /** Rounding slack: a token refilled to 0.9999999 by floating point is a whole one. */
  private static final double EPSILON = 1e-9;

  private final double burst;
  private final double perNano;
  private double tokens;
  private long last;

  public TokenBucket(int burst, double perSecond, long nowNanos) {
    if (burst < 1 || !(perSecond > 0)) {
      throw new IllegalArgumentException("burst must be >= 1 and rate > 0, got " + burst + ", " + perSecond);
    }
    this.burst = burst;
    this.perNano = perSecond / 1_000_000_000d;
    this.tokens = burst;
    this.last = nowNanos;
  }

  /** Takes one token if one is available now. */
  public synchronized boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens + EPSILON < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Nanoseconds until a whole token is available (0: now). */
  public synchronized long nanosUntilToken(long nowNanos) {
    refill(nowNanos);
    return tokens + EPSILON >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
  }

  private void refill(long nowNanos) {
    if (nowNanos > last) {
      tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
      last = nowNanos;
    }
  }
}
