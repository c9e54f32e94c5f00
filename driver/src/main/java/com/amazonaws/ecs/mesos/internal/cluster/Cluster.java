package com.amazonaws.ecs.mesos.internal.cluster;

import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkSink;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.offers.Allocator;
import com.amazonaws.ecs.mesos.internal.session.FrameworkSession;
import com.amazonaws.ecs.mesos.internal.tasks.TaskBook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ECS cluster and the frameworks on it, on one loop. The cluster owns what every framework shares: the
 * connection to ECS (one gateway, one rate limiter), the agents and their sweeps, whether ECS answers, and
 * the {@link Allocator}. Each framework is a {@link FrameworkSession} opened on it.
 *
 * <p>Start: build the ECS client (on an I/O thread: credential and region chains may be slow), check the
 * cluster ({@code DescribeClusters}), describe the instances, then {@link Listener#ready()}. From then on,
 * every poll interval each session sweeps its tasks' status; every offer interval the agents are described
 * as needed and the allocator makes offers; ECS failing to answer for the outage timeout disconnects every
 * session until it answers again.
 */
public final class Cluster implements EcsHealth {
  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
  private static final long MAX_START_BACKOFF_MILLIS = 30_000;

  /** Hears how the start went; on the loop. */
  public interface Listener {
    /** The cluster exists and its agents are known: sessions may be opened. */
    void ready();

    /** The cluster cannot be used (does not exist, no credentials, ...): nothing more will happen. */
    void failed(String message);

    /** The cluster was deleted while in use. */
    void lost(String message);
  }

  private final DriverConfig config;
  private final DriverLoop loop;
  private final String threadPrefix;
  private final MetricsRecorder metrics;
  private final long offerTimeoutMillis;
  private final AgentBook agents;
  private final List<FrameworkSession> sessions = new ArrayList<>();
  private Listener listener;
  private EcsConnection connection;
  private long offersHeldUntilMillis;
  private EcsGateway gateway;
  private AgentSweeps sweeps;
  private Allocator allocator;
  private String clusterArn;
  private Protos.MasterInfo masterInfo;
  private boolean ready;
  private boolean connected = true;
  private boolean closed;
  private Long failingSinceMillis;
  private EventFeed events;
  private long nextEventsCheckMillis;

  /**
   * @param offerTimeoutMillis how long a framework may hold an offer before it is rescinded; 0: for ever
   */
  public Cluster(DriverConfig config, DriverLoop loop, String threadPrefix, MetricsRecorder metrics,
      long offerTimeoutMillis) {
    this.config = config;
    this.loop = loop;
    this.threadPrefix = threadPrefix;
    this.metrics = metrics;
    this.offerTimeoutMillis = offerTimeoutMillis;
    this.agents = new AgentBook(config.agentDisconnectTimeout.toMillis(), loop);
  }

  public DriverLoop loop() {
    return loop;
  }

  public AgentBook agents() {
    return agents;
  }

  public EcsGateway gateway() {
    return gateway;
  }

  public String clusterArn() {
    return clusterArn;
  }

  public String region() {
    return connection == null ? null : connection.region();
  }

  /** What the embedded driver tells frameworks of their master: the ECS endpoint (null before ready). */
  public Protos.MasterInfo masterInfo() {
    return masterInfo;
  }

  /** Every session open on the cluster, in the order they were opened (read-only). */
  public List<FrameworkSession> sessions() {
    return Collections.unmodifiableList(sessions);
  }

  // ---------------------------------------------------------------- start (loop)

  /** Connects to ECS and tells {@code listener} when the cluster is ready. Loop thread. */
  public void start(Listener startListener) {
    this.listener = startListener;
    final EcsConnection building = EcsConnection.executors(threadPrefix, config.ioThreads);
    connection = building;
    loop.whenDone(CompletableFuture.supplyAsync(() -> building.open(config, metrics), building.io()),
        (built, error) -> {
          if (closed) {
            return; // closed meanwhile: close() closed the connection
          }
          if (error != null) {
            listener.failed("Cannot configure the ECS client: " + EcsErrors.describe(error));
            return;
          }
          gateway = built.gateway();
          allocator = new Allocator(agents, built.portRange(), config.diskPerAgentMb, built.region(),
              offerTimeoutMillis);
          sweeps = new AgentSweeps(config, loop, gateway, agents, this::books, this, new AgentSweeps.Listener() {
            @Override
            public void changed(AgentBook.Changes changes) {
              if (ready) {
                applyChanges(changes);
              }
            }

            @Override
            public void named() {
              if (ready) {
                allocate();
              }
            }
          });
          LOG.info("Connecting to ECS cluster {} in {} ({})", gateway.cluster(), built.region(), built.endpoint());
          describeCluster(1);
        });
  }

  private void describeCluster(final int attempt) {
    loop.whenDone(gateway.describeCluster(), (cluster, error) -> {
      if (closed) {
        return;
      }
      if (error != null) {
        EcsErrors.Kind kind = EcsErrors.classify(error);
        String where = " in " + connection.region() + " (" + connection.endpoint() + ")";
        if (kind == EcsErrors.Kind.CLUSTER_NOT_FOUND) {
          listener.failed("ECS cluster '" + gateway.cluster() + "' does not exist" + where + ": "
              + EcsErrors.describe(error));
        } else if (kind == EcsErrors.Kind.REJECTED || kind == EcsErrors.Kind.OTHER) {
          listener.failed("Cannot use ECS cluster '" + gateway.cluster() + "'" + where + ": "
              + EcsErrors.describe(error));
        } else {
          LOG.warn("ECS is not answering yet ({}); trying again", EcsErrors.describe(error));
          loop.schedule(Math.min(MAX_START_BACKOFF_MILLIS, 500L << Math.min(attempt - 1, 10)),
              () -> describeCluster(attempt + 1));
        }
        return;
      }
      clusterArn = cluster.clusterArn();
      masterInfo = connection.masterInfo(clusterArn);
      startEvents();
      sweeps.sweep(() -> {
        if (closed) {
          return;
        }
        if (connection.fargate().enabled()) {
          FargatePool.start(connection.fargate(), gateway, loop, agents, clusterArn, this::becomeReady);
        } else {
          becomeReady();
        }
      });
    });
  }

  private void becomeReady() {
    if (closed) {
      return;
    }
    ready = true;
    every(config.pollInterval.toMillis(), this::pollTick);
    every(config.offerInterval.toMillis(), this::offerTick);
    every(Math.min(1000, config.pollInterval.toMillis()), this::checkOutage);
    listener.ready();
  }


  private void startEvents() {
    if (connection.events() == null) {
      return;
    }
    events = new EventFeed(loop, connection.events(), clusterArn, config.eventsCheckInterval.toMillis(),
        config.outageTimeout.toMillis(), new EventFeed.Sink() {
          @Override
          public List<FrameworkSession> sessions() {
            return new ArrayList<>(sessions);
          }

          @Override
          public void instanceEvent(com.amazonaws.ecs.mesos.internal.events.EcsEvent event) {
            sweeps.instanceEvent(event);
          }
        }, metrics);
    sweeps.eventsFlowing(events::flowing);
    events.start();
  }

  /** Whether task status comes from ECS events now (else from polling). */
  public boolean eventsFlowing() {
    return events != null && events.flowing();
  }

  private void every(final long periodMillis, final Runnable action) {
    loop.schedule(periodMillis, () -> {
      if (closed) {
        return;
      }
      action.run();
      every(periodMillis, action);
    });
  }

  // ---------------------------------------------------------------- sessions (loop)

  /** Opens a framework's session on the cluster (once ready); the caller recovers and registers it. */
  public FrameworkSession open(Protos.FrameworkInfo info, FrameworkSink sink, FrameworkSession.Settings settings) {
    FrameworkSession session = new FrameworkSession(loop, gateway, agents, this, metrics, info, sink, settings);
    if (events != null) {
      session.earlyEvents(events::takeEarly);
    }
    sessions.add(session);
    return session;
  }

  /** Removes a session that has ended (its tasks stopped, or left running for a successor). */
  public void remove(FrameworkSession session) {
    sessions.remove(session);
  }

  private List<TaskBook> books() {
    List<TaskBook> out = new ArrayList<>(sessions.size());
    for (FrameworkSession s : sessions) {
      out.add(s.tasks());
    }
    return out;
  }

  // ---------------------------------------------------------------- ticks (loop)

  /**
   * Every poll interval: without events (or while they do not flow), a sweep of every live task. With events
   * flowing, every live task only every events check interval, and in between just the tasks whose events
   * are late (launched or being killed, and nothing heard for three poll intervals, at least 5 s).
   */
  private void pollTick() {
    List<FrameworkSession> all = new ArrayList<>(sessions);
    int changesFound = 0;
    for (FrameworkSession s : all) {
      changesFound += s.takeChangesFoundByDescribing();
    }
    long now = loop.nowMillis();
    if (events != null) {
      events.check(changesFound);
    }
    if (!eventsFlowing()) {
      nextEventsCheckMillis = now + config.eventsCheckInterval.toMillis();
      for (FrameworkSession s : all) {
        s.pollTick();
      }
      return;
    }
    boolean full = now >= nextEventsCheckMillis;
    if (full) {
      nextEventsCheckMillis = now + config.eventsCheckInterval.toMillis();
    }
    long silence = config.eventsSilence.toMillis();
    for (FrameworkSession s : all) {
      if (full) {
        s.pollTick();
      } else {
        s.lateEventsTick(silence);
      }
    }
  }

  /** Mesos's allocation cycle, every offer interval: describe what changed, then offer what is free. */
  private void offerTick() {
    sweeps.tick();
    allocate();
  }

  /**
   * No offers until {@code untilMillis} (loop clock) or {@link #releaseOffers()}: a master that took over lets the
   * frameworks that were running re-subscribe before it offers, so that the first to come back is not offered the
   * whole cluster while the others wait for what it declines. Loop thread.
   */
  public void holdOffers(long untilMillis) {
    offersHeldUntilMillis = untilMillis;
  }

  /** Ends a {@link #holdOffers} hold and offers at once. Loop thread. */
  public void releaseOffers() {
    if (offersHeldUntilMillis != 0) {
      offersHeldUntilMillis = 0;
      allocate();
    }
  }

  /** Rescinds what no longer holds and makes new offers (also after a framework's call freed resources). */
  public void allocate() {
    if (!ready || closed || !connected) {
      return;
    }
    long now = loop.nowMillis();
    if (now < offersHeldUntilMillis) {
      return;
    }
    allocator.rescindStale(sessions, now);
    allocator.allocate(sessions, now);
  }

  private void applyChanges(AgentBook.Changes changes) {
    List<FrameworkSession> all = new ArrayList<>(sessions);
    for (com.amazonaws.ecs.mesos.internal.offers.Agent a : changes.reconnected) {
      LOG.info("Agent {} is connected again", a.id());
    }
    for (String lost : changes.lost) {
      LOG.warn("Agent {} is lost", lost);
    }
    if (connected) {
      allocator.rescindStale(all, loop.nowMillis());
    }
    for (FrameworkSession s : all) {
      s.agentsChanged(changes.reconnected, connected ? changes.lost : Collections.<String>emptyList());
    }
    allocate();
  }

  // ---------------------------------------------------------------- whether ECS answers (loop)

  @Override
  public void answered() {
    failingSinceMillis = null;
    if (ready && !connected && !closed) {
      connected = true;
      LOG.info("ECS answers again");
      for (FrameworkSession s : new ArrayList<>(sessions)) {
        s.ecsAnswersAgain(masterInfo);
      }
    }
  }

  @Override
  public void failed(Throwable error) {
    EcsErrors.Kind kind = EcsErrors.classify(error);
    switch (kind) {
      case SERVER_ERROR:
      case NO_ANSWER:
      case OTHER:
        if (kind == EcsErrors.Kind.OTHER && EcsErrors.unwrap(error) instanceof java.util.concurrent.CancellationException) {
          break; // stopping
        }
        if (failingSinceMillis == null) {
          failingSinceMillis = loop.nowMillis();
          LOG.warn("ECS call failed ({}); disconnected if ECS does not answer within {}", EcsErrors.describe(error),
              config.outageTimeout);
        }
        break;
      case THROTTLED:
      case REJECTED:
        answered();
        break;
      case CLUSTER_NOT_FOUND:
        if (ready && listener != null) {
          listener.lost("ECS cluster '" + gateway.cluster() + "' no longer exists: " + EcsErrors.describe(error));
        }
        break;
    }
  }

  private void checkOutage() {
    if (!connected || failingSinceMillis == null) {
      return;
    }
    long outage = loop.nowMillis() - failingSinceMillis;
    if (outage < config.outageTimeout.toMillis()) {
      return;
    }
    connected = false;
    LOG.warn("ECS has not answered for {} ms; every framework is disconnected", outage);
    for (FrameworkSession s : new ArrayList<>(sessions)) {
      s.ecsUnreachable();
    }
  }

  /** Whether ECS answers (no outage longer than the outage timeout). */
  public boolean connected() {
    return connected;
  }

  // ---------------------------------------------------------------- the end

  /** After {@link #close()}: waits up to {@code millis} for the calls on the wire to end (any thread). */
  public boolean awaitClosed(long millis) throws InterruptedException {
    EcsConnection c = connection;
    return c == null || c.awaitClosed(millis);
  }

  /** Stops the sweeps and ticks, then every call, closes the clients built and ends the I/O threads. */
  public void close() {
    closed = true;
    if (events != null) {
      events.close();
    }
    if (sweeps != null) {
      sweeps.stop();
    }
    if (connection != null) {
      connection.close();
    }
  }
}
