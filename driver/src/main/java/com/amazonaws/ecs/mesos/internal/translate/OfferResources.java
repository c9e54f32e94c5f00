package com.amazonaws.ecs.mesos.internal.translate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;

/**
 * What a container instance can offer a Mesos framework: its resources, attributes and fault domain.
 *
 * <p>An offer is the instance's {@code remainingResources} minus what is already promised elsewhere
 * ({@link HeldResources}), in Mesos's vocabulary: {@code cpus} = CPU units / 1024, {@code mem} = MiB,
 * {@code ports} = the configured port range without the ports ECS reports in use, {@code disk} = a
 * configured amount (ECS does not account disk), {@code gpus} = number of free GPU IDs. Every resource is
 * unreserved and carries {@code allocation_info.role}, which MULTI_ROLE frameworks require. Resources with
 * nothing left are omitted, as Mesos never offers zero amounts.
 *
 * <p>Example: an instance with CPU 2048, MEMORY 3000, PORTS {22, 31000} and range 31000-32000 offers
 * {@code cpus:2; mem:3000; ports:[31001-32000]} plus the configured disk.
 */
public final class OfferResources {
  public static final String DEFAULT_ROLE = "*";
  public static final String AVAILABILITY_ZONE_ATTRIBUTE = "ecs.availability-zone";

  /** AWS region inside a zone name: us-east-1a, us-west-2-lax-1a (local zone), us-gov-west-1b. */
  private static final Pattern REGION_IN_ZONE = Pattern.compile("^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\\d+)");

  private OfferResources() {}

