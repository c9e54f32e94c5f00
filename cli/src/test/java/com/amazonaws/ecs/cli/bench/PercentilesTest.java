package com.amazonaws.ecs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PercentilesTest {

    @ParameterizedTest(name = "p{1} of [{0}] = {2}")
    @CsvSource(delimiter = '|', value = {
        "7                          | 50  | 7",
        "7                          | 99  | 7",
        "1 2                        | 50  | 1",
        "1 2                        | 51  | 2",
        "3 1 2                      | 50  | 2",
        "1 2 3 4                    | 50  | 2",
        "1 2 3 4                    | 75  | 3",
        "1 2 3 4                    | 100 | 4",
        "10 20 30 40 50 60 70 80 90 100 | 99 | 100",
        "10 20 30 40 50 60 70 80 90 100 | 90 | 90",
        "10 20 30 40 50 60 70 80 90 100 | 10 | 10",
        "-5 0 5                     | 50  | 0",
        "2.5 0.5 1.5                | 99  | 2.5",
    })
    void nearestRank(String values, double p, double expected) {
        double[] v = Arrays.stream(values.trim().split(" +")).mapToDouble(Double::parseDouble).toArray();
        double[] before = v.clone();

        assertThat(Percentiles.of(v, p)).isEqualTo(expected);
        assertThat(v).as("input untouched").containsExactly(before);
    }

    @ParameterizedTest
    @ValueSource(doubles = {50, 99})
    void noValuesHaveNoPercentile(double p) {
        assertThat(Percentiles.of(new double[0], p)).isNaN();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, 100.5, Double.NaN})
    void percentilesOutsideZeroToHundredAreRejected(double p) {
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, p)).isInstanceOf(IllegalArgumentException.class);
    }
}
