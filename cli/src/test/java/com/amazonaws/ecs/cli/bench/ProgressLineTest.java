package com.amazonaws.ecs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2.0   | 0    | 0   | 0   | 1000 | 0    | 1.5   | 0  | 0.0   | bench    2.0 s  launched 0/1000  started 0  running 0  finished 0  ECS 1.5 calls/s  throttled 0  driver CPU 0.0%",
        "36.04 | 1000 | 170 | 830 | 1000 | 1000 | 4.0   | 10 | 6.25  | bench   36.0 s  launched 1000/1000  started 1000  running 170  finished 830  ECS 4.0 calls/s  throttled 10  driver CPU 6.3%",
        "1234.56 | 5  | 1   | 2   | 9    | 4    | 12.34 | 3  | 104.0 | bench 1234.6 s  launched 5/9  started 4  running 1  finished 2  ECS 12.3 calls/s  throttled 3  driver CPU 104.0%",
    })
    void render(double elapsed, int launched, int running, int finished, int tasks, int started, double rate,
            long throttled, double cpuPercent, String line) {
        assertThat(ProgressLine.render(elapsed, new BenchFramework.Progress(launched, running, finished, 0), tasks,
                started, rate, throttled, cpuPercent)).isEqualTo(line);
    }
}
