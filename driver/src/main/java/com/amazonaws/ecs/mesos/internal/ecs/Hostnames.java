package com.amazonaws.ecs.mesos.internal.ecs;

import java.util.Collection;
import java.util.Map;

/**
 * Where agents' hostnames come from: the EC2 private DNS names of the instances behind container instances.
 * Calls block; the gateway runs them on its I/O threads.
 */
public interface Hostnames extends AutoCloseable {

  /** Private DNS names by EC2 instance ID; instances without a name are left out. */
  Map<String, String> privateDnsNames(Collection<String> ec2InstanceIds);

  /**
   * The availability zone of each subnet ({@code DescribeSubnets}), for Fargate's agents; subnets EC2 does not
   * know are left out.
   */
  default Map<String, String> subnetZones(Collection<String> subnetIds) {
    return java.util.Collections.emptyMap();
  }

  @Override
  void close();
}
