package com.amazonaws.ecs.mesos.internal.offers;

import com.amazonaws.ecs.mesos.internal.translate.EcsArns;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;

/** One container instance as the driver knows it: its latest description and what was told about it. */
public final class Agent {
  private final String id;
  private final Protos.SlaveID slaveId;
  private ContainerInstance instance;
  private String hostname;
  private Long disconnectedSinceMillis;
  private boolean reportedLost;
  private boolean stale;
  /** Where the tasks of a Fargate agent run; null for a container instance. */
  private com.amazonaws.ecs.mesos.internal.ecs.FargatePlacement fargate;

  Agent(ContainerInstance instance) {
    this.id = EcsArns.containerInstanceId(instance.containerInstanceArn());
    this.slaveId = Protos.SlaveID.newBuilder().setValue(id).build();
    this.instance = instance;
  }

  /**
   * Where the tasks of a Fargate agent run (one per availability zone of the configured subnets, described by
   * the driver itself); null for an EC2 container instance.
   */
  public com.amazonaws.ecs.mesos.internal.ecs.FargatePlacement fargate() {
    return fargate;
  }

  void fargate(com.amazonaws.ecs.mesos.internal.ecs.FargatePlacement placement) {
    this.fargate = placement;
  }

  /** The Mesos agent ID: the container instance ID. */
  public String id() {
    return id;
  }

  public Protos.SlaveID slaveId() {
    return slaveId;
  }

  public String arn() {
    return instance.containerInstanceArn();
  }

  public ContainerInstance instance() {
    return instance;
  }

  void update(ContainerInstance latest) {
    this.instance = latest;
  }

  public String ec2InstanceId() {
    return instance.ec2InstanceId();
  }

  /** Null until resolved (EC2 private DNS name, or the instance ID when that is not available). */
  public String hostname() {
    return hostname;
  }

  public void hostname(String name) {
    this.hostname = name;
  }

  public boolean active() {
    return "ACTIVE".equals(instance.status());
  }

  public boolean connected() {
    return Boolean.TRUE.equals(instance.agentConnected());
  }

  /**
   * Whether new offers may be made from it: ACTIVE, agent connected, hostname known, and its description
   * not proven stale by a StartTask ECS refused for resources.
   */
  public boolean offerable() {
    return active() && connected() && hostname != null && !stale;
  }

  void stale(boolean isStale) {
    this.stale = isStale;
  }

  Long disconnectedSinceMillis() {
    return disconnectedSinceMillis;
  }

  void disconnectedSinceMillis(Long since) {
    this.disconnectedSinceMillis = since;
  }

  /** Whether {@code slaveLost} was sent for its current disconnection. */
  boolean reportedLost() {
    return reportedLost;
  }

  void reportedLost(boolean reported) {
    this.reportedLost = reported;
  }

  @Override
  public String toString() {
    return id + " (" + instance.status() + (connected() ? "" : ", disconnected") + ")";
  }
}
