package com.amazonaws.ecs.mesos.internal.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of millisecond values in log-linear buckets: exact below 16 ms, then 16 buckets per power of two
 * (a quantile is off by at most 1/16 of its value). Fixed size, lock-free, so recording costs the same at
 * 10 tasks and at 10 million.
 */
public final class LatencyHistogram {
  private static final int SUB_BITS = 4;
  private static final int SUB = 1 << SUB_BITS;
  /** Buckets up to 2^40 ms (35 years): values beyond count in the last one. */
  private static final int BUCKETS = SUB + (40 - SUB_BITS) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  /** Records one value; negative values (clocks that disagree) count as 0. */
  public void record(long millis) {
    counts.incrementAndGet(index(Math.max(0, millis)));
  }

  static int index(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int exp = 63 - Long.numberOfLeadingZeros(v);
    int sub = (int) (v >>> (exp - SUB_BITS)) & (SUB - 1);
    int i = SUB + (exp - SUB_BITS) * SUB + sub;
    return Math.min(i, BUCKETS - 1);
  }

  /** The smallest value that falls into bucket {@code i}. */
  static long lowerBound(int i) {
    if (i < SUB) {
      return i;
    }
    int exp = (i - SUB) / SUB + SUB_BITS;
    long sub = (i - SUB) % SUB;
    return (1L << exp) | (sub << (exp - SUB_BITS));
  }

  /** A consistent-enough copy for reading (each bucket is read once). */
  public long[] counts() {
    long[] out = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      out[i] = counts.get(i);
    }
    return out;
  }

  /**
   * The value at quantile {@code q} (0..1) of the given counts: the middle of the bucket holding it, or -1
   * when nothing was recorded.
   */
  public static double quantile(long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        long lo = lowerBound(i);
        long hi = i + 1 < counts.length ? lowerBound(i + 1) : lo;
        return hi - lo <= 1 ? lo : (lo + hi - 1) / 2.0;
      }
    }
    return lowerBound(counts.length - 1);
  }
}
