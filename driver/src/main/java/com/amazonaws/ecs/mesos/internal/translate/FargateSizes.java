package com.amazonaws.ecs.mesos.internal.translate;

/**
 * Fargate's task sizes: a task asks for any CPU and memory, Fargate runs (and bills, and counts against the
 * account's vCPU quota) the smallest valid size that holds both.
 *
 * <p>Valid sizes (CPU units → memory MiB): 256 → 512, 1024, 2048; 512 → 1024–4096 in 1024 steps; 1024 →
 * 2048–8192 in 1024 steps; 2048 → 4096–16384 in 1024 steps; 4096 → 8192–30720 in 1024 steps; 8192 →
 * 16384–61440 in 4096 steps; 16384 → 32768–122880 in 8192 steps.
 *
 * <p>Example: 0.3 cpus and 600 MiB → 512 units and 1024 MiB, the cheapest size at or above both.
 */
public final class FargateSizes {
  /** The largest task Fargate runs: 16 vCPU. */
  public static final long MAX_CPU_UNITS = 16384;
  /** The largest task Fargate runs: 120 GiB. */
  public static final long MAX_MEMORY_MIB = 122880;
  private static final long[][] SIZES = {
      // cpu units, smallest memory, largest memory, memory step
      {256, 512, 2048, 512},
      {512, 1024, 4096, 1024},
      {1024, 2048, 8192, 1024},
      {2048, 4096, 16384, 1024},
      {4096, 8192, 30720, 1024},
      {8192, 16384, 61440, 4096},
      {16384, 32768, 122880, 8192},
  };

  private FargateSizes() {}

  /** A Fargate task size. */
  public static final class Size {
    private final long cpuUnits;
    private final long memoryMib;

    Size(long cpuUnits, long memoryMib) {
      this.cpuUnits = cpuUnits;
      this.memoryMib = memoryMib;
    }

    public long cpuUnits() {
      return cpuUnits;
    }

    public long memoryMib() {
      return memoryMib;
    }

    /** "0.5 vCPU / 1024 MiB". */
    @Override
    public String toString() {
      return EcsUnits.cpus(cpuUnits) + " vCPU / " + memoryMib + " MiB";
    }
  }

  /**
   * The smallest valid size holding {@code cpuUnits} and {@code memoryMib}; the sum of CPU and memory is what
   * decides between two candidates (a 2 vCPU / 4 GiB task is smaller than a 1 vCPU / 8 GiB one).
   *
   * @throws IllegalArgumentException for a task larger than 16 vCPU or 120 GiB, with a message for a TASK_ERROR
   */
  public static Size roundUp(long cpuUnits, long memoryMib) {
    if (cpuUnits > MAX_CPU_UNITS || memoryMib > MAX_MEMORY_MIB) {
      throw new IllegalArgumentException("Task needs " + EcsUnits.cpus(cpuUnits) + " cpus and " + memoryMib
          + " MiB; the largest Fargate task is 16 vCPU and 120 GiB (122880 MiB)");
    }
    Size best = null;
    for (long[] row : SIZES) {
      if (row[0] < cpuUnits) {
        continue;
      }
      long memory = Math.max(row[1], memoryMib);
      if (memory > row[2]) {
        continue;
      }
      long steps = (memory - row[1] + row[3] - 1) / row[3];
      memory = row[1] + steps * row[3];
      Size candidate = new Size(row[0], memory);
      if (best == null || weight(candidate) < weight(best)) {
        best = candidate;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("No Fargate task size holds " + EcsUnits.cpus(cpuUnits) + " cpus and "
          + memoryMib + " MiB");
    }
    return best;
  }

  /** Fargate's price ratio, roughly: one vCPU costs about as much as 9 GiB. */
  private static double weight(Size s) {
    return s.cpuUnits / 1024.0 * 9 + s.memoryMib / 1024.0;
  }
}
