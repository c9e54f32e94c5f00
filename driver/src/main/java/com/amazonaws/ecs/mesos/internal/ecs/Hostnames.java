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

  @Override
  void close();
}
