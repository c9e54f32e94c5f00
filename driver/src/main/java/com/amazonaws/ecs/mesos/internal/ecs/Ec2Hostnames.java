package com.amazonaws.ecs.mesos.internal.ecs;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * {@link Hostnames} from EC2 {@code DescribeInstances}. Only this class touches the EC2 SDK, which is an
 * optional dependency: it is loaded only when {@link #available()} says the SDK is on the classpath.
 */
public final class Ec2Hostnames implements Hostnames {
  private final Ec2Client ec2;
  private final boolean owned;
  private final AwsRequestOverrideConfiguration overrides;

  private Ec2Hostnames(Ec2Client ec2, boolean owned, AwsRequestOverrideConfiguration overrides) {
    this.ec2 = ec2;
    this.owned = owned;
    this.overrides = overrides;
  }

  /** Whether the EC2 SDK is on the classpath. */
  public static boolean available() {
    try {
      Class.forName("software.amazon.awssdk.services.ec2.Ec2Client", false, Ec2Hostnames.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Wraps a client the user gave (an {@code Ec2Client}, typed {@code Object} so callers need not load the
   * EC2 SDK), which the driver never closes.
   */
  public static Hostnames of(Object ec2Client, AwsRequestOverrideConfiguration overrides) {
    return new Ec2Hostnames((Ec2Client) ec2Client, false, overrides);
  }

  /** Builds a client with the SDK's default credentials for {@code region}; the driver closes it. */
  public static Hostnames create(String region, java.net.URI endpoint, AwsRequestOverrideConfiguration overrides) {
    software.amazon.awssdk.services.ec2.Ec2ClientBuilder builder = Ec2Client.builder();
    if (region != null) {
      builder.region(software.amazon.awssdk.regions.Region.of(region));
    }
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return new Ec2Hostnames(builder.build(), true, overrides);
  }

  @Override
  public Map<String, String> privateDnsNames(Collection<String> ec2InstanceIds) {
    DescribeInstancesResponse response = ec2.describeInstances(r -> r.instanceIds(ec2InstanceIds)
        .overrideConfiguration(overrides));
    Map<String, String> names = new LinkedHashMap<>();
    for (Reservation reservation : response.reservations()) {
      for (Instance instance : reservation.instances()) {
        String dns = instance.privateDnsName();
        if (dns != null && !dns.isEmpty()) {
          names.put(instance.instanceId(), dns);
        }
      }
    }
    return names;
  }

  @Override
  public Map<String, String> subnetZones(Collection<String> subnetIds) {
    software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse response = ec2.describeSubnets(r -> r
        .subnetIds(subnetIds).overrideConfiguration(overrides));
    Map<String, String> zones = new LinkedHashMap<>();
    for (software.amazon.awssdk.services.ec2.model.Subnet subnet : response.subnets()) {
      if (subnet.availabilityZone() != null) {
        zones.put(subnet.subnetId(), subnet.availabilityZone());
      }
    }
    return zones;
  }

  @Override
  public void close() {
    if (owned) {
      ec2.close();
    }
  }
}
