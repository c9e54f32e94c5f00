package com.amazonaws.ecs.mesos.internal.translate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.apache.mesos.Protos;

/**
 * An immutable set of ports kept as minimal, sorted, non-adjacent ranges.
 *
 * <p>Mesos offers ports as {@code Value.Ranges} while ECS reports the ports in use as a set of strings;
 * offers, validation and accounting all need set arithmetic between the two. Keeping the ranges normalized
 * means {@code [31000-31004, 31005-31010]} and {@code [31000-31010]} are equal and offers stay small.
 *
 * <p>Example: {@code PortRanges.parse("31000-32000").minus(Arrays.asList(31000L, 31500L))} is
 * {@code [31001-31499, 31501-32000]}.
 */
public final class PortRanges {
  public static final PortRanges EMPTY = new PortRanges(new long[0]);
  /** Mesos agents offer 31000-32000 by default; frameworks such as Marathon expect ports there. */
  public static final PortRanges MESOS_DEFAULT = of(31000, 32000);

  /** begin0, end0, begin1, end1, ...: sorted, each end ≥ begin, next begin > end + 1. */
  private final long[] bounds;

  private PortRanges(long[] normalizedBounds) {
    this.bounds = normalizedBounds;
  }

  /** One inclusive range. */
  public static PortRanges of(long begin, long end) {
    return normalize(new long[] {begin, end});
  }

  /** Parses {@code "31000-32000,40000,40010-40020"} (whitespace ignored). */
  public static PortRanges parse(String spec) {
    String trimmed = spec.replaceAll("\\s", "");
    if (trimmed.isEmpty()) {
      return EMPTY;
    }
    String[] parts = trimmed.split(",");
    long[] raw = new long[parts.length * 2];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      int dash = part.indexOf('-', 1);
      try {
        raw[2 * i] = Long.parseLong(dash < 0 ? part : part.substring(0, dash));
        raw[2 * i + 1] = Long.parseLong(dash < 0 ? part : part.substring(dash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Not a port range: '" + part + "' in '" + spec + "'", e);
      }
    }
    return normalize(raw);
  }

  /** The given ports (any order, duplicates allowed). */
  public static PortRanges ofPorts(Collection<Long> ports) {
    long[] raw = new long[ports.size() * 2];
    int i = 0;
    for (Long port : ports) {
      raw[i++] = port;
      raw[i++] = port;
    }
    return normalize(raw);
  }

  public static PortRanges fromProto(Protos.Value.Ranges ranges) {
    long[] raw = new long[ranges.getRangeCount() * 2];
    for (int i = 0; i < ranges.getRangeCount(); i++) {
      raw[2 * i] = ranges.getRange(i).getBegin();
      raw[2 * i + 1] = ranges.getRange(i).getEnd();
    }
    return normalize(raw);
  }

  public Protos.Value.Ranges toProto() {
    Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
    for (int i = 0; i < bounds.length; i += 2) {
      ranges.addRange(Protos.Value.Range.newBuilder().setBegin(bounds[i]).setEnd(bounds[i + 1]));
    }
    return ranges.build();
  }

  public PortRanges union(PortRanges other) {
    long[] raw = Arrays.copyOf(bounds, bounds.length + other.bounds.length);
    System.arraycopy(other.bounds, 0, raw, bounds.length, other.bounds.length);
    return normalize(raw);
  }

  /** These ports without the given ones. */
  public PortRanges minus(PortRanges other) {
    List<Long> out = new ArrayList<>();
    int j = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      long begin = bounds[i];
      long end = bounds[i + 1];
      while (j < other.bounds.length && other.bounds[j + 1] < begin) {
        j += 2;
      }
      int k = j;
      while (begin <= end && k < other.bounds.length && other.bounds[k] <= end) {
        if (other.bounds[k] > begin) {
          out.add(begin);
          out.add(other.bounds[k] - 1);
        }
        begin = Math.max(begin, other.bounds[k + 1] + 1);
        k += 2;
      }
      if (begin <= end) {
        out.add(begin);
        out.add(end);
      }
    }
    long[] result = new long[out.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = out.get(i);
    }
    return new PortRanges(result);
  }

  public PortRanges minus(Collection<Long> ports) {
    return minus(ofPorts(ports));
  }

  public boolean contains(long port) {
    int lo = 0;
    int hi = bounds.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (port < bounds[2 * mid]) {
        hi = mid - 1;
      } else if (port > bounds[2 * mid + 1]) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  public boolean containsAll(PortRanges other) {
    return other.minus(this).isEmpty();
  }

  public boolean isEmpty() {
    return bounds.length == 0;
  }

  /** Number of ports. */
  public long size() {
    long n = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      n += bounds[i + 1] - bounds[i] + 1;
    }
    return n;
  }

  /** Number of ranges: 1 for {@code [31000-32000]}. */
  public int rangeCount() {
    return bounds.length / 2;
  }

  /** Every port, in order; meant for messages about a few ports, not for whole offers. */
  public List<Long> ports() {
    List<Long> ports = new ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      for (long p = bounds[i]; p <= bounds[i + 1]; p++) {
        ports.add(p);
      }
    }
    return Collections.unmodifiableList(ports);
  }

  private static PortRanges normalize(long[] raw) {
    int n = raw.length / 2;
    long[][] pairs = new long[n][];
    for (int i = 0; i < n; i++) {
      if (raw[2 * i] > raw[2 * i + 1]) {
        throw new IllegalArgumentException("Port range begins after it ends: " + raw[2 * i] + "-" + raw[2 * i + 1]);
      }
      if (raw[2 * i] < 0) {
        throw new IllegalArgumentException("Negative port: " + raw[2 * i]);
      }
      pairs[i] = new long[] {raw[2 * i], raw[2 * i + 1]};
    }
    Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
    long[] out = new long[raw.length];
    int size = 0;
    for (long[] pair : pairs) {
      if (size > 0 && pair[0] <= out[size - 1] + 1) {
        out[size - 1] = Math.max(out[size - 1], pair[1]);
      } else {
        out[size++] = pair[0];
        out[size++] = pair[1];
      }
    }
    return new PortRanges(Arrays.copyOf(out, size));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PortRanges && Arrays.equals(bounds, ((PortRanges) o).bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  /** {@code 31000-31004,31006}: what {@link #parse} reads back. */
  public String spec() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < bounds.length; i += 2) {
      if (i > 0) {
        s.append(',');
      }
      s.append(bounds[i]);
      if (bounds[i + 1] != bounds[i]) {
        s.append('-').append(bounds[i + 1]);
      }
    }
    return s.toString();
  }

  /** {@code [31000-31004, 31006, 31008-32000]}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < bounds.length; i += 2) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(bounds[i]);
      if (bounds[i + 1] != bounds[i]) {
        s.append('-').append(bounds[i + 1]);
      }
    }
    return s.append(']').toString();
  }
}
