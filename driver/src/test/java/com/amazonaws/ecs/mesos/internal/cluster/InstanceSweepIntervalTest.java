package com.amazonaws.ecs.mesos.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceSweepIntervalTest {

  /** A full sweep costs one list and one describe call per 100 instances, at 2 reads per second. */
  @ParameterizedTest(name = "{0} instances, offer interval {1} ms: full sweep every {2} ms")
  @CsvSource({
      "0, 1000, 1000",
      "1, 1000, 1000",
      "100, 1000, 1000",
      "101, 1000, 2000",
      "500, 1000, 5000",
      "1000, 1000, 10000",
      "1000, 50, 10000",
      "5000, 1000, 50000",
      "10, 30000, 30000"})
  void slowsDownWithClusterSizeButNeverBelowTheOfferInterval(int instances, long offerMillis, long expected) {
    assertThat(AgentSweeps.adaptiveSweepIntervalMillis(instances, offerMillis)).isEqualTo(expected);
  }
}
