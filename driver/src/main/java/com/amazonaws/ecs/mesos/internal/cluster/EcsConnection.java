package com.amazonaws.ecs.mesos.internal.cluster;

import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.config.FargateSettings;
import com.amazonaws.ecs.mesos.internal.ecs.FargateQuotas;
import com.amazonaws.ecs.mesos.internal.ecs.Ec2Hostnames;
import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsTarget;
import com.amazonaws.ecs.mesos.internal.ecs.Hostnames;
import com.amazonaws.ecs.mesos.internal.ecs.RateLimiter;
import com.amazonaws.ecs.mesos.internal.ecs.RetryPolicy;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;

/**
 * The driver's link to one ECS cluster: the resolved target (cluster, region, endpoint, port range), the
 * I/O threads and timer its calls run on, and the {@link EcsGateway} over the ECS client (built here from
 * the SDK's defaults, or the one injected) and the EC2 client for hostnames. {@link #close()} releases
 * every thread and every client the driver built; an injected client is never closed.
 *
 * <p>Built on an I/O thread ({@link #open}): credential and region chains may be slow.
 */
public final class EcsConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EcsConnection.class);
  /** The Mesos version frameworks are told (Marathon refuses masters older than 1.5.0). */
  public static final String MESOS_VERSION = "1.11.0";

  private final ExecutorService io;
  private final ScheduledThreadPoolExecutor timer;
  private final String threadPrefix;
  private com.amazonaws.ecs.mesos.internal.events.EventQueue events;
  private EcsGateway gateway;
  private boolean closed;
  private String region;
  private FargateSettings fargate = FargateSettings.OFF;
  private URI endpoint;
  private PortRanges portRange;

  private EcsConnection(String threadPrefix, int ioThreads) {
    this.threadPrefix = threadPrefix;
    ThreadPoolExecutor pool = new ThreadPoolExecutor(ioThreads, ioThreads, 5, TimeUnit.SECONDS,
        EcsGateway.ioQueue(), daemonThreads(threadPrefix + "-io"));
    pool.allowCoreThreadTimeOut(true); // an idle driver keeps no I/O threads
    this.io = pool;
    this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads(threadPrefix + "-timer"));
    this.timer.setRemoveOnCancelPolicy(true);
  }

  /** The executors to build on; {@link #open} must follow, on one of the I/O threads. */
  public static EcsConnection executors(String threadPrefix, int ioThreads) {
    return new EcsConnection(threadPrefix, ioThreads);
  }

  ExecutorService io() {
    return io;
  }

  /** Resolves the target and builds (or adopts) the clients and the gateway. Runs on an I/O thread. */
  public EcsConnection open(DriverConfig config, MetricsRecorder metrics) {
    EcsTarget target = EcsTarget.resolve(config.cluster, config.region, config.endpoint, config.master,
        config.environment, config.eventsQueueUrl);
    fargate = FargateSettings.resolve(config.fargate,
        EcsTarget.parseMaster(config.master), config.environment);
    portRange = config.portRange != null ? config.portRange
        : target.ports() != null ? PortRanges.parse(target.ports()) : PortRanges.MESOS_DEFAULT;
    if (target.masterIgnored()) {
      LOG.info("Master '{}' is not an ecs:// address and means nothing on ECS; ignored. Using {}", config.master,
          target);
    }
    List<AutoCloseable> owned = new ArrayList<>();
    EcsClient ecs = config.ecsClient;
    if (ecs == null) {
      EcsClientBuilder b = EcsClient.builder()
          .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()));
      if (target.region() != null) {
        b.region(software.amazon.awssdk.regions.Region.of(target.region()));
      }
      if (target.endpoint() != null) {
        b.endpointOverride(target.endpoint());
      }
      ecs = b.build();
      owned.add(ecs);
    }
    region = ecs.serviceClientConfiguration().region() == null ? target.region()
        : ecs.serviceClientConfiguration().region().id();
    endpoint = ecs.serviceClientConfiguration().endpointOverride().isPresent()
        ? ecs.serviceClientConfiguration().endpointOverride().get() : defaultEndpoint(region);
    Hostnames hostnames = null;
    Duration hostnameTimeout = hostnameTimeout(config.callTimeout);
    if (config.ec2Client != null) {
      hostnames = Ec2Hostnames.of(config.ec2Client, EcsGateway.requestOverrides(hostnameTimeout, false));
    } else if (config.hostnamesFromEc2 && Ec2Hostnames.available()) {
      try {
        hostnames = Ec2Hostnames.create(region, target.ec2Endpoint(), EcsGateway.requestOverrides(hostnameTimeout,
            false));
        owned.add(hostnames);
      } catch (RuntimeException e) {
        LOG.warn("No EC2 client ({}); agents are named by their EC2 instance IDs", EcsErrors.describe(e));
      }
    }
    if (fargate.enabled() && fargate.cpus() == null) {
      fargate = withQuota(fargate, ecs, hostnameTimeout);
    }
    com.amazonaws.ecs.mesos.internal.events.EventQueue queue = target.eventsQueue() == null ? null
        : eventQueue(config, target.eventsQueue(), ecs, region);
    RetryPolicy retry = new RetryPolicy(config.maxAttempts, config.retryBaseDelay.toMillis(),
        config.retryMaxDelay.toMillis(), new Random(config.seed));
    EcsGateway built = new EcsGateway(ecs, hostnames, target.cluster(), io, timer, RateLimiter.ecs(timer), retry,
        config.callTimeout, owned, metrics);
    synchronized (this) {
      gateway = built;
      events = queue;
      if (closed) {
        built.close(); // the driver ended while the clients were being built
        if (queue != null) {
          queue.close();
        }
      }
    }
    return this;
  }

  /**
   * The reader of the events queue: the injected SQS client, or one built with the ECS client's credentials and
   * region, at the queue URL's own host unless that is AWS's ({@link
   * com.amazonaws.ecs.mesos.internal.events.EventQueue#endpointOf}).
   */
  private com.amazonaws.ecs.mesos.internal.events.EventQueue eventQueue(DriverConfig config, URI queueUrl,
      EcsClient ecs, String regionId) {
    software.amazon.awssdk.services.sqs.SqsClient sqs = config.sqsClient;
    boolean owned = sqs == null;
    if (sqs == null) {
      software.amazon.awssdk.services.sqs.SqsClientBuilder b = software.amazon.awssdk.services.sqs.SqsClient.builder()
          .credentialsProvider(ecs.serviceClientConfiguration().credentialsProvider());
      if (regionId != null) {
        b.region(software.amazon.awssdk.regions.Region.of(regionId));
      }
      URI endpointOverride = com.amazonaws.ecs.mesos.internal.events.EventQueue.endpointOf(queueUrl);
      if (endpointOverride != null) {
        b.endpointOverride(endpointOverride);
      }
      sqs = b.build();
    }
    return new com.amazonaws.ecs.mesos.internal.events.EventQueue(sqs, queueUrl.toString(), owned, threadPrefix);
  }

  /**
   * Fargate's ceiling when none is configured: the account's vCPU quota from Service Quotas (at the ECS endpoint
   * when that is overridden, as ecs-local serves both), else {@value FargateSettings#DEFAULT_CPUS}.
   */
  private FargateSettings withQuota(FargateSettings settings, EcsClient ecs, Duration timeout) {
    java.net.URI override = ecs.serviceClientConfiguration().endpointOverride().orElse(null);
    if (region == null) {
      LOG.warn("No region: cannot read the Fargate vCPU quota; the Fargate agents offer {} vCPUs (fargateCpus)",
          FargateSettings.DEFAULT_CPUS);
      return settings;
    }
    try {
      int quota = FargateQuotas.read(ecs.serviceClientConfiguration().credentialsProvider(), region,
          FargateQuotas.endpoint(override, region), settings.spot(), timeout);
      LOG.info("The account's {} vCPU quota is {}: the Fargate agents offer that much", settings.capacityProvider(),
          quota);
      return settings.withCpus(Math.max(1, quota));
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("Cannot read the Fargate vCPU quota from Service Quotas ({}); the Fargate agents offer {} vCPUs "
          + "(set fargateCpus, fargateCpus= or --fargate-cpus to say how many)", e.getMessage(),
          FargateSettings.DEFAULT_CPUS);
      return settings;
    }
  }

  /** The events queue's reader, or null when status comes from polling only. */
  public synchronized com.amazonaws.ecs.mesos.internal.events.EventQueue events() {
    return events;
  }

  public synchronized EcsGateway gateway() {
    return gateway;
  }

  String region() {
    return region;
  }

  URI endpoint() {
    return endpoint;
  }

  PortRanges portRange() {
    return portRange;
  }

  /** Whether and how the cluster's Fargate capacity is offered. */
  FargateSettings fargate() {
    return fargate;
  }

  /** New agents are offered only once named: an EC2 that does not answer must not hold offers back long. */
  private static Duration hostnameTimeout(Duration callTimeout) {
    Duration cap = Duration.ofSeconds(5);
    return callTimeout.compareTo(cap) < 0 ? callTimeout : cap;
  }

  private static URI defaultEndpoint(String region) {
    if (region == null) {
      return URI.create("https://ecs.amazonaws.com");
    }
    return URI.create("https://ecs." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
  }

  /**
   * What the framework is told of its "master": the ECS endpoint (host, port, IPv4 when the host is one),
   * version 1.11.0 (Marathon requires at least 1.5.0), the cluster ARN as ID, and
   * the region as fault domain.
   */
  Protos.MasterInfo masterInfo(String clusterArn) {
    String host = endpoint.getHost() == null ? "ecs" : endpoint.getHost();
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : "http".equalsIgnoreCase(endpoint.getScheme()) ? 80 : 443;
    int ip = 0;
    String ipText = null;
    try {
      if (host.matches("[0-9.]+")) {
        InetAddress address = InetAddress.getByName(host);
        if (address instanceof Inet4Address) {
          // Mesos keeps the address in network byte order in a uint32, read on a little-endian host.
          ip = ByteBuffer.wrap(address.getAddress()).order(ByteOrder.LITTLE_ENDIAN).getInt();
          ipText = host;
        }
      }
    } catch (java.net.UnknownHostException e) {
      ip = 0;
    }
    Protos.Address.Builder address = Protos.Address.newBuilder().setHostname(host).setPort(port);
    if (ipText != null) {
      address.setIp(ipText);
    }
    Protos.MasterInfo.Builder info = Protos.MasterInfo.newBuilder()
        .setId(clusterArn != null ? clusterArn : "ecs:" + region + ":" + gateway.cluster())
        .setIp(ip)
        .setPort(port)
        .setHostname(host)
        .setVersion(MESOS_VERSION)
        .setAddress(address);
    if (region != null) {
      // FaultDomain needs a zone; the ECS endpoint serves the whole region, so the zone is the region too.
      info.setDomain(Protos.DomainInfo.newBuilder().setFaultDomain(Protos.DomainInfo.FaultDomain.newBuilder()
          .setRegion(Protos.DomainInfo.FaultDomain.RegionInfo.newBuilder().setName(region))
          .setZone(Protos.DomainInfo.FaultDomain.ZoneInfo.newBuilder().setName(region))));
    }
    return info.build();
  }

  /** Stops every call (waiting ones fail as not sent), closes the clients the driver built, ends the threads. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (gateway != null) {
        gateway.close();
      }
      if (events != null) {
        events.close();
      }
    }
    io.shutdownNow();
    timer.shutdownNow();
  }

  /**
   * Waits up to {@code millis} for the I/O threads to end after {@link #close()}: a call on the wire when the
   * connection closed is answered or abandoned by then. A master hands over its leadership only after this, so
   * that its successor's read of ECS sees every task its last calls started.
   */
  public boolean awaitClosed(long millis) throws InterruptedException {
    return io.awaitTermination(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  static ThreadFactory daemonThreads(final String prefix) {
    final AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
