package com.amazonaws.ecs.mesos.internal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether and how the driver offers the cluster's Fargate capacity, resolved from the builder, else the master
 * string ({@code ecs://C?fargate=on&subnets=subnet-a,subnet-b&securityGroups=sg-1&assignPublicIp=on&spot=on
 * &fargateCpus=N}), else the environment ({@code AWS_ECS_FARGATE_SUBNETS}, which alone turns Fargate on for
 * unmodified frameworks, {@code AWS_ECS_FARGATE_SECURITY_GROUPS}, {@code AWS_ECS_FARGATE_ASSIGN_PUBLIC_IP},
 * {@code AWS_ECS_FARGATE_SPOT}, {@code AWS_ECS_FARGATE_CPUS}).
 *
 * <p>Fargate needs at least one subnet (awsvpc networking); without security groups ECS uses the VPC's default
 * one. The vCPU ceiling (the room the Fargate agents offer, all zones together) is the configured one, else
 * the account's Fargate vCPU quota when Service Quotas can be read, else {@value #DEFAULT_CPUS}; memory is
 * offered up to {@value #MIB_PER_CPU} MiB per vCPU, Fargate's largest ratio.
 */
public final class FargateSettings {
  public static final String ENV_SUBNETS = "AWS_ECS_FARGATE_SUBNETS";
  public static final String ENV_SECURITY_GROUPS = "AWS_ECS_FARGATE_SECURITY_GROUPS";
  public static final String ENV_ASSIGN_PUBLIC_IP = "AWS_ECS_FARGATE_ASSIGN_PUBLIC_IP";
  public static final String ENV_SPOT = "AWS_ECS_FARGATE_SPOT";
  public static final String ENV_CPUS = "AWS_ECS_FARGATE_CPUS";
  /** The ceiling when none is configured and Service Quotas cannot be read. */
  public static final int DEFAULT_CPUS = 64;
  public static final long MIB_PER_CPU = 8192;
  /** Off: the cluster's Fargate capacity is not offered. */
  public static final FargateSettings OFF = new FargateSettings(false, Collections.<String>emptyList(),
      Collections.<String>emptyList(), false, false, null);

  private final boolean enabled;
  private final List<String> subnets;
  private final List<String> securityGroups;
  private final boolean assignPublicIp;
  private final boolean spot;
  private final Integer cpus;

  public FargateSettings(boolean enabled, List<String> subnets, List<String> securityGroups, boolean assignPublicIp,
      boolean spot, Integer cpus) {
    this.enabled = enabled;
    this.subnets = Collections.unmodifiableList(new ArrayList<>(subnets));
    this.securityGroups = Collections.unmodifiableList(new ArrayList<>(securityGroups));
    this.assignPublicIp = assignPublicIp;
    this.spot = spot;
    this.cpus = cpus;
  }

  /**
   * The settings: {@code builder} when given, else the master string's parameters, else the environment.
   *
   * @throws IllegalArgumentException for Fargate turned on without a subnet, or a value that cannot be read
   */
  public static FargateSettings resolve(FargateSettings builder, Map<String, String> fromMaster,
      Map<String, String> env) {
    FargateSettings s;
    if (builder != null) {
      s = builder;
    } else if (fromMaster != null && (fromMaster.containsKey("fargate") || fromMaster.containsKey("subnets"))) {
      s = new FargateSettings(flag("fargate", fromMaster.containsKey("fargate") ? fromMaster.get("fargate") : "on"),
          list(fromMaster.get("subnets")), list(fromMaster.get("securityGroups")),
          flag("assignPublicIp", fromMaster.get("assignPublicIp")), flag("spot", fromMaster.get("spot")),
          count("fargateCpus", fromMaster.get("fargateCpus")));
    } else if (env.get(ENV_SUBNETS) != null && !env.get(ENV_SUBNETS).trim().isEmpty()) {
      s = new FargateSettings(true, list(env.get(ENV_SUBNETS)), list(env.get(ENV_SECURITY_GROUPS)),
          flag(ENV_ASSIGN_PUBLIC_IP, env.get(ENV_ASSIGN_PUBLIC_IP)), flag(ENV_SPOT, env.get(ENV_SPOT)),
          count(ENV_CPUS, env.get(ENV_CPUS)));
    } else {
      return OFF;
    }
    if (s.enabled && s.subnets.isEmpty()) {
      throw new IllegalArgumentException("Fargate needs at least one subnet for its tasks' network interfaces: "
          + "give subnets=subnet-a,subnet-b in the master string, fargateSubnets(..) to the builder, or "
          + ENV_SUBNETS);
    }
    return s;
  }

  static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(",")) {
        if (!part.trim().isEmpty()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  static boolean flag(String name, String value) {
    if (value == null || value.trim().isEmpty()) {
      return false;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("on") || v.equals("true") || v.equals("enabled") || v.equals("yes") || v.equals("1")) {
      return true;
    }
    if (v.equals("off") || v.equals("false") || v.equals("disabled") || v.equals("no") || v.equals("0")) {
      return false;
    }
    throw new IllegalArgumentException(name + "=" + value + " is neither on nor off");
  }

  static Integer count(String name, String value) {
    if (value == null || value.trim().isEmpty()) {
      return null;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new IllegalArgumentException(name + "=" + value + " is not a positive number of vCPUs");
  }

  /** The same settings with a vCPU ceiling (the account's quota, once read). */
  public FargateSettings withCpus(int ceiling) {
    return new FargateSettings(enabled, subnets, securityGroups, assignPublicIp, spot, ceiling);
  }

  public boolean enabled() {
    return enabled;
  }

  public List<String> subnets() {
    return subnets;
  }

  public List<String> securityGroups() {
    return securityGroups;
  }

  public boolean assignPublicIp() {
    return assignPublicIp;
  }

  /** Whether tasks run on FARGATE_SPOT (interruptible, cheaper) rather than FARGATE. */
  public boolean spot() {
    return spot;
  }

  /** The configured vCPU ceiling, or null: the account's quota, else {@value #DEFAULT_CPUS}. */
  public Integer cpus() {
    return cpus;
  }

  /** The capacity provider tasks run on. */
  public String capacityProvider() {
    return spot ? "FARGATE_SPOT" : "FARGATE";
  }

  @Override
  public String toString() {
    return enabled ? capacityProvider() + " in " + subnets + (securityGroups.isEmpty() ? "" : " with " + securityGroups)
        : "Fargate off";
  }
}
