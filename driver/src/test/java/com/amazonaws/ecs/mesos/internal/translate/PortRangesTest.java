package com.amazonaws.ecs.mesos.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PortRangesTest {

  @ParameterizedTest(name = "parse({0}) = {1}")
  @CsvSource(delimiter = '|', value = {
      "31000-32000                 | [31000-32000]",
      "31000-31004,31005-31010     | [31000-31010]",   // adjacent ranges merge
      "31005-31010,31000-31004     | [31000-31010]",   // order does not matter
      "31000-31010,31005-31020     | [31000-31020]",   // overlapping merge
      "31000-31000                 | [31000]",
      "80, 443, 8080-8081          | [80, 443, 8080-8081]",
      "1-2,4-5                     | [1-2, 4-5]",     // a gap of one port stays
      "'  '                        | []",
  })
  void parsesAndNormalizes(String spec, String expected) {
    assertThat(PortRanges.parse(spec).toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "32000-31000", "31000-", "-5"})
  void rejectsMalformedSpecs(String spec) {
    assertThatThrownBy(() -> PortRanges.parse(spec)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} minus {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      "31000-32000 | 22,2375,2376,51678,51679 | [31000-32000]",      // agent's reserved ports are outside
      "31000-32000 | 31000                    | [31001-32000]",      // lower boundary
      "31000-32000 | 32000                    | [31000-31999]",      // upper boundary
      "31000-32000 | 31500                    | [31000-31499, 31501-32000]",
      "31000-32000 | 31500,31501,31502        | [31000-31499, 31503-32000]",
      "31000-31002 | 31000,31001,31002        | []",
      "31000-31005,31010-31015 | 31005,31010  | [31000-31004, 31011-31015]",
      "31000-31005,31010-31015 | 30999,31016  | [31000-31005, 31010-31015]",
      "1-10        | 1,10,5                   | [2-4, 6-9]",
  })
  void minusPorts(String ranges, String ports, String expected) {
    List<Long> used = Arrays.stream(ports.split(",")).map(String::trim).map(Long::valueOf).collect(Collectors.toList());
    assertThat(PortRanges.parse(ranges).minus(used).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} minus {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      "31000-32000 | 31000-32000 | []",
      "31000-32000 | 30000-40000 | []",
      "31000-32000 | 31100-31199,31300-31399 | [31000-31099, 31200-31299, 31400-32000]",
      "31000-31010,31020-31030 | 31005-31025 | [31000-31004, 31026-31030]",
      "31000-31010 | 40000-40010 | [31000-31010]",
  })
  void minusRanges(String a, String b, String expected) {
    assertThat(PortRanges.parse(a).minus(PortRanges.parse(b)).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "'31000-31010,31020-31030', 31000, true",
      "'31000-31010,31020-31030', 31010, true",
      "'31000-31010,31020-31030', 31015, false",
      "'31000-31010,31020-31030', 31030, true",
      "'31000-31010,31020-31030', 31031, false",
      "'31000-31010,31020-31030', 30999, false",
  })
  void contains(String ranges, long port, boolean expected) {
    assertThat(PortRanges.parse(ranges).contains(port)).isEqualTo(expected);
  }

  @Test
  void protoRoundTripNormalizes() {
    Protos.Value.Ranges proto = Protos.Value.Ranges.newBuilder()
        .addRange(Protos.Value.Range.newBuilder().setBegin(31005).setEnd(31010))
        .addRange(Protos.Value.Range.newBuilder().setBegin(31000).setEnd(31004))
        .build();
    PortRanges ranges = PortRanges.fromProto(proto);
    assertThat(ranges.rangeCount()).isEqualTo(1);
    assertThat(ranges.size()).isEqualTo(11);
    assertThat(ranges.toProto().getRange(0).getBegin()).isEqualTo(31000);
    assertThat(ranges.toProto().getRange(0).getEnd()).isEqualTo(31010);
    assertThat(PortRanges.fromProto(ranges.toProto())).isEqualTo(ranges);
  }

  @Test
  void unionAndContainsAll() {
    PortRanges a = PortRanges.parse("31000-31010");
    PortRanges b = PortRanges.parse("31011-31020,31050");
    assertThat(a.union(b).toString()).isEqualTo("[31000-31020, 31050]");
    assertThat(a.union(b).containsAll(PortRanges.parse("31005-31015"))).isTrue();
    assertThat(a.containsAll(PortRanges.parse("31005-31015"))).isFalse();
    assertThat(a.containsAll(PortRanges.EMPTY)).isTrue();
    assertThat(PortRanges.parse("80,82").ports()).containsExactly(80L, 82L);
  }
}
