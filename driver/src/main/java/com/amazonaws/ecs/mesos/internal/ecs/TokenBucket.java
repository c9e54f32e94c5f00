package com.amazonaws.ecs.mesos.internal.ecs;

/**
 * A token bucket that hands out reservations: a caller takes a token now and learns how long to wait
 * before using it, so waiting never blocks a thread (the gateway schedules the call instead).
 *
 * <p>Tokens go negative while callers queue; each reservation waits for its own token to refill. Time is
 * passed in (nanoseconds, any origin) so tests need no sleeping. Thread-safe.
 */
public final class TokenBucket {
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

  /** Takes one token and returns the nanoseconds to wait before it may be used (0: at once). */
  public synchronized long reserve(long nowNanos) {
    if (nowNanos > last) {
      tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
      last = nowNanos;
    }
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
  }
}
