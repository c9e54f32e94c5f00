package com.amazonaws.ecs.mesos.internal.translate;

import java.util.List;
import org.apache.mesos.Protos;

/**
 * Resources of one agent already promised elsewhere: outstanding offers and launches ECS has not yet
 * subtracted from the container instance's {@code remainingResources}.
 *
 * <p>ECS only learns of a reservation when {@code StartTask} lands, so without this the same CPU would be
 * offered twice between a launch and the next describe. Amounts are kept in ECS units (CPU units, MiB) so
 * the subtraction matches what ECS itself will subtract. Immutable; combine with {@link #plus}.
 *
 * <p>Example: {@code HeldResources.of(offer.getResourcesList()).plus(HeldResources.of(task.getResourcesList()))}.
 */
public final class HeldResources {
  public static final HeldResources NONE = new HeldResources(0, 0, 0.0, 0, PortRanges.EMPTY);

  private final long cpuUnits;
  private final long memoryMib;
  private final double diskMb;
  private final long gpus;
  private final PortRanges ports;

  private HeldResources(long cpuUnits, long memoryMib, double diskMb, long gpus, PortRanges ports) {
    this.cpuUnits = cpuUnits;
    this.memoryMib = memoryMib;
    this.diskMb = diskMb;
    this.gpus = gpus;
    this.ports = ports;
  }

  /** Resources in ECS units. */
  public static HeldResources of(long cpuUnits, long memoryMib, double diskMb, long gpus, PortRanges ports) {
    return new HeldResources(cpuUnits, memoryMib, diskMb, gpus, ports);
  }

  /** What a list of Mesos resources (an offer's, or a task's) holds, rounded up to ECS units. */
  public static HeldResources of(List<Protos.Resource> resources) {
    double cpus = 0;
    double mem = 0;
    double disk = 0;
    double gpus = 0;
    PortRanges ports = PortRanges.EMPTY;
    for (Protos.Resource r : resources) {
      if (r.getType() == Protos.Value.Type.RANGES && "ports".equals(r.getName())) {
        ports = ports.union(PortRanges.fromProto(r.getRanges()));
      } else if (r.getType() == Protos.Value.Type.SCALAR) {
        double v = r.getScalar().getValue();
        switch (r.getName()) {
          case "cpus": cpus += v; break;
          case "mem": mem += v; break;
          case "disk": disk += v; break;
          case "gpus": gpus += v; break;
          default: break;
        }
      }
    }
    return new HeldResources(EcsUnits.cpuUnits(cpus), EcsUnits.memoryMib(mem), disk, (long) Math.ceil(gpus), ports);
  }

  public HeldResources plus(HeldResources other) {
    return new HeldResources(cpuUnits + other.cpuUnits, memoryMib + other.memoryMib, diskMb + other.diskMb,
        gpus + other.gpus, ports.union(other.ports));
  }

  /** What is left of these resources once {@code used} is taken from them (never below zero). */
  public HeldResources minus(HeldResources used) {
    return new HeldResources(Math.max(0, cpuUnits - used.cpuUnits), Math.max(0, memoryMib - used.memoryMib),
        Math.max(0.0, diskMb - used.diskMb), Math.max(0, gpus - used.gpus), ports.minus(used.ports));
  }

  /** Whether nothing at all is held. */
  public boolean isEmpty() {
    return cpuUnits == 0 && memoryMib == 0 && diskMb < 1e-9 && gpus == 0 && ports.isEmpty();
  }

  public long cpuUnits() {
    return cpuUnits;
  }

  public long memoryMib() {
    return memoryMib;
  }

  public double diskMb() {
    return diskMb;
  }

  public long gpus() {
    return gpus;
  }

  public PortRanges ports() {
    return ports;
  }

  @Override
  public String toString() {
    return "HeldResources{cpuUnits=" + cpuUnits + ", memoryMib=" + memoryMib + ", diskMb=" + diskMb
        + ", gpus=" + gpus + ", ports=" + ports + '}';
  }
}
