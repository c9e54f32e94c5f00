package com.amazonaws.ecs.local.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The task sizes Fargate runs, at the edges of each CPU's memory range. */
class FargateSizesTest {
    @ParameterizedTest(name = "{0} CPU, {1} MiB: {2}")
    @CsvSource({
        "256, 512, true", "256, 1024, true", "256, 2048, true", "256, 1536, false", "256, 3072, false",
        "512, 1024, true", "512, 4096, true", "512, 512, false", "512, 5120, false", "512, 1536, false",
        "1024, 2048, true", "1024, 8192, true", "1024, 1024, false", "1024, 9216, false",
        "2048, 4096, true", "2048, 16384, true", "2048, 17408, false",
        "4096, 8192, true", "4096, 30720, true", "4096, 31744, false", "4096, 7168, false",
        "8192, 16384, true", "8192, 20480, true", "8192, 61440, true", "8192, 17408, false", "8192, 65536, false",
        "16384, 32768, true", "16384, 40960, true", "16384, 122880, true", "16384, 36864, false",
        "16384, 131072, false", "128, 512, false", "3072, 8192, false",
    })
    void fargateRunsOnlyItsSizes(int cpu, int memory, boolean valid) {
        assertThat(FargateSizes.valid(cpu, memory)).isEqualTo(valid);
    }
}
