package com.amazonaws.ecs.mesos.master;

import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.master.internal.MasterProcess;
import com.amazonaws.ecs.mesos.master.internal.OperatorHandler;
import com.amazonaws.ecs.mesos.master.internal.SchedulerHandler;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.mesos.Protos;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mesos master whose cluster is ECS: frameworks in any language subscribe to it through the Mesos V1
 * scheduler HTTP API ({@code POST /api/v1/scheduler}) and share one ECS cluster, as frameworks share a
 * Mesos cluster. Each framework is offered resources no other framework holds, in order of lowest dominant
 * share; its tasks are ECS tasks, tagged with its framework ID so a restarted master (or a framework that
 * fails over) recovers them from ECS.
 *
 * <pre>{@code
 * EcsMesosMaster master = EcsMesosMaster.builder().cluster("prod").region("us-east-1").port(5050).build();
 * master.start();            // serves http://127.0.0.1:5050/api/v1/scheduler once the cluster is ready
 * ...
 * master.close();            // tasks keep running; a new master recovers them
 * }</pre>
 *
 * <p>Binds 127.0.0.1 unless told otherwise. With {@link EcsMesosMasterBuilder#credentials} frameworks must authenticate
 * (HTTP Basic) and may act only on the framework IDs they subscribed.
 */
public final class EcsMesosMaster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EcsMesosMaster.class);

  private final EcsMesosMasterBuilder settings;
  private final MasterProcess process;
  private final Server server;
  private final ServerConnector connector;
  private volatile boolean started;
  /** The master's life as a candidate in ZooKeeper; null without ZooKeeper (it alone leads). */
  private final com.amazonaws.ecs.mesos.master.internal.ha.Candidacy candidacy;

  EcsMesosMaster(EcsMesosMasterBuilder b) {
    this.settings = b;
    DriverConfig.Builder c = DriverConfig.builder();
    c.framework = Protos.FrameworkInfo.newBuilder().setName("ecs-mesos-master").setUser("").build();
    c.ecsClient = b.ecsClient;
    c.ec2Client = b.ec2Client;
    c.hostnamesFromEc2 = b.hostnamesFromEc2;
    c.cluster = b.cluster;
    c.region = b.region;
    c.endpoint = b.endpoint;
    c.clock = b.clock;
    c.pollInterval = b.pollInterval;
    c.launchCall = b.launchCall;
    c.eventsQueueUrl = b.eventsQueueUrl;
    c.fargate = b.fargate;
    c.sqsClient = b.sqsClient;
    c.eventsCheckInterval = b.eventsCheckInterval;
    c.offerInterval = b.offerInterval;
    c.agentDisconnectTimeout = b.agentDisconnectTimeout;
    c.teardownTimeout = b.teardownTimeout;
    c.statusUpdateRetryInitial = b.statusUpdateRetryInitial;
    c.statusUpdateRetryMax = b.statusUpdateRetryMax;
    c.portRange = b.portRange;
    c.defaultImage = b.defaultImage;
    c.diskPerAgentMb = b.diskPerAgentMb;
    c.instanceSweepInterval = b.instanceSweepInterval;
    c.defaultRefuse = b.defaultRefuse;
    c.outageTimeout = b.outageTimeout;
    c.missingGrace = b.taskMissingGrace;
    c.maxAttempts = b.maxAttempts;
    c.retryBaseDelay = b.retryBaseDelay;
    c.retryMaxDelay = b.retryMaxDelay;
    c.jmx = false;
    this.process = new MasterProcess(c.build(), b.offerTimeout == null ? 0 : b.offerTimeout.toMillis(),
        b.heartbeatInterval.toMillis() / 1000.0, b.orphanSweepInterval.toMillis());

    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("ecs-mesos-master-http");
    threads.setDaemon(true);
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(b.bind);
    connector.setPort(b.port);
    // Mesos never times out an idle keep-alive connection; streams stay open for days.
    connector.setIdleTimeout(0);
    server.addConnector(connector);
    this.candidacy = b.zk == null ? null
        : new com.amazonaws.ecs.mesos.master.internal.ha.Candidacy(process::start, this::close);
    com.amazonaws.ecs.mesos.master.internal.ha.Leadership leadership = candidacy == null ? null
        : candidacy.leadership();
    server.setHandler(new Handler.Sequence(
        new SchedulerHandler(process, b.credentials, b.maxBodyBytes, b.maxQueuedBytes, leadership),
        new com.amazonaws.ecs.mesos.master.internal.ui.WebUiHandler(process, b.credentials, leadership),
        new OperatorHandler(process, leadership)));
  }

  public static EcsMesosMasterBuilder builder() {
    return new EcsMesosMasterBuilder();
  }

  /**
   * Starts serving: binds the port, connects to ECS, and returns once the cluster is ready (until then
   * the scheduler endpoint answers 503). Throws when the cluster cannot be used (it does not exist, no
   * credentials), saying why.
   */
  public EcsMesosMaster start() throws Exception {
    server.start();
    String host = settings.advertise != null ? settings.advertise : connector.getHost();
    int port = connector.getLocalPort();
    if (candidacy != null) {
      try {
        candidacy.start(settings.zk, masterInfo(host, port).toBuilder().setId(java.util.UUID.randomUUID().toString())
            .build(), settings.zkSessionTimeout, settings.startTimeout);
      } catch (Exception e) {
        close();
        throw e;
      }
      started = true;
      LOG.info("Mesos master on ECS serving {}, contending in {}", url(), settings.zk);
      return this;
    }
    try {
      process.start(masterInfo(host, port)).get(settings.startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      close();
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      close();
      throw new IllegalStateException("ECS did not answer within " + settings.startTimeout);
    }
    started = true;
    LOG.info("Mesos master on ECS serving {}", url());
    return this;
  }

  /**
   * Completes, with the reason, when a master started with ZooKeeper stepped down and closed (its candidacy is
   * over; start a new process to contend again). Never completes for a master without ZooKeeper.
   */
  public java.util.concurrent.CompletableFuture<String> terminated() {
    return candidacy == null ? new java.util.concurrent.CompletableFuture<>() : candidacy.terminated();
  }

    /**
   * Whether this master leads and serves frameworks (always, without ZooKeeper, once started): elected, connected
   * to ECS, and done reading every framework's tasks from it.
   */
  public boolean leading() {
    return candidacy == null ? started : candidacy.leadership().leading() && process.ready();
  }

  /** This candidate's node in ZooKeeper ({@code PATH/json.info_N}); null without ZooKeeper. */
  public String zkNode() {
    return candidacy == null ? null : candidacy.node();
  }

  /** {@code http://host:port}: the master string frameworks are given. */
  public URI url() {
    String host = settings.advertise != null ? settings.advertise : connector.getHost();
    return URI.create("http://" + host + ":" + port());
  }

  public int port() {
    return connector.getLocalPort();
  }

  private static Protos.MasterInfo masterInfo(String host, int port) {
    Protos.Address.Builder address = Protos.Address.newBuilder().setHostname(host).setPort(port);
    int ip = 0;
    try {
      InetAddress a = InetAddress.getByName(host);
      if (a instanceof Inet4Address) {
        // Mesos keeps the address in network byte order in a uint32, read on a little-endian host.
        ip = ByteBuffer.wrap(a.getAddress()).order(ByteOrder.LITTLE_ENDIAN).getInt();
        address.setIp(a.getHostAddress());
      }
    } catch (java.net.UnknownHostException e) {
      ip = 0;
    }
    return Protos.MasterInfo.newBuilder().setId("pending").setIp(ip).setPort(port).setHostname(host)
        .setVersion("1.11.0").setPid("master@" + (address.hasIp() ? address.getIp() : host) + ":" + port)
        .setAddress(address).build();
  }

  /** Stops serving; every stream is dropped and every framework's tasks keep running. */
  @Override
  public void close() {
    if (candidacy != null) {
      // From now on the endpoints answer 503 "No leader elected" instead of serving or sending frameworks back here.
      candidacy.leadership().deposed();
    }
    process.close();
    try {
      // Leadership goes last: the next leader reads ECS as soon as it is elected, and must see every task this
      // master's last calls started (a RunTask on the wire now, unseen, would be launched a second time).
      process.awaitClosed(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (candidacy != null) {
      candidacy.close();
    }
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("Stopping the HTTP server: {}", e.toString());
    }
  }

  /**
   * The master's counters: its ECS calls, offers, launches and updates for all frameworks together, and how long
   * frameworks take to use offers (the same figures as an embedded driver's {@code metrics()}). Any thread.
   */
  public com.amazonaws.ecs.mesos.DriverMetrics metrics() {
    return process.metrics();
  }

  /** Whether {@link #start()} completed. */
  public boolean started() {
    return started;
  }
}
