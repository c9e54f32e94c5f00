package com.amazonaws.ecs.mesos.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencyHistogramTest {

  @ParameterizedTest(name = "{0} ms falls in a bucket starting at {1}")
  @CsvSource({
      "0, 0", "1, 1", "15, 15", "16, 16", "17, 17", "31, 31", "32, 32", "33, 32", "34, 34",
      "100, 100", "1000, 992", "2047, 1984", "2048, 2048", "60000, 59392"})
  void bucketsAreExactBelowSixteenThenWithinOneSixteenth(long value, long lowerBound) {
    int i = LatencyHistogram.index(value);
    assertThat(LatencyHistogram.lowerBound(i)).isEqualTo(lowerBound);
    assertThat(value - LatencyHistogram.lowerBound(i)).isLessThanOrEqualTo(Math.max(0, value / 16));
    assertThat(LatencyHistogram.lowerBound(i + 1)).isGreaterThan(value);
  }

  @Test
  void quantilesOfAKnownDistribution() {
    LatencyHistogram h = new LatencyHistogram();
    for (int v = 1; v <= 1000; v++) {
      h.record(v);
    }
    long[] counts = h.counts();
    assertThat(LatencyHistogram.quantile(counts, 0.5)).isCloseTo(500, within(500 / 16.0));
    assertThat(LatencyHistogram.quantile(counts, 0.99)).isCloseTo(990, within(990 / 16.0));
    assertThat(LatencyHistogram.quantile(counts, 0.0)).isEqualTo(1);
    assertThat(LatencyHistogram.quantile(counts, 1.0)).isCloseTo(1000, within(1000 / 16.0));
  }

  @Test
  void emptyIsMinusOneAndNegativeValuesCountAsZero() {
    LatencyHistogram h = new LatencyHistogram();
    assertThat(LatencyHistogram.quantile(h.counts(), 0.5)).isEqualTo(-1);
    h.record(-250);
    assertThat(LatencyHistogram.quantile(h.counts(), 0.5)).isEqualTo(0);
  }

  @Test
  void hugeValuesLandInTheLastBucket() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(Long.MAX_VALUE);
    assertThat(LatencyHistogram.quantile(h.counts(), 1.0)).isPositive();
  }
}
