package com.amazonaws.ecs.mesos.internal.ecs;

import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which ECS cluster, region and endpoint the driver talks to, resolved in order of precedence:
 * <ol>
 *   <li>the builder ({@code cluster(..)}, {@code region(..)}, {@code endpoint(..)});</li>
 *   <li>a master string {@code ecs://CLUSTER[?region=R&endpoint=URL&ec2Endpoint=URL&ports=P&events=QUEUE_URL]}, so frameworks that only
 *       let users set {@code --master} can be pointed at a cluster;</li>
 *   <li>the environment: {@code AWS_ECS_CLUSTER} (else {@code default}), {@code AWS_ECS_ENDPOINT} and
 *       {@code AWS_ECS_EVENTS_QUEUE};</li>
 *   <li>the AWS SDK's default region chain and endpoint (region null and endpoint null here).</li>
 * </ol>
 * Any other master string (e.g. {@code zk://host:2181/mesos}, or a master's address) names no cluster and is
 * ignored here; whether it connects the driver to a master is {@code MasterAddress}'s decision.
 *
 * <p>Example: {@code ecs://prod?region=eu-west-1} → cluster {@code prod} in eu-west-1 on ECS's own endpoint.
 */
public final class EcsTarget {
  public static final String DEFAULT_CLUSTER = "default";
  public static final String ENV_CLUSTER = "AWS_ECS_CLUSTER";
  public static final String ENV_ENDPOINT = "AWS_ECS_ENDPOINT";
  /** Host ports to offer, e.g. {@code 80,443,31000-32000}, for frameworks that cannot use the builder. */
  public static final String ENV_PORT_RANGE = "AWS_ECS_PORT_RANGE";
  /** The SQS queue URL of the cluster's ECS events (see {@code ecs-mesos events setup}). */
  public static final String ENV_EVENTS_QUEUE = "AWS_ECS_EVENTS_QUEUE";
  private static final String SCHEME = "ecs://";
  private static final java.util.Set<String> KEYS = new java.util.HashSet<>(java.util.Arrays.asList("region",
      "endpoint", "ec2Endpoint", "ports", "events", "fargate", "subnets", "securityGroups", "assignPublicIp", "spot",
      "fargateCpus"));

  private final String cluster;
  private final String region;
  private final URI endpoint;
  private final URI ec2Endpoint;
  private final String ports;
  private final URI eventsQueue;
  private final boolean masterIgnored;

  private EcsTarget(String cluster, String region, URI endpoint, URI ec2Endpoint, String ports, URI eventsQueue,
      boolean masterIgnored) {
    this.ports = ports;
    this.eventsQueue = eventsQueue;
    this.cluster = cluster;
    this.region = region;
    this.endpoint = endpoint;
    this.ec2Endpoint = ec2Endpoint;
    this.masterIgnored = masterIgnored;
  }

  /**
   * Resolves the target.
   *
   * @throws IllegalArgumentException for an {@code ecs://} master string or endpoint that cannot be parsed
   */
  public static EcsTarget resolve(String builderCluster, String builderRegion, URI builderEndpoint, String master,
      Map<String, String> env) {
    Map<String, String> fromMaster = parseMaster(master);
    boolean ignored = master != null && !master.isEmpty() && fromMaster == null;
    if (fromMaster == null) {
      fromMaster = new LinkedHashMap<>();
    }
    String cluster = first(builderCluster, fromMaster.get("cluster"), env.get(ENV_CLUSTER), DEFAULT_CLUSTER);
    String region = first(builderRegion, fromMaster.get("region"), null, null);
    String endpoint = first(builderEndpoint == null ? null : builderEndpoint.toString(), fromMaster.get("endpoint"),
        env.get(ENV_ENDPOINT), null);
    String ec2Endpoint = fromMaster.get("ec2Endpoint");
    String ports = first(fromMaster.get("ports"), env.get(ENV_PORT_RANGE), null, null);
    return new EcsTarget(cluster, region, uri(endpoint, "endpoint"), uri(ec2Endpoint, "ec2Endpoint"), ports,
        null, ignored);
  }

  /**
   * As {@link #resolve(String, String, URI, String, Map)}, with the events queue: the builder's, else the master
   * string's {@code events=URL}, else {@code AWS_ECS_EVENTS_QUEUE}; null when none is set (polling only).
   */
  public static EcsTarget resolve(String builderCluster, String builderRegion, URI builderEndpoint, String master,
      Map<String, String> env, String builderEventsQueue) {
    EcsTarget t = resolve(builderCluster, builderRegion, builderEndpoint, master, env);
    Map<String, String> fromMaster = parseMaster(master);
    String queue = first(builderEventsQueue, fromMaster == null ? null : fromMaster.get("events"),
        env.get(ENV_EVENTS_QUEUE), null);
    return new EcsTarget(t.cluster, t.region, t.endpoint, t.ec2Endpoint, t.ports, uri(queue, "events queue URL"),
        t.masterIgnored);
  }

  /** The parts of an {@code ecs://} master string ({@code cluster}, query parameters); null for other strings. */
  public static Map<String, String> parseMaster(String master) {
    if (master == null || !master.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String rest = master.substring(SCHEME.length());
    int q = rest.indexOf('?');
    String cluster = q < 0 ? rest : rest.substring(0, q);
    while (cluster.endsWith("/")) {
      cluster = cluster.substring(0, cluster.length() - 1);
    }
    Map<String, String> parts = new LinkedHashMap<>();
    if (!cluster.isEmpty()) {
      parts.put("cluster", decode(cluster));
    }
    if (q >= 0) {
      for (String pair : rest.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (!KEYS.contains(key)) {
          throw new IllegalArgumentException("Unknown parameter '" + key + "' in master '" + master
              + "'; expected ecs://CLUSTER[?region=R&endpoint=URL&ec2Endpoint=URL&ports=RANGES&events=QUEUE_URL"
              + "&fargate=on&subnets=IDS&securityGroups=IDS&assignPublicIp=on&spot=on&fargateCpus=N]");
        }
        if (!value.isEmpty()) {
          parts.put(key, value);
        }
      }
    }
    return parts;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, "UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static URI uri(String value, String what) {
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("The " + what + " '" + value + "' is not an absolute URL such as "
            + "https://ecs.us-east-1.amazonaws.com");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The " + what + " '" + value + "' is not a URL: " + e.getMessage(), e);
    }
  }

  private static String first(String a, String b, String c, String fallback) {
    if (a != null && !a.isEmpty()) {
      return a;
    }
    if (b != null && !b.isEmpty()) {
      return b;
    }
    if (c != null && !c.isEmpty()) {
      return c;
    }
    return fallback;
  }

  public String cluster() {
    return cluster;
  }

  /** The region, or null to use the SDK's default region chain (or the injected client's region). */
  public String region() {
    return region;
  }

  /** The ECS endpoint, or null for the SDK's endpoint of the region. */
  public URI endpoint() {
    return endpoint;
  }

  /** The EC2 endpoint for hostnames, or null for the SDK's endpoint of the region. */
  public URI ec2Endpoint() {
    return ec2Endpoint;
  }

  /**
   * The host ports to offer from the master string ({@code ports=80,31000-32000}) or
   * {@code AWS_ECS_PORT_RANGE}; null when neither says.
   */
  public String ports() {
    return ports;
  }

  /** The SQS queue URL ECS events of the cluster arrive in, or null: status comes from polling only. */
  public URI eventsQueue() {
    return eventsQueue;
  }

  /** Whether a master string was given that is not an {@code ecs://} one (it was ignored). */
  public boolean masterIgnored() {
    return masterIgnored;
  }

  @Override
  public String toString() {
    return "cluster " + cluster + (region == null ? "" : " in " + region)
        + (endpoint == null ? "" : " at " + endpoint);
  }
}
