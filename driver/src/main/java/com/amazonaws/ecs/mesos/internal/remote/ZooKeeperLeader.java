package com.amazonaws.ecs.mesos.internal.remote;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The leading master of a {@code zk://HOSTS/PATH} master string, read from ZooKeeper in Mesos's layout: the
 * lowest {@code PATH/json.info_N} node holds the leader's MasterInfo as JSON. Each lookup is a short ZooKeeper
 * session of its own, made before each subscription: a leader that dies or steps down ends the framework's
 * stream, and the next subscription finds its successor.
 *
 * <p>Only this class touches the ZooKeeper client, an optional dependency: frameworks that are given
 * {@code zk://} strings bring one ({@code org.apache.zookeeper:zookeeper}).
 */
public final class ZooKeeperLeader {
  /** Mesos's node name prefix for a contending master's MasterInfo in JSON. */
  public static final String JSON_PREFIX = "json.info_";
  private static final int SESSION_TIMEOUT_MILLIS = 10_000;

  private final String connectString;
  private final String path;

  ZooKeeperLeader(URI zk) {
    this.connectString = zk.getRawAuthority();
    String p = zk.getPath() == null || zk.getPath().isEmpty() ? "/" : zk.getPath();
    this.path = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** Whether the ZooKeeper client is on the classpath. */
  static boolean available() {
    try {
      Class.forName("org.apache.zookeeper.ZooKeeper", false, ZooKeeperLeader.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * {@code http://host:port} of the leading master.
   *
   * @throws IOException when ZooKeeper does not answer within {@code timeoutMillis} or no master leads
   */
  URI leader(long timeoutMillis) throws IOException {
    final CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = new ZooKeeper(connectString, SESSION_TIMEOUT_MILLIS, event -> {
      if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    try {
      if (!connected.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new IOException("ZooKeeper at " + connectString + " did not answer within " + timeoutMillis + " ms");
      }
      List<String> children = zk.getChildren(path, false);
      String lowest = lowest(children);
      if (lowest == null) {
        throw new IOException("No Mesos master leads in zk://" + connectString + path);
      }
      byte[] data = zk.getData(path + "/" + lowest, false, null);
      return address(new String(data, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (org.apache.zookeeper.KeeperException e) {
      throw new IOException("Reading zk://" + connectString + path + ": " + e.getMessage(), e);
    } finally {
      try {
        zk.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The lowest {@code json.info_N} child (the leader's node), or null; other children are ignored. */
  public static String lowest(List<String> children) {
    String best = null;
    long bestSequence = Long.MAX_VALUE;
    for (String c : children) {
      if (!c.startsWith(JSON_PREFIX)) {
        continue;
      }
      try {
        long n = Long.parseLong(c.substring(JSON_PREFIX.length()));
        if (n < bestSequence) {
          bestSequence = n;
          best = c;
        }
      } catch (NumberFormatException e) {
        // another node
      }
    }
    return best;
  }

  /** {@code http://HOST:PORT} from a MasterInfo in Mesos's JSON: {@code address} first, else the old fields. */
  static URI address(String masterInfoJson) throws IOException {
    JsonNode info = JsonNode.parser().parse(masterInfoJson);
    JsonNode address = info.field("address").orElse(null);
    String host = text(address, "hostname");
    if (host == null) {
      host = text(address, "ip");
    }
    if (host == null) {
      host = text(info, "hostname");
    }
    String port = text(address, "port");
    if (port == null) {
      port = text(info, "port");
    }
    if (host == null || port == null) {
      throw new IOException("The leading master's MasterInfo has no address: " + masterInfoJson);
    }
    return URI.create("http://" + host + ":" + port);
  }

  private static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.field(field).orElse(null);
    if (v == null || v.isNull()) {
      return null;
    }
    return v.isString() ? v.asString() : v.isNumber() ? v.asNumber() : v.text();
  }

  @Override
  public String toString() {
    return "zk://" + connectString + path;
  }
}
