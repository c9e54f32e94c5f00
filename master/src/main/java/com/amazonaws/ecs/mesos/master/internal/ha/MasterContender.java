package com.amazonaws.ecs.mesos.master.internal.ha;

import com.amazonaws.ecs.mesos.master.internal.MesosJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.mesos.Protos;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One master's candidacy, in Mesos's ZooKeeper layout: an ephemeral sequential node {@code PATH/json.info_N}
 * holding the candidate's MasterInfo as JSON; the candidate with the lowest N leads. Everyone watches the
 * children of PATH, so followers always know the leader (to redirect to) and a candidate learns it was elected
 * when the nodes before it are gone.
 *
 * <p>No two leaders: as soon as the ZooKeeper connection is suspended (the session may be about to expire, after
 * which another candidate is elected) or lost, a leader is told to step down, and a candidacy that lost its
 * leadership never leads again (as a Mesos master exits). Curator keeps the connection and its retries; the
 * election itself is the plain recipe above, because Mesos's node names are part of the contract.
 *
 * <p>Callbacks come one at a time, on the candidacy's own thread.
 */
public final class MasterContender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterContender.class);
  /** Mesos's node name prefix for a MasterInfo in JSON (older masters wrote protobuf {@code info_} nodes). */
  public static final String JSON_PREFIX = com.amazonaws.ecs.mesos.internal.remote.ZooKeeperLeader.JSON_PREFIX;

  /** What the candidacy tells the master. */
  public interface Listener {
    /** This candidate leads from now on. */
    void elected();

    /** Another candidate leads (null: none is elected at the moment). */
    void leader(Protos.MasterInfo leader);

    /** This candidate led and must stop acting at once: its ZooKeeper session may be gone. */
    void lostLeadership(String why);
  }

  private final ZkAddress address;
  private final Protos.MasterInfo self;
  private final Listener listener;
  private final CuratorFramework zk;
  private final ExecutorService thread;
  private volatile String node;
  private volatile boolean leading;
  private volatile boolean deposed;
  private volatile boolean closed;

  public MasterContender(ZkAddress address, Protos.MasterInfo self, Duration sessionTimeout, Listener listener) {
    this.address = address;
    this.self = self;
    this.listener = listener;
    this.zk = CuratorFrameworkFactory.builder()
        .connectString(address.connectString())
        .sessionTimeoutMs((int) sessionTimeout.toMillis())
        .connectionTimeoutMs((int) Math.min(15_000, sessionTimeout.toMillis()))
        .retryPolicy(new ExponentialBackoffRetry(200, 3, 2_000))
        .build();
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ecs-mesos-master-zk");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Connects and enters the contest; returns once this candidate's node exists (waiting up to {@code timeout} for
   * ZooKeeper).
   *
   * @throws IllegalStateException when ZooKeeper cannot be reached in time
   */
  public void start(Duration timeout) throws Exception {
    zk.getConnectionStateListenable().addListener((client, state) -> connection(state));
    zk.start();
    if (!zk.blockUntilConnected((int) timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IllegalStateException("ZooKeeper at " + address + " did not answer within " + timeout);
    }
    thread.submit(() -> {
      enter();
      return null;
    }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** This candidate's node, e.g. {@code /mesos/json.info_0000000003}; null before it is made. */
  public String node() {
    return node;
  }

  public boolean leading() {
    return leading;
  }

  private void enter() throws Exception {
    if (closed || deposed) {
      return;
    }
    if (node == null || zk.checkExists().forPath(node) == null) {
      node = zk.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
          .forPath(address.path() + "/" + JSON_PREFIX, MesosJson.write(self));
      LOG.info("Contending for leadership in {} as {}", address, node);
    }
    look();
  }

  /** Reads the contenders and acts on who leads; watches for the next change. */
  private void look() {
    if (closed || deposed) {
      return;
    }
    try {
      List<String> children = zk.getChildren().usingWatcher((org.apache.curator.framework.api.CuratorWatcher)
          (WatchedEvent e) -> later(this::look)).forPath(address.path());
      String first = com.amazonaws.ecs.mesos.internal.remote.ZooKeeperLeader.lowest(children);
      if (first == null) {
        listener.leader(null);
        return;
      }
      String firstPath = address.path() + "/" + first;
      if (firstPath.equals(node)) {
        if (!leading) {
          leading = true;
          LOG.info("Elected leader in {} ({})", address, node);
          listener.elected();
        }
        return;
      }
      if (leading) {
        // Our node is not the lowest any more: it was deleted (session expired) and someone else leads.
        depose("another master leads in " + address);
        return;
      }
      listener.leader(MesosJson.read(zk.getData().forPath(firstPath), Protos.MasterInfo.newBuilder()).build());
    } catch (KeeperException.NoNodeException e) {
      later(this::look); // the leader's node went away while being read: look again
    } catch (Exception e) {
      LOG.warn("Reading the contenders in {} failed: {}", address, e.toString());
    }
  }

  /**
   * On Curator's own thread, not behind the candidacy's: a call on the candidacy's thread may be blocked retrying
   * the lost connection, and a leader must step down now.
   */
  private void connection(ConnectionState state) {
    if (closed) {
      return;
    }
    switch (state) {
      case SUSPENDED:
      case LOST:
        if (leading) {
          depose("ZooKeeper connection " + state.name().toLowerCase(java.util.Locale.ROOT));
        } else if (!deposed) {
          listener.leader(null);
        }
        break;
      case RECONNECTED:
        later(() -> {
          try {
            enter(); // a follower whose session expired contends again with a new node
          } catch (Exception e) {
            LOG.warn("Contending again in {} failed: {}", address, e.toString());
          }
        });
        break;
      default:
        break;
    }
  }

  /** Runs on the candidacy's thread, unless it is closed. */
  private void later(Runnable work) {
    if (closed) {
      return;
    }
    try {
      thread.execute(work);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private synchronized void depose(String why) {
    if (deposed) {
      return;
    }
    deposed = true;
    leading = false;
    LOG.error("Lost leadership in {}: {}; stepping down", address, why);
    listener.lostLeadership(why);
  }

  /** Leaves the contest: the node is deleted (with the session), ZooKeeper closed. */
  @Override
  public void close() {
    closed = true;
    leading = false;
    thread.shutdownNow();
    zk.close();
  }
}
