package com.amazonaws.ecs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FairnessTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // Alternating starts: at half (4 of 8 started) each has 2: even.
                Arguments.of(Map.of("a", List.of(1L, 3L, 5L, 7L), "b", List.of(2L, 4L, 6L, 8L)), 0.0),
                // a got all of the first half: 4 against a fair 2, 100 % off.
                Arguments.of(Map.of("a", List.of(1L, 2L, 3L, 4L), "b", List.of(5L, 6L, 7L, 8L)), 100.0),
                // Three frameworks, 6 of 12 started at half: 3, 2, 1 against 2 each: 50 %.
                Arguments.of(Map.of("a", List.of(1L, 2L, 3L, 20L), "b", List.of(4L, 5L, 21L, 22L),
                        "c", List.of(6L, 23L, 24L, 25L)), 50.0),
                // One framework, or none: nothing to compare.
                Arguments.of(Map.of("a", List.of(1L, 2L)), 0.0),
                Arguments.of(Map.of(), 0.0),
                // Ties at the half-way instant count for everyone who started then.
                Arguments.of(Map.of("a", List.of(5L, 5L), "b", List.of(5L, 9L)), 100.0 / 3));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void largestDeviationFromAnEvenShareAtHalfTime(Map<String, List<Long>> starts, double percent) {
        assertThat(Fairness.maxDeviationPercentAtHalf(starts)).isCloseTo(percent, within(1e-9));
    }
}
