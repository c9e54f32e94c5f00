package com.amazonaws.ecs.mesos.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FargateSizesTest {

  @ParameterizedTest(name = "{0} units, {1} MiB -> {2} units, {3} MiB")
  @CsvSource({
      "0, 0, 256, 512",
      "1, 1, 256, 512",
      "256, 512, 256, 512",
      "256, 513, 256, 1024",
      "256, 2048, 256, 2048",
      "256, 2049, 512, 3072",
      "307, 600, 512, 1024",
      "512, 4096, 512, 4096",
      "512, 4097, 1024, 5120",
      "1024, 1024, 1024, 2048",
      "1025, 2048, 2048, 4096",
      "2048, 16385, 4096, 17408",
      "4096, 30721, 8192, 32768",
      "8192, 16384, 8192, 16384",
      "8192, 61441, 16384, 65536",
      "16384, 122880, 16384, 122880",
      "100, 9000, 2048, 9216",
  })
  void roundsUpToTheSmallestValidSize(long cpu, long mem, long expectedCpu, long expectedMem) {
    FargateSizes.Size s = FargateSizes.roundUp(cpu, mem);
    assertThat(s.cpuUnits()).isEqualTo(expectedCpu);
    assertThat(s.memoryMib()).isEqualTo(expectedMem);
  }

  @ParameterizedTest
  @CsvSource({"16385, 1024", "1024, 122881"})
  void largerThanFargateIsAnError(long cpu, long mem) {
    assertThatThrownBy(() -> FargateSizes.roundUp(cpu, mem)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("largest Fargate task is 16 vCPU and 120 GiB");
  }

  @org.junit.jupiter.api.Test
  void describesItself() {
    assertThat(FargateSizes.roundUp(300, 600)).hasToString("0.5 vCPU / 1024 MiB");
  }
}
