package com.amazonaws.ecs.mesos.master;

import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import com.amazonaws.ecs.mesos.master.internal.Credentials;
import com.amazonaws.ecs.mesos.master.internal.MasterProcess;
import com.amazonaws.ecs.mesos.master.internal.OperatorHandler;
import com.amazonaws.ecs.mesos.master.internal.SchedulerHandler;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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
import software.amazon.awssdk.services.ecs.EcsClient;

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
 * <p>Binds 127.0.0.1 unless told otherwise. With {@link Builder#credentials} frameworks must authenticate
 * (HTTP Basic) and may act only on the framework IDs they subscribed.
 */
public final class EcsMesosMaster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EcsMesosMaster.class);

  private final Builder settings;
  private final MasterProcess process;
  private final Server server;
  private final ServerConnector connector;
  private volatile boolean started;
  /** The master's life as a candidate in ZooKeeper; null without ZooKeeper (it alone leads). */
  private final com.amazonaws.ecs.mesos.master.internal.ha.Candidacy candidacy;

  private EcsMesosMaster(Builder b) {
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
        b.heartbeatInterval.toMillis() / 1000.0);

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

  public static Builder builder() {
    return new Builder();
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

  /** The master's settings; every one has a default but the cluster, which defaults as the driver's does. */
  public static final class Builder {
    private String cluster;
    private String region;
    private URI endpoint;
    private EcsClient ecsClient;
    private Object ec2Client;
    private boolean hostnamesFromEc2 = true;
    private String bind = "127.0.0.1";
    private int port = 5050;
    private String advertise;
    private Credentials credentials = Credentials.none();
    private Duration offerTimeout;
    private Duration pollInterval = Duration.ofSeconds(2);
    private Duration offerInterval = Duration.ofSeconds(1);
    private Duration agentDisconnectTimeout = Duration.ofSeconds(75);
    private Duration teardownTimeout = Duration.ofSeconds(20);
    private Duration statusUpdateRetryInitial = Duration.ofSeconds(10);
    private Duration statusUpdateRetryMax = Duration.ofMinutes(10);
    private Duration startTimeout = Duration.ofMinutes(2);
    private Duration heartbeatInterval = Duration.ofSeconds(15);
    private PortRanges portRange;
    private String defaultImage;
    private double diskPerAgentMb = 10240;
    private Clock clock = Clock.systemUTC();
    private Duration instanceSweepInterval;
    private Duration defaultRefuse = Duration.ofSeconds(5);
    private Duration outageTimeout = Duration.ofSeconds(60);
    private Duration taskMissingGrace = Duration.ofSeconds(30);
    private int maxAttempts = 8;
    private Duration retryBaseDelay = Duration.ofMillis(100);
    private Duration retryMaxDelay = Duration.ofSeconds(5);
    private int maxBodyBytes = 16 * 1024 * 1024;
    private long maxQueuedBytes = 64L * 1024 * 1024;
    private com.amazonaws.ecs.mesos.LaunchCall launchCall = com.amazonaws.ecs.mesos.LaunchCall.RUN_TASK;
    private String eventsQueueUrl;
    private software.amazon.awssdk.services.sqs.SqsClient sqsClient;
    private Duration eventsCheckInterval = Duration.ofSeconds(60);
    private com.amazonaws.ecs.mesos.internal.config.FargateSettings fargate;
    private String zk;
    private Duration zkSessionTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Runs as a candidate among masters contending in ZooKeeper ({@code zk://HOST:PORT[,..]/PATH}, Mesos's layout):
     * a follower redirects frameworks to the leader; elected, it serves; its ZooKeeper connection suspended or
     * lost, it steps down and closes. Default: none (this master alone leads).
     */
    public Builder zk(String address) {
      com.amazonaws.ecs.mesos.master.internal.ha.ZkAddress.parse(address); // fails early on a bad address
      this.zk = address;
      return this;
    }

    /** The ZooKeeper session timeout (default 10 s, as Mesos's {@code --zk_session_timeout}). */
    public Builder zkSessionTimeout(Duration d) {
      this.zkSessionTimeout = d;
      return this;
    }

    /**
     * Offers the cluster's Fargate capacity next to its container instances: one agent per availability zone of
     * {@code subnets}, tasks launched with RunTask on FARGATE (FARGATE_SPOT with {@code spot}) in those subnets,
     * with {@code securityGroups} (empty: the VPC's default), a public IP when {@code assignPublicIp}, and at most
     * {@code cpus} vCPUs (null: the account's Fargate vCPU quota, else 64) shared by the agents. Default: from the master string or
     * {@code AWS_ECS_FARGATE_SUBNETS}, else off.
     */
    public Builder fargate(java.util.List<String> subnets, java.util.List<String> securityGroups,
        boolean assignPublicIp, boolean spot, Integer cpus) {
      this.fargate = new com.amazonaws.ecs.mesos.internal.config.FargateSettings(true, subnets, securityGroups,
          assignPublicIp, spot, cpus);
      return this;
    }

    /** The ECS cluster (name or ARN); else {@code AWS_ECS_CLUSTER}, else {@code default}. */
    public Builder cluster(String name) {
      this.cluster = Objects.requireNonNull(name, "cluster");
      return this;
    }

    public Builder region(String name) {
      this.region = Objects.requireNonNull(name, "region");
      return this;
    }

    /** The ECS endpoint (ecs-local's, in tests and {@code --local}). */
    public Builder endpoint(URI url) {
      this.endpoint = Objects.requireNonNull(url, "endpoint");
      return this;
    }

    /** The ECS client to use (never closed by the master). */
    public Builder ecsClient(EcsClient client) {
      this.ecsClient = Objects.requireNonNull(client, "ecsClient");
      return this;
    }

    /** The EC2 client for agents' hostnames (an {@code Ec2Client}; never closed by the master). */
    public Builder ec2Client(Object client) {
      this.ec2Client = Objects.requireNonNull(client, "ec2Client");
      return this;
    }

    /** False: agents are named by their EC2 instance IDs, EC2 is never asked. */
    public Builder hostnamesFromEc2(boolean ask) {
      this.hostnamesFromEc2 = ask;
      return this;
    }

    /** The address to listen on (default 127.0.0.1). */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address, "bind");
      return this;
    }

    /** The port (default 5050, Mesos's; 0 picks a free one). */
    public Builder port(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + p);
      }
      this.port = p;
      return this;
    }

    /** The host frameworks are told to reach the master at (MasterInfo, /redirect); default: the bind address. */
    public Builder advertise(String host) {
      this.advertise = Objects.requireNonNull(host, "advertise");
      return this;
    }

    /** Frameworks must authenticate (HTTP Basic) as one of these principals. */
    public Builder credentials(Credentials c) {
      this.credentials = Objects.requireNonNull(c, "credentials");
      return this;
    }

    /** Mesos's {@code --offer_timeout}: offers held longer are rescinded (default: never). */
    public Builder offerTimeout(Duration d) {
      this.offerTimeout = Objects.requireNonNull(d, "offerTimeout");
      return this;
    }

    public Builder pollInterval(Duration d) {
      this.pollInterval = Objects.requireNonNull(d, "pollInterval");
      return this;
    }

    /** Mesos's allocation interval (default 1 s). */
    public Builder offerInterval(Duration d) {
      this.offerInterval = Objects.requireNonNull(d, "offerInterval");
      return this;
    }

    public Builder agentDisconnectTimeout(Duration d) {
      this.agentDisconnectTimeout = Objects.requireNonNull(d, "agentDisconnectTimeout");
      return this;
    }

    public Builder teardownTimeout(Duration d) {
      this.teardownTimeout = Objects.requireNonNull(d, "teardownTimeout");
      return this;
    }

    /** Resend interval of unacknowledged updates: {@code initial}, doubling up to {@code max} (10 s, 10 min). */
    public Builder statusUpdateRetry(Duration initial, Duration max) {
      this.statusUpdateRetryInitial = Objects.requireNonNull(initial, "initial");
      this.statusUpdateRetryMax = Objects.requireNonNull(max, "max");
      return this;
    }

    /**
     * The interval of HEARTBEAT events (Mesos: always 15 s). Shorter in tests: a client that left is noticed
     * when an event to it cannot be written.
     */
    public Builder heartbeatInterval(Duration d) {
      this.heartbeatInterval = Objects.requireNonNull(d, "heartbeatInterval");
      return this;
    }

    /** How long {@link #start()} waits for ECS (default 2 minutes). */
    public Builder startTimeout(Duration d) {
      this.startTimeout = Objects.requireNonNull(d, "startTimeout");
      return this;
    }

    /** Host ports offered, e.g. {@code 31000-32000} (Mesos's default). */
    public Builder portRange(String ranges) {
      this.portRange = PortRanges.parse(Objects.requireNonNull(ranges, "portRange"));
      return this;
    }

    public Builder defaultImage(String image) {
      this.defaultImage = Objects.requireNonNull(image, "defaultImage");
      return this;
    }

    public Builder diskPerAgentMb(double mb) {
      this.diskPerAgentMb = mb;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Fixed interval of full container-instance sweeps (default: adaptive to the cluster's size). */
    public Builder instanceSweepInterval(Duration d) {
      this.instanceSweepInterval = Objects.requireNonNull(d, "instanceSweepInterval");
      return this;
    }

    /** How long a declined or unused resource is refused when a call gives no filter (Mesos: 5 s). */
    public Builder defaultRefuse(Duration d) {
      this.defaultRefuse = Objects.requireNonNull(d, "defaultRefuse");
      return this;
    }

    /**
     * How long ECS may fail every call before subscribed frameworks are told the cluster is unreachable
     * (default 60 s).
     */
    public Builder outageTimeout(Duration d) {
      this.outageTimeout = Objects.requireNonNull(d, "outageTimeout");
      return this;
    }

    /** How long a launched task ECS does not list is given before it is reported gone (default 30 s). */
    public Builder taskMissingGrace(Duration d) {
      this.taskMissingGrace = Objects.requireNonNull(d, "taskMissingGrace");
      return this;
    }

    /** Attempts per ECS call and the backoff between them (default 8, from 100 ms up to 5 s, with jitter). */
    public Builder retries(int attempts, Duration baseDelay, Duration maxDelay) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
      }
      this.maxAttempts = attempts;
      this.retryBaseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
      this.retryMaxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
      return this;
    }

    /** Largest call body accepted (default 16 MiB); larger ones get 413. */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /** Events waiting for a slow subscriber beyond which it is dropped (default 64 MiB). */
    public Builder maxQueuedBytes(long bytes) {
      this.maxQueuedBytes = bytes;
      return this;
    }

    /** The ECS call that launches tasks (default RunTask, exactly once; see {@link com.amazonaws.ecs.mesos.LaunchCall}). */
    public Builder launchCall(com.amazonaws.ecs.mesos.LaunchCall call) {
      this.launchCall = Objects.requireNonNull(call, "launchCall");
      return this;
    }

    /**
     * The SQS queue of the cluster's ECS events ({@code ecs-mesos events setup}); default
     * {@code AWS_ECS_EVENTS_QUEUE}, else none: status is polled. See the driver's {@code eventsQueueUrl}.
     */
    public Builder eventsQueueUrl(String queueUrl) {
      this.eventsQueueUrl = Objects.requireNonNull(queueUrl, "eventsQueueUrl");
      return this;
    }

    /** The SQS client that reads the events queue (default: built with the ECS client's credentials). */
    public Builder sqsClient(software.amazon.awssdk.services.sqs.SqsClient client) {
      this.sqsClient = Objects.requireNonNull(client, "sqsClient");
      return this;
    }

    /** With events flowing, how often every live task is still described (default 60 s). */
    public Builder eventsCheckInterval(Duration interval) {
      this.eventsCheckInterval = Objects.requireNonNull(interval, "eventsCheckInterval");
      return this;
    }

    public EcsMesosMaster build() {
      return new EcsMesosMaster(this);
    }
  }
}
