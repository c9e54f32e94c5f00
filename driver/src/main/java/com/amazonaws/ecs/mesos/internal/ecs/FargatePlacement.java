package com.amazonaws.ecs.mesos.internal.ecs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;

/**
 * Where a Fargate agent's tasks run: its availability zone's subnets, the security groups, whether they get a
 * public IP, and the capacity provider (FARGATE or FARGATE_SPOT).
 */
public final class FargatePlacement {
  /** A Fargate agent's ID is this and its zone: {@code fargate-us-east-1a}. */
  public static final String AGENT_PREFIX = "fargate-";

  private final String zone;
  private final List<String> subnets;
  private final List<String> securityGroups;
  private final boolean assignPublicIp;
  private final String capacityProvider;

  public FargatePlacement(String zone, List<String> subnets, List<String> securityGroups, boolean assignPublicIp,
      String capacityProvider) {
    this.zone = zone;
    this.subnets = Collections.unmodifiableList(new ArrayList<>(subnets));
    this.securityGroups = Collections.unmodifiableList(new ArrayList<>(securityGroups));
    this.assignPublicIp = assignPublicIp;
    this.capacityProvider = capacityProvider;
  }

  /** The availability zone, or the subnet ID when EC2 could not say which zone it is in. */
  public String zone() {
    return zone;
  }

  public List<String> subnets() {
    return subnets;
  }

  public String capacityProvider() {
    return capacityProvider;
  }

  /**
   * The RunTask for {@code start}'s launch: the same task definition, overrides, tags and {@code startedBy}, one
   * task on the capacity provider, in the zone's subnets.
   */
  public RunTaskRequest request(StartTaskRequest start, String clientToken) {
    AwsVpcConfiguration.Builder vpc = AwsVpcConfiguration.builder().subnets(subnets)
        .assignPublicIp(assignPublicIp ? AssignPublicIp.ENABLED : AssignPublicIp.DISABLED);
    if (!securityGroups.isEmpty()) {
      vpc.securityGroups(securityGroups);
    }
    return PinnedRunTask.sameLaunch(start, clientToken)
        .capacityProviderStrategy(CapacityProviderStrategyItem.builder().capacityProvider(capacityProvider)
            .weight(1).build())
        .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(vpc.build()).build())
        .build();
  }

  @Override
  public String toString() {
    return capacityProvider + " in " + zone + " " + subnets;
  }
}