  /**
   * The resources to offer from {@code instance}.
   *
   * @param held what outstanding offers and in-flight launches on this instance already hold
   * @param portRange the ports this driver may hand out (Mesos's default is {@link PortRanges#MESOS_DEFAULT})
   * @param freeDiskMb the configured disk of the agent minus the disk of the tasks running on it
   * @param role the role the resources are allocated to ({@code "*"} by default)
   */
  public static List<Protos.Resource> resources(ContainerInstance instance, HeldResources held,
      PortRanges portRange, double freeDiskMb, String role) {
    List<Resource> remaining = instance.hasRemainingResources()
        ? instance.remainingResources() : Collections.<Resource>emptyList();
    List<Protos.Resource> out = new ArrayList<>(5);

    long cpuUnits = number(remaining, "CPU") - held.cpuUnits();
    if (cpuUnits > 0) {
      out.add(scalar("cpus", EcsUnits.cpus(cpuUnits), role));
    }
    long mem = number(remaining, "MEMORY") - held.memoryMib();
    if (mem > 0) {
      out.add(scalar("mem", mem, role));
    }
    double disk = freeDiskMb - held.diskMb();
    if (disk > 0) {
      out.add(scalar("disk", disk, role));
    }
    PortRanges ports = portRange.minus(usedPorts(remaining)).minus(held.ports());
    if (!ports.isEmpty()) {
      out.add(allocated(Protos.Resource.newBuilder()
          .setName("ports").setType(Protos.Value.Type.RANGES).setRanges(ports.toProto()), role));
    }
    long gpus = stringSet(remaining, "GPU").size() - held.gpus();
    if (gpus > 0) {
      out.add(scalar("gpus", gpus, role));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The instance's ECS attributes as Mesos TEXT attributes, for placement constraints (e.g. Marathon's
   * {@code ["ecs.availability-zone", "GROUP_BY"]}). ECS attributes without a value are flags ("this instance
   * has capability X"); they become TEXT {@code "true"} so constraints such as {@code LIKE "true"} can test
   * them, rather than being dropped.
   */
  public static List<Protos.Attribute> attributes(ContainerInstance instance) {
    if (!instance.hasAttributes()) {
      return Collections.emptyList();
    }
    List<Protos.Attribute> out = new ArrayList<>(instance.attributes().size());
    for (Attribute a : instance.attributes()) {
      if (a.name() == null || a.name().isEmpty()) {
        continue;
      }
      String value = a.value() == null || a.value().isEmpty() ? "true" : a.value();
      out.add(Protos.Attribute.newBuilder()
          .setName(a.name())
          .setType(Protos.Value.Type.TEXT)
          .setText(Protos.Value.Text.newBuilder().setValue(value))
          .build());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The fault domain of the instance: region and zone from {@code ecs.availability-zone}. The region is the
   * configured one when known (the driver talks to one region), else read from the zone name. Empty when
   * the zone is unknown, because Mesos's {@code FaultDomain} requires both.
   */
  public static Optional<Protos.DomainInfo> domain(ContainerInstance instance, String configuredRegion) {
    String zone = null;
    if (instance.hasAttributes()) {
      for (Attribute a : instance.attributes()) {
        if (AVAILABILITY_ZONE_ATTRIBUTE.equals(a.name()) && a.value() != null && !a.value().isEmpty()) {
          zone = a.value();
        }
      }
    }
    if (zone == null) {
      return Optional.empty();
    }
    String region = configuredRegion;
    if (region == null || region.isEmpty()) {
      Matcher m = REGION_IN_ZONE.matcher(zone);
      if (!m.find()) {
        return Optional.empty();
      }
      region = m.group(1);
    }
    return Optional.of(Protos.DomainInfo.newBuilder()
        .setFaultDomain(Protos.DomainInfo.FaultDomain.newBuilder()
            .setRegion(Protos.DomainInfo.FaultDomain.RegionInfo.newBuilder().setName(region))
            .setZone(Protos.DomainInfo.FaultDomain.ZoneInfo.newBuilder().setName(zone)))
        .build());
  }

  /** Assembles an offer; {@code domain} may be null when unknown. */
  public static Protos.Offer offer(Protos.OfferID id, Protos.FrameworkID frameworkId, Protos.SlaveID agentId,
      String hostname, List<Protos.Resource> resources, List<Protos.Attribute> attributes,
      Protos.DomainInfo domain, String role) {
    Protos.Offer.Builder offer = Protos.Offer.newBuilder()
        .setId(id)
        .setFrameworkId(frameworkId)
        .setSlaveId(agentId)
        .setHostname(hostname)
        .addAllResources(resources)
        .addAllAttributes(attributes)
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role));
    if (domain != null) {
      offer.setDomain(domain);
    }
    return offer.build();
  }

  private static Protos.Resource scalar(String name, double value, String role) {
    return allocated(Protos.Resource.newBuilder()
        .setName(name)
        .setType(Protos.Value.Type.SCALAR)
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)), role);
  }

  /**
   * Unreserved resource allocated to {@code role}. The deprecated {@code role} field says {@code "*"} as
   * Mesos 1.11 still writes it (JSON clients such as mesos-rxjava's examples compare it).
   */
  private static Protos.Resource allocated(Protos.Resource.Builder resource, String role) {
    return resource.setRole(DEFAULT_ROLE)
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role)).build();
  }

  private static long number(List<Resource> resources, String name) {
    for (Resource r : resources) {
      if (name.equals(r.name())) {
        if (r.integerValue() != null) {
          return r.integerValue();
        }
        if (r.longValue() != null) {
          return r.longValue();
        }
        if (r.doubleValue() != null) {
          return (long) Math.floor(r.doubleValue());
        }
      }
    }
    return 0;
  }

  private static List<String> stringSet(List<Resource> resources, String name) {
    for (Resource r : resources) {
      if (name.equals(r.name()) && r.hasStringSetValue()) {
        return r.stringSetValue();
      }
    }
    return Collections.emptyList();
  }

  /** ECS lists the TCP ports in use or reserved; entries that are not port numbers are ignored. */
  private static List<Long> usedPorts(List<Resource> resources) {
    List<String> raw = stringSet(resources, "PORTS");
    List<Long> ports = new ArrayList<>(raw.size());
    for (String s : raw) {
      try {
        ports.add(Long.parseLong(s.trim()));
      } catch (NumberFormatException ignored) {
        // Not a port: nothing to exclude.
      }
    }
    return ports;
  }
}
