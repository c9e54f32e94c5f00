package com.amazonaws.ecs.mesos.master.internal.ha;

/**
 * A {@code zk://HOST:PORT[,HOST:PORT...]/PATH} master string, as Mesos, Marathon and Chronos take it: the
 * ZooKeeper ensemble and the znode under which the masters contend.
 *
 * <p>Example: {@code zk://zk1:2181,zk2:2181/mesos} → connect string {@code zk1:2181,zk2:2181}, path {@code /mesos}.
 */
public final class ZkAddress {
  private final String connectString;
  private final String path;

  private ZkAddress(String connectString, String path) {
    this.connectString = connectString;
    this.path = path;
  }

  /**
   * Parses the string.
   *
   * @throws IllegalArgumentException for anything that is not {@code zk://HOSTS/PATH}
   */
  public static ZkAddress parse(String value) {
    if (value == null || !value.startsWith("zk://")) {
      throw new IllegalArgumentException("'" + value + "' is not a zk://HOST:PORT[,HOST:PORT]/PATH address");
    }
    String rest = value.substring("zk://".length());
    if (rest.contains("@")) {
      throw new IllegalArgumentException("ZooKeeper credentials in '" + value + "' are not supported");
    }
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("'" + value + "' needs hosts and a path: zk://HOST:PORT/PATH");
    }
    String hosts = rest.substring(0, slash);
    String path = rest.substring(slash);
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    for (String host : hosts.split(",")) {
      if (host.trim().isEmpty()) {
        throw new IllegalArgumentException("'" + value + "' has an empty host");
      }
    }
    return new ZkAddress(hosts, path);
  }

  /** {@code host:port,host:port}, as ZooKeeper's client takes it. */
  public String connectString() {
    return connectString;
  }

  /** The znode the masters contend under, e.g. {@code /mesos}. */
  public String path() {
    return path;
  }

  @Override
  public String toString() {
    return "zk://" + connectString + path;
  }
}
