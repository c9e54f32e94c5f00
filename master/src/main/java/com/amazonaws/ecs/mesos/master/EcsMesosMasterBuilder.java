package com.amazonaws.ecs.mesos.master;

import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import com.amazonaws.ecs.mesos.master.internal.Credentials;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The settings of an {@link EcsMesosMaster} ({@link EcsMesosMaster#builder()}); every one has a default but the
 * cluster, which defaults as the driver's does.
 */
public final class EcsMesosMasterBuilder {
  String cluster;
  String region;
  URI endpoint;
  EcsClient ecsClient;
  Object ec2Client;
  boolean hostnamesFromEc2 = true;
  String bind = "127.0.0.1";
  int port = 5050;
  String advertise;
  Credentials credentials = Credentials.none();
  Duration offerTimeout;
  Duration pollInterval = Duration.ofSeconds(2);
  Duration offerInterval = Duration.ofSeconds(1);
  Duration agentDisconnectTimeout = Duration.ofSeconds(75);
  Duration teardownTimeout = Duration.ofSeconds(20);
  Duration statusUpdateRetryInitial = Duration.ofSeconds(10);
  Duration statusUpdateRetryMax = Duration.ofMinutes(10);
  Duration startTimeout = Duration.ofMinutes(2);
  Duration heartbeatInterval = Duration.ofSeconds(15);
  PortRanges portRange;
  String defaultImage;
  double diskPerAgentMb = 10240;
  Clock clock = Clock.systemUTC();
  Duration instanceSweepInterval;
  Duration defaultRefuse = Duration.ofSeconds(5);
  Duration outageTimeout = Duration.ofSeconds(60);
  Duration taskMissingGrace = Duration.ofSeconds(30);
  Duration orphanSweepInterval = Duration.ofSeconds(60);
  int maxAttempts = 8;
  Duration retryBaseDelay = Duration.ofMillis(100);
  Duration retryMaxDelay = Duration.ofSeconds(5);
  int maxBodyBytes = 16 * 1024 * 1024;
  long maxQueuedBytes = 64L * 1024 * 1024;
  com.amazonaws.ecs.mesos.LaunchCall launchCall = com.amazonaws.ecs.mesos.LaunchCall.RUN_TASK;
  String eventsQueueUrl;
  software.amazon.awssdk.services.sqs.SqsClient sqsClient;
  Duration eventsCheckInterval = Duration.ofSeconds(60);
  com.amazonaws.ecs.mesos.internal.config.FargateSettings fargate;
  String zk;
  Duration zkSessionTimeout = Duration.ofSeconds(10);

  EcsMesosMasterBuilder() {}

  /**
   * Runs as a candidate among masters contending in ZooKeeper ({@code zk://HOST:PORT[,..]/PATH}, Mesos's layout):
   * a follower redirects frameworks to the leader; elected, it serves; its ZooKeeper connection suspended or
   * lost, it steps down and closes. Default: none (this master alone leads).
   */
  public EcsMesosMasterBuilder zk(String address) {
    com.amazonaws.ecs.mesos.master.internal.ha.ZkAddress.parse(address); // fails early on a bad address
    this.zk = address;
    return this;
  }

  /** The ZooKeeper session timeout (default 10 s, as Mesos's {@code --zk_session_timeout}). */
  public EcsMesosMasterBuilder zkSessionTimeout(Duration d) {
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
  public EcsMesosMasterBuilder fargate(java.util.List<String> subnets, java.util.List<String> securityGroups,
      boolean assignPublicIp, boolean spot, Integer cpus) {
    this.fargate = new com.amazonaws.ecs.mesos.internal.config.FargateSettings(true, subnets, securityGroups,
        assignPublicIp, spot, cpus);
    return this;
  }

  /** The ECS cluster (name or ARN); else {@code AWS_ECS_CLUSTER}, else {@code default}. */
  public EcsMesosMasterBuilder cluster(String name) {
    this.cluster = Objects.requireNonNull(name, "cluster");
    return this;
  }

  public EcsMesosMasterBuilder region(String name) {
    this.region = Objects.requireNonNull(name, "region");
    return this;
  }

  /** The ECS endpoint (ecs-local's, in tests and {@code --local}). */
  public EcsMesosMasterBuilder endpoint(URI url) {
    this.endpoint = Objects.requireNonNull(url, "endpoint");
    return this;
  }

  /** The ECS client to use (never closed by the master). */
  public EcsMesosMasterBuilder ecsClient(EcsClient client) {
    this.ecsClient = Objects.requireNonNull(client, "ecsClient");
    return this;
  }

  /** The EC2 client for agents' hostnames (an {@code Ec2Client}; never closed by the master). */
  public EcsMesosMasterBuilder ec2Client(Object client) {
    this.ec2Client = Objects.requireNonNull(client, "ec2Client");
    return this;
  }

  /** False: agents are named by their EC2 instance IDs, EC2 is never asked. */
  public EcsMesosMasterBuilder hostnamesFromEc2(boolean ask) {
    this.hostnamesFromEc2 = ask;
    return this;
  }

  /** The address to listen on (default 127.0.0.1). */
  public EcsMesosMasterBuilder bind(String address) {
    this.bind = Objects.requireNonNull(address, "bind");
    return this;
  }

  /** The port (default 5050, Mesos's; 0 picks a free one). */
  public EcsMesosMasterBuilder port(int p) {
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, got " + p);
    }
    this.port = p;
    return this;
  }

  /** The host frameworks are told to reach the master at (MasterInfo, /redirect); default: the bind address. */
  public EcsMesosMasterBuilder advertise(String host) {
    this.advertise = Objects.requireNonNull(host, "advertise");
    return this;
  }

  /** Frameworks must authenticate (HTTP Basic) as one of these principals. */
  public EcsMesosMasterBuilder credentials(Credentials c) {
    this.credentials = Objects.requireNonNull(c, "credentials");
    return this;
  }

  /** Mesos's {@code --offer_timeout}: offers held longer are rescinded (default: never). */
  public EcsMesosMasterBuilder offerTimeout(Duration d) {
    this.offerTimeout = Objects.requireNonNull(d, "offerTimeout");
    return this;
  }

  public EcsMesosMasterBuilder pollInterval(Duration d) {
    this.pollInterval = Objects.requireNonNull(d, "pollInterval");
    return this;
  }

  /** Mesos's allocation interval (default 1 s). */
  public EcsMesosMasterBuilder offerInterval(Duration d) {
    this.offerInterval = Objects.requireNonNull(d, "offerInterval");
    return this;
  }

  public EcsMesosMasterBuilder agentDisconnectTimeout(Duration d) {
    this.agentDisconnectTimeout = Objects.requireNonNull(d, "agentDisconnectTimeout");
    return this;
  }

  public EcsMesosMasterBuilder teardownTimeout(Duration d) {
    this.teardownTimeout = Objects.requireNonNull(d, "teardownTimeout");
    return this;
  }

  /** Resend interval of unacknowledged updates: {@code initial}, doubling up to {@code max} (10 s, 10 min). */
  public EcsMesosMasterBuilder statusUpdateRetry(Duration initial, Duration max) {
    this.statusUpdateRetryInitial = Objects.requireNonNull(initial, "initial");
    this.statusUpdateRetryMax = Objects.requireNonNull(max, "max");
    return this;
  }

  /**
   * The interval of HEARTBEAT events (Mesos: always 15 s). Shorter in tests: a client that left is noticed
   * when an event to it cannot be written.
   */
  public EcsMesosMasterBuilder heartbeatInterval(Duration d) {
    this.heartbeatInterval = Objects.requireNonNull(d, "heartbeatInterval");
    return this;
  }

  /** How long {@link #start()} waits for ECS (default 2 minutes). */
  public EcsMesosMasterBuilder startTimeout(Duration d) {
    this.startTimeout = Objects.requireNonNull(d, "startTimeout");
    return this;
  }

  /** Host ports offered, e.g. {@code 31000-32000} (Mesos's default). */
  public EcsMesosMasterBuilder portRange(String ranges) {
    this.portRange = PortRanges.parse(Objects.requireNonNull(ranges, "portRange"));
    return this;
  }

  public EcsMesosMasterBuilder defaultImage(String image) {
    this.defaultImage = Objects.requireNonNull(image, "defaultImage");
    return this;
  }

  public EcsMesosMasterBuilder diskPerAgentMb(double mb) {
    this.diskPerAgentMb = mb;
    return this;
  }

  public EcsMesosMasterBuilder clock(Clock c) {
    this.clock = Objects.requireNonNull(c, "clock");
    return this;
  }

  /** Fixed interval of full container-instance sweeps (default: adaptive to the cluster's size). */
  public EcsMesosMasterBuilder instanceSweepInterval(Duration d) {
    this.instanceSweepInterval = Objects.requireNonNull(d, "instanceSweepInterval");
    return this;
  }

  /** How long a declined or unused resource is refused when a call gives no filter (Mesos: 5 s). */
  public EcsMesosMasterBuilder defaultRefuse(Duration d) {
    this.defaultRefuse = Objects.requireNonNull(d, "defaultRefuse");
    return this;
  }

  /**
   * How long ECS may fail every call before subscribed frameworks are told the cluster is unreachable
   * (default 60 s).
   */
  public EcsMesosMasterBuilder outageTimeout(Duration d) {
    this.outageTimeout = Objects.requireNonNull(d, "outageTimeout");
    return this;
  }

  /** How long a launched task ECS does not list is given before it is reported gone (default 30 s). */
  public EcsMesosMasterBuilder taskMissingGrace(Duration d) {
    this.taskMissingGrace = Objects.requireNonNull(d, "taskMissingGrace");
    return this;
  }

  /**
   * How often the ECS tasks tagged with a subscribed framework's ID are listed for ones the master does not track
   * (a dead master's launch that ECS carried out after this one read the cluster); such a task is stopped once it
   * has been unknown for this long (default 60 s; each sweep costs a framework with T tasks ⌈T/100⌉ ECS reads).
   */
  public EcsMesosMasterBuilder orphanSweepInterval(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("orphanSweepInterval must be positive: " + d);
    }
    this.orphanSweepInterval = d;
    return this;
  }

  /** Attempts per ECS call and the backoff between them (default 8, from 100 ms up to 5 s, with jitter). */
  public EcsMesosMasterBuilder retries(int attempts, Duration baseDelay, Duration maxDelay) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    this.maxAttempts = attempts;
    this.retryBaseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
    this.retryMaxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
    return this;
  }

  /** Largest call body accepted (default 16 MiB); larger ones get 413. */
  public EcsMesosMasterBuilder maxBodyBytes(int bytes) {
    this.maxBodyBytes = bytes;
    return this;
  }

  /** Events waiting for a slow subscriber beyond which it is dropped (default 64 MiB). */
  public EcsMesosMasterBuilder maxQueuedBytes(long bytes) {
    this.maxQueuedBytes = bytes;
    return this;
  }

  /** The ECS call that launches tasks (default RunTask, exactly once; see {@link com.amazonaws.ecs.mesos.LaunchCall}). */
  public EcsMesosMasterBuilder launchCall(com.amazonaws.ecs.mesos.LaunchCall call) {
    this.launchCall = Objects.requireNonNull(call, "launchCall");
    return this;
  }

  /**
   * The SQS queue of the cluster's ECS events ({@code ecs-mesos events setup}); default
   * {@code AWS_ECS_EVENTS_QUEUE}, else none: status is polled. See the driver's {@code eventsQueueUrl}.
   */
  public EcsMesosMasterBuilder eventsQueueUrl(String queueUrl) {
    this.eventsQueueUrl = Objects.requireNonNull(queueUrl, "eventsQueueUrl");
    return this;
  }

  /** The SQS client that reads the events queue (default: built with the ECS client's credentials). */
  public EcsMesosMasterBuilder sqsClient(software.amazon.awssdk.services.sqs.SqsClient client) {
    this.sqsClient = Objects.requireNonNull(client, "sqsClient");
    return this;
  }

  /** With events flowing, how often every live task is still described (default 60 s). */
  public EcsMesosMasterBuilder eventsCheckInterval(Duration interval) {
    this.eventsCheckInterval = Objects.requireNonNull(interval, "eventsCheckInterval");
    return this;
  }

  public EcsMesosMaster build() {
    return new EcsMesosMaster(this);
  }
}
