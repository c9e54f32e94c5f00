package com.amazonaws.ecs.mesos.internal.translate;

/**
 * Conversions between Mesos scalars (doubles) and the integers ECS reserves.
 *
 * <p>Offers, launch validation, the {@code StartTask} overrides and the accounting of in-flight launches
 * must all round the same way, or ECS would reserve a different amount than the driver subtracted from the
 * next offer. Rounding is up: ECS reserves at least what the framework asked for, and because offered cpus
 * are whole CPU units ({@code units / 1024}, exact in binary), a task that fits an offer in Mesos terms
 * never rounds up past it. Example: 0.1 cpus → 103 units; 128.5 mem → 129 MiB.
 */
public final class EcsUnits {
  /** ECS counts 1024 CPU units per vCPU. */
  public static final int CPU_UNITS_PER_CPU = 1024;

  private EcsUnits() {}

  /** ECS CPU units for a Mesos cpus amount, rounded up. */
  public static long cpuUnits(double cpus) {
    return (long) Math.ceil(cpus * CPU_UNITS_PER_CPU - 1e-9);
  }

  /** Mesos cpus for ECS CPU units. */
  public static double cpus(long units) {
    return (double) units / CPU_UNITS_PER_CPU;
  }

  /** Whole MiB for a Mesos mem amount, rounded up. */
  public static long memoryMib(double mem) {
    return (long) Math.ceil(mem - 1e-9);
  }
}
