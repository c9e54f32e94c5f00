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
                // Alternating starts: even.
                Arguments.of(Map.of("a", List.of(1L, 3L, 5L, 7L), "b", List.of(2L, 4L, 6L, 8L)), 0.0),
                // b starts late; from its first start (5) to a's last (7): a 2, b 2: even, a's head start aside.
                Arguments.of(Map.of("a", List.of(1L, 2L, 3L, 4L, 6L, 7L), "b", List.of(5L, 7L, 9L, 10L)), 0.0),
                // While both compete (1..8), a gets 4 and b 2: a third off an even 3.
                Arguments.of(Map.of("a", List.of(1L, 2L, 3L, 8L), "b", List.of(1L, 8L, 9L)), 100.0 / 3),
                // Three frameworks in 1..4: a 4, b 1, c 1 against 2 each: 100 %.
                Arguments.of(Map.of("a", List.of(1L, 2L, 3L, 4L), "b", List.of(1L, 9L), "c", List.of(1L, 8L)), 100.0),
                // No stretch where all compete: a finished before b began.
                Arguments.of(Map.of("a", List.of(1L, 2L), "b", List.of(3L, 4L)), Double.NaN),
                // One framework, or none.
                Arguments.of(Map.of("a", List.of(1L, 2L)), Double.NaN),
                Arguments.of(Map.of(), Double.NaN));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void largestDeviationFromAnEvenShareWhileAllCompete(Map<String, List<Long>> starts, double percent) {
        double measured = Fairness.maxDeviationPercentWhileAllCompete(starts);
        if (Double.isNaN(percent)) {
            assertThat(measured).isNaN();
        } else {
            assertThat(measured).isCloseTo(percent, within(1e-9));
        }
    }
}
