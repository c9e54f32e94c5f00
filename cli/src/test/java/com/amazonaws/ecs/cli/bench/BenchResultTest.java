package com.amazonaws.ecs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BenchResultTest {

    static Stream<Arguments> results() {
        return Stream.of(
                Arguments.of(new BenchResult(1000, 1000, 0, 0, 1159, 10, 44.63, 1160.4, 2620.5, 8.354, 36, 40.04, 0, 1.0, 3.5, null, 1.714), true,
                        "RESULT tasks=1000 finished=1000 lost=0 duplicates=0 api_calls=1159 api_calls_per_task=1.16 "
                                + "throttled=10 launch_per_s=44.6 status_p50_ms=1160 status_p99_ms=2621 "
                                + "driver_cpu_s=8.35 heap_mb=36 wall_s=40.0 refused=0 offer_use_p50_ms=1 "
                                + "offer_use_p99_ms=4 reads_per_s=1.71"),
                Arguments.of(new BenchResult(3, 1, 2, 0, 10, 0, 0, Double.NaN, Double.NaN, 0, 5, 120.0, 0, -1, -1, null, Double.NaN), false,
                        "RESULT tasks=3 finished=1 lost=2 duplicates=0 api_calls=10 api_calls_per_task=3.33 "
                                + "throttled=0 launch_per_s=0.0 status_p50_ms=nan status_p99_ms=nan "
                                + "driver_cpu_s=0.00 heap_mb=5 wall_s=120.0 refused=0 offer_use_p50_ms=nan "
                                + "offer_use_p99_ms=nan reads_per_s=nan"),
                Arguments.of(new BenchResult(40, 40, 0, 1, 54, 0, 50.44, -3.2, 2308, 1.425, 21, 5.55, 0, 0, 0, null, 18.5), false,
                        "RESULT tasks=40 finished=40 lost=0 duplicates=1 api_calls=54 api_calls_per_task=1.35 "
                                + "throttled=0 launch_per_s=50.4 status_p50_ms=-3 status_p99_ms=2308 "
                                + "driver_cpu_s=1.43 heap_mb=21 wall_s=5.6 refused=0 offer_use_p50_ms=0 "
                                + "offer_use_p99_ms=0 reads_per_s=18.50"),
                Arguments.of(new BenchResult(7, 7, 0, 0, 2, 0, 1.0, 0.4, 0.6, 0.004, 0, 0.04, 2, 12, 40,
                        new BenchResult.Master(10, 2.14, 12.4, Double.NaN), 0.0), false,
                        "RESULT tasks=7 finished=7 lost=0 duplicates=0 api_calls=2 api_calls_per_task=0.29 "
                                + "throttled=0 launch_per_s=1.0 status_p50_ms=0 status_p99_ms=1 "
                                + "driver_cpu_s=0.00 heap_mb=0 wall_s=0.0 refused=2 offer_use_p50_ms=12 "
                                + "offer_use_p99_ms=40 frameworks=10 fairness_max_dev_pct=2.1 master_cpu_s=12.40 "
                                + "master_cpu_steady_pct=nan reads_per_s=0.00"));
    }

    @ParameterizedTest
    @MethodSource("results")
    void resultLine(BenchResult result, boolean ok, String line) {
        assertThat(result.line()).isEqualTo(line);
        assertThat(result.ok()).isEqualTo(ok);
    }
}
