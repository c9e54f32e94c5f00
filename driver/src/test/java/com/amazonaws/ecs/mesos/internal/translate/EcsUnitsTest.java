package com.amazonaws.ecs.mesos.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcsUnitsTest {

  @ParameterizedTest(name = "{0} cpus -> {1} units")
  @CsvSource({
      "1.0, 1024",
      "0.5, 512",
      "0.25, 256",
      "0.1, 103",          // rounds up: ECS reserves at least what was asked
      "2.0009765625, 2049", // exactly 2049/1024
      "0.0, 0",
      "0.30000000000000004, 308",
      "4, 4096",
  })
  void cpuUnitsRoundUp(double cpus, long units) {
    assertThat(EcsUnits.cpuUnits(cpus)).isEqualTo(units);
  }

  @ParameterizedTest(name = "{0} units -> {1} cpus")
  @CsvSource({"1024, 1.0", "512, 0.5", "1, 0.0009765625", "3000, 2.9296875", "0, 0.0"})
  void cpusFromUnitsIsExact(long units, double cpus) {
    assertThat(EcsUnits.cpus(units)).isEqualTo(cpus);
    assertThat(EcsUnits.cpuUnits(EcsUnits.cpus(units))).isEqualTo(units);
  }

  @ParameterizedTest(name = "{0} mem -> {1} MiB")
  @CsvSource({"128, 128", "128.5, 129", "0.1, 1", "0, 0", "1024.0000000001, 1024"})
  void memoryRoundsUpToWholeMib(double mem, long mib) {
    assertThat(EcsUnits.memoryMib(mem)).isEqualTo(mib);
  }
}
