package com.amazonaws.ecs.mesos.internal.cluster;

import com.amazonaws.ecs.mesos.internal.config.FargateSettings;
import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.FargatePlacement;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.translate.OfferResources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;

/**
 * The cluster's Fargate capacity as Mesos agents: one per availability zone of the configured subnets (EC2's
 * {@code DescribeSubnets} says which; a subnet it cannot place is an agent of its own), each offering an equal
 * share of the vCPU ceiling and 8 GiB per vCPU of it. The driver describes them itself: their resources are
 * the share, and what its Fargate tasks take is held against them for as long as the tasks live (ECS accounts
 * for no instance). Attributes: {@code ecs.availability-zone}, {@code ecs.capacity-provider} (FARGATE or
 * FARGATE_SPOT), {@code ecs.launch-type} FARGATE, {@code ecs.os-type} linux; the hostname
 * {@code fargate-ZONE} names the pool, not a host.
 */
final class FargatePool {
  private static final Logger LOG = LoggerFactory.getLogger(FargatePool.class);
  static final String AGENT_PREFIX = FargatePlacement.AGENT_PREFIX;

  private FargatePool() {}

  /** Describes the subnets and adds the agents; then runs {@code then} on the loop, whatever EC2 answered. */
  static void start(final FargateSettings settings, EcsGateway gateway, final DriverLoop loop,
      final AgentBook agents, final String clusterArn, final Runnable then) {
    loop.whenDone(gateway.ec2().subnetZones(settings.subnets()), (zones, error) -> {
      if (error != null) {
        LOG.warn("Cannot learn the availability zones of subnets {} from EC2 ({}); one Fargate agent per subnet",
            settings.subnets(), EcsErrors.describe(error));
      }
      for (ContainerInstance ci : instances(settings, zones == null ? Collections.<String, String>emptyMap() : zones,
          clusterArn)) {
        String zone = attribute(ci, OfferResources.AVAILABILITY_ZONE_ATTRIBUTE);
        List<String> subnets = new ArrayList<>();
        for (String subnet : settings.subnets()) {
          String z = zones == null ? null : zones.get(subnet);
          if (zone.equals(z == null ? subnet : z)) {
            subnets.add(subnet);
          }
        }
        FargatePlacement placement = new FargatePlacement(zone, subnets, settings.securityGroups(),
            settings.assignPublicIp(), settings.capacityProvider());
        agents.addFargate(ci, AGENT_PREFIX + zone, placement);
        LOG.info("Fargate agent {}: {}", AGENT_PREFIX + zone, placement);
      }
      then.run();
    });
  }

  /** The agents' descriptions: one per zone, each with an equal share of the ceiling. */
  static List<ContainerInstance> instances(FargateSettings settings, Map<String, String> zoneBySubnet,
      String clusterArn) {
    Map<String, Boolean> zones = new LinkedHashMap<>();
    for (String subnet : settings.subnets()) {
      String zone = zoneBySubnet.get(subnet);
      zones.put(zone == null ? subnet : zone, Boolean.TRUE);
    }
    int cpus = settings.cpus() != null ? settings.cpus() : FargateSettings.DEFAULT_CPUS;
    long cpuUnits = cpus * 1024L / zones.size();
    long memoryMib = cpuUnits / 1024 * FargateSettings.MIB_PER_CPU;
    List<ContainerInstance> out = new ArrayList<>();
    for (String zone : zones.keySet()) {
      List<Resource> resources = new ArrayList<>();
      resources.add(Resource.builder().name("CPU").type("INTEGER").integerValue((int) cpuUnits).build());
      resources.add(Resource.builder().name("MEMORY").type("INTEGER").integerValue((int) memoryMib).build());
      resources.add(Resource.builder().name("PORTS").type("STRINGSET").stringSetValue(
          Collections.<String>emptyList()).build());
      List<Attribute> attributes = new ArrayList<>();
      attributes.add(attr(OfferResources.AVAILABILITY_ZONE_ATTRIBUTE, zone));
      attributes.add(attr("ecs.capacity-provider", settings.capacityProvider()));
      attributes.add(attr("ecs.launch-type", "FARGATE"));
      attributes.add(attr("ecs.os-type", "linux"));
      out.add(ContainerInstance.builder()
          .containerInstanceArn(arn(clusterArn, AGENT_PREFIX + zone))
          .status("ACTIVE")
          .agentConnected(true)
          .registeredResources(resources)
          .remainingResources(resources)
          .attributes(attributes)
          .build());
    }
    return out;
  }

  /** arn:aws:ecs:R:A:cluster/C → arn:aws:ecs:R:A:container-instance/C/ID. */
  static String arn(String clusterArn, String id) {
    int slash = clusterArn == null ? -1 : clusterArn.indexOf(":cluster/");
    if (slash < 0) {
      return "arn:aws:ecs:::container-instance/" + id;
    }
    return clusterArn.substring(0, slash) + ":container-instance/"
        + clusterArn.substring(slash + ":cluster/".length()) + "/" + id;
  }

  private static Attribute attr(String name, String value) {
    return Attribute.builder().name(name).value(value).build();
  }

  private static String attribute(ContainerInstance ci, String name) {
    for (Attribute a : ci.attributes()) {
      if (name.equals(a.name())) {
        return a.value();
      }
    }
    return "";
  }
}
