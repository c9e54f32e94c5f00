package com.amazonaws.ecs.mesos.master.internal.ha;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master's life as a candidate: it follows (the endpoints redirect to the leader) until elected; elected, it
 * starts serving on ECS; deposed (its ZooKeeper connection suspended or lost, or ECS unusable), it stops acting at
 * once and closes, as a Mesos master exits, and {@link #terminated()} says why.
 */
public final class Candidacy {
  private static final Logger LOG = LoggerFactory.getLogger(Candidacy.class);

  private final Leadership leadership = Leadership.candidate();
  private final CompletableFuture<String> terminated = new CompletableFuture<>();
  private final Function<Protos.MasterInfo, CompletableFuture<?>> serve;
  private final Runnable close;
  private volatile MasterContender contender;

  /**
   * @param serve starts the master on ECS once elected (its future fails when ECS cannot be used)
   * @param close closes the whole master (server, process, candidacy)
   */
  public Candidacy(Function<Protos.MasterInfo, CompletableFuture<?>> serve, Runnable close) {
    this.serve = serve;
    this.close = close;
  }

  /** What the HTTP endpoints consult: lead, redirect or answer 503. */
  public Leadership leadership() {
    return leadership;
  }

  /** Enters the contest in {@code zk} as {@code self}; returns once this candidate's node exists. */
  public void start(String zk, Protos.MasterInfo self, Duration sessionTimeout, Duration timeout) throws Exception {
    contender = new MasterContender(ZkAddress.parse(zk), self, sessionTimeout, new MasterContender.Listener() {
      @Override
      public void elected() {
        leadership.elected(self);
        serve.apply(self).whenComplete((ok, error) -> {
          if (error != null) {
            stepDown("ECS cannot be used: " + error.getMessage());
          } else {
            LOG.info("Leading: serving as the Mesos master on ECS");
          }
        });
      }

      @Override
      public void leader(Protos.MasterInfo leader) {
        leadership.follow(leader);
      }

      @Override
      public void lostLeadership(String why) {
        stepDown(why);
      }
    });
    contender.start(timeout);
  }

  /** Stops acting on ECS at once (no two leaders), drops every stream, and closes; {@link #terminated} says why. */
  private void stepDown(String why) {
    leadership.deposed();
    LOG.error("Stepping down ({}): closing, so that only the new leader acts on ECS", why);
    new Thread(() -> {
      close.run();
      terminated.complete(why);
    }, "ecs-mesos-master-step-down").start();
  }

  /** Completes, with the reason, once the master stepped down and closed. */
  public CompletableFuture<String> terminated() {
    return terminated;
  }

  /** This candidate's node ({@code PATH/json.info_N}); null before it is made. */
  public String node() {
    MasterContender c = contender;
    return c == null ? null : c.node();
  }

  /** Leaves the contest (the node goes with the session). */
  public void close() {
    MasterContender c = contender;
    if (c != null) {
      c.close();
    }
  }
}
