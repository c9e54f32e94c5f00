package com.amazonaws.ecs.mesos.master.internal.ha;

import org.apache.mesos.Protos;

/**
 * Whether this master leads, and who does: what the HTTP endpoints consult to serve, redirect (307 to the
 * leader) or answer {@code 503 No leader elected}. A master without ZooKeeper always leads. Any thread.
 */
public final class Leadership {
  private volatile boolean leading;
  private volatile Protos.MasterInfo leader;

  private Leadership(boolean leading, Protos.MasterInfo leader) {
    this.leading = leading;
    this.leader = leader;
  }

  /** A master that leads alone (no ZooKeeper). */
  public static Leadership alone(Protos.MasterInfo self) {
    return new Leadership(true, self);
  }

  /** A candidate that does not lead yet and knows no leader. */
  public static Leadership candidate() {
    return new Leadership(false, null);
  }

  public boolean leading() {
    return leading;
  }

  /** The leader's MasterInfo (this master's own when it leads); null while none is elected. */
  public Protos.MasterInfo leader() {
    return leader;
  }

  public void elected(Protos.MasterInfo self) {
    leader = self;
    leading = true;
  }

  public void follow(Protos.MasterInfo current) {
    leading = false;
    leader = current;
  }

  /** Stepped down: not leading, no leader known (the next one is not elected yet). */
  public void deposed() {
    leading = false;
    leader = null;
  }

  /** {@code //host:port}, the protocol-relative location of the leader. */
  public static String location(Protos.MasterInfo m) {
    String host = m.hasAddress() && m.getAddress().hasHostname() ? m.getAddress().getHostname() : m.getHostname();
    int port = m.hasAddress() && m.getAddress().hasPort() ? m.getAddress().getPort() : m.getPort();
    return "//" + host + ":" + port;
  }
}
