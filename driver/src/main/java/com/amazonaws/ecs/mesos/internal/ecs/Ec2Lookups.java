package com.amazonaws.ecs.mesos.internal.ecs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The driver's EC2 reads, made through the gateway's calls (same I/O threads, rate limiter and retries as its ECS
 * calls): agents' hostnames ({@code DescribeInstances}) and the zones of Fargate's subnets ({@code DescribeSubnets}).
 * Both fail at once when no EC2 client is available.
 */
public final class Ec2Lookups {
  private static final int HOSTNAME_BATCH = 100;
  /** Offers wait for these: give up on EC2 soon (agents are then named by their instance IDs). */
  private static final int ATTEMPTS = 3;

  private final EcsCalls calls;
  private final Hostnames hostnames;
  private final int attempts;

  Ec2Lookups(EcsCalls calls, Hostnames hostnames, int maxAttempts) {
    this.calls = calls;
    this.hostnames = hostnames;
    this.attempts = Math.min(ATTEMPTS, maxAttempts);
  }

  /** Whether an EC2 client is available. */
  public boolean available() {
    return hostnames != null;
  }

  /** Private DNS names by EC2 instance ID (100 per call). */
  public CompletableFuture<Map<String, String>> privateDnsNames(Collection<String> ec2InstanceIds) {
    if (hostnames == null) {
      return noEc2();
    }
    List<String> ids = new ArrayList<>(ec2InstanceIds);
    List<CompletableFuture<Map<String, String>>> parts = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += HOSTNAME_BATCH) {
      final List<String> batch = new ArrayList<>(ids.subList(i, Math.min(ids.size(), i + HOSTNAME_BATCH)));
      parts.add(calls.call("DescribeInstances", EcsCalls.Retry.IDEMPOTENT, () -> hostnames.privateDnsNames(batch),
          attempts));
    }
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      Map<String, String> merged = new LinkedHashMap<>();
      for (CompletableFuture<Map<String, String>> part : parts) {
        merged.putAll(part.join());
      }
      return merged;
    });
  }

  /** The availability zone of each subnet EC2 knows. */
  public CompletableFuture<Map<String, String>> subnetZones(final Collection<String> subnetIds) {
    if (hostnames == null) {
      return noEc2();
    }
    return calls.call("DescribeSubnets", EcsCalls.Retry.IDEMPOTENT, () -> hostnames.subnetZones(subnetIds), attempts);
  }

  private static CompletableFuture<Map<String, String>> noEc2() {
    CompletableFuture<Map<String, String>> none = new CompletableFuture<>();
    none.completeExceptionally(new IllegalStateException("no EC2 client"));
    return none;
  }
}
