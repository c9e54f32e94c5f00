package com.amazonaws.ecs.mesos.internal.remote;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which master strings name a Mesos master to connect to over HTTP, as libmesos reads them:
 * {@code host:port}, {@code master@host:port} (a UPID), {@code http://host:port} and {@code https://host:port}.
 * {@code zk://HOST:PORT[,...]/PATH} names the masters contending in ZooKeeper (the leader is looked up before each
 * subscription, see {@link ZooKeeperLeader}). Everything else ({@code ecs://...}, empty) keeps the driver embedded.
 *
 * <p>A bare {@code host:port} or a {@code zk://} string keeps the driver embedded when the deployment already names an ECS cluster
 * ({@code AWS_ECS_CLUSTER}, or the builder's cluster or ECS client): frameworks such as Marathon must be given
 * some {@code --master}, and deployments made before the master existed pass one that meant nothing. An
 * {@code http://} URL is never ambiguous and always connects.
 */
public final class MasterAddress {
  private static final Pattern HOST_PORT =
      Pattern.compile("(?:master@)?(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\\d{1,5})/?");

  private MasterAddress() {}

  /**
   * The master's base URL ({@code http://host:port}) when the driver should connect to a master, else null.
   *
   * @param clusterNamed whether the builder named a cluster or gave an ECS client
   * @throws IllegalArgumentException for an http(s) URL without a host, or a port out of range
   */
  public static URI remote(String master, Map<String, String> environment, boolean clusterNamed) {
    if (master == null) {
      return null;
    }
    if (isList(master)) {
      // A list of masters (http://m1:5050,http://m2:5050): the first stands for all; see list().
      java.util.List<URI> all = list(master, environment, clusterNamed);
      return all.isEmpty() ? null : all.get(0);
    }
    String m = master.trim();
    String lower = m.toLowerCase(Locale.ROOT);
    String envCluster = environment.get("AWS_ECS_CLUSTER");
    boolean named = clusterNamed || (envCluster != null && !envCluster.isEmpty());
    if (lower.startsWith("zk://")) {
      if (named) {
        return null;
      }
      URI uri = URI.create(m);
      if (uri.getRawAuthority() == null || uri.getPath() == null || uri.getPath().length() <= 1) {
        throw new IllegalArgumentException("Master '" + master + "' needs hosts and a path: zk://HOST:PORT/PATH");
      }
      if (!ZooKeeperLeader.available()) {
        throw new IllegalArgumentException("Master '" + master + "' is a ZooKeeper address, and no ZooKeeper client "
            + "(org.apache.zookeeper:zookeeper) is on the classpath");
      }
      return uri;
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      URI uri = URI.create(m);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("Master '" + master + "' has no host; expected http://HOST:PORT");
      }
      String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
      return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
    }
    Matcher hp = HOST_PORT.matcher(m);
    if (!hp.matches()) {
      return null;
    }
    int port = Integer.parseInt(hp.group(2));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Master '" + master + "' has port " + port + "; expected 1 to 65535");
    }
    if (named) {
      return null;
    }
    return URI.create("http://" + hp.group(1) + ":" + port);
  }

  /**
   * The masters of a comma-separated list ({@code http://m1:5050,http://m2:5050} or {@code m1:5050,m2:5050}), each
   * read as {@link #remote} reads one; empty when they keep the driver embedded. The driver subscribes to them in
   * turn until one (or the leader it redirects to) takes the subscription.
   *
   * @throws IllegalArgumentException for an entry that is not a master's address
   */
  public static java.util.List<URI> list(String master, Map<String, String> environment, boolean clusterNamed) {
    java.util.List<URI> out = new java.util.ArrayList<>();
    if (master == null) {
      return out;
    }
    for (String part : master.split(",")) {
      if (part.trim().isEmpty()) {
        continue;
      }
      URI one = remote(part.trim(), environment, clusterNamed);
      if (one == null) {
        if (looksLikeAddress(part.trim())) {
          return new java.util.ArrayList<>(); // the deployment names a cluster: embedded, as for one address
        }
        throw new IllegalArgumentException("Master list '" + master + "' has '" + part.trim() + "', which is not a "
            + "master's address (http://HOST:PORT or HOST:PORT)");
      }
      out.add(one);
    }
    return out;
  }

  /**
   * Whether {@code master} lists several masters: commas between entries that each look like a master's address
   * (an {@code ecs://} string with {@code ports=80,31000-32000} is not a list).
   */
  public static boolean isList(String master) {
    if (master == null || !master.contains(",") || master.trim().toLowerCase(Locale.ROOT).startsWith("zk://")) {
      return false;
    }
    for (String part : master.split(",")) {
      if (!part.trim().isEmpty() && !looksLikeAddress(part.trim())) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code master} has the form of a master address, whatever else decides the mode. */
  public static boolean looksLikeAddress(String master) {
    if (master == null) {
      return false;
    }
    String lower = master.trim().toLowerCase(Locale.ROOT);
    if (isList(master)) {
      return true;
    }
    return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("zk://")
        || HOST_PORT.matcher(master.trim()).matches();
  }
}
