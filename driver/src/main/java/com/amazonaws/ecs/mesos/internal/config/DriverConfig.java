package com.amazonaws.ecs.mesos.internal.config;

import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Everything the driver was configured with, immutable: what the public builder collected, handed to the
 * loop. Values are checked by the builder; nothing here talks to AWS.
 */
public final class DriverConfig {
  public final Protos.FrameworkInfo framework;
  public final String master;
  public final boolean implicitAcknowledgements;
  public final Set<String> suppressedRoles;
  /** Null: the driver builds its own client from the resolved target. */
  public final EcsClient ecsClient;
  /** An {@code Ec2Client} or null; typed Object so the EC2 SDK stays optional. */
  public final Object ec2Client;
  public final boolean hostnamesFromEc2;
  public final String cluster;
  public final String region;
  public final URI endpoint;
  public final Map<String, String> environment;
  public final Clock clock;
  public final Duration pollInterval;
  public final Duration offerInterval;
  /** Fixed interval of full instance sweeps; null: adaptive ({@code DriverProcess#fullSweepIntervalMillis}). */
  public final Duration instanceSweepInterval;
  public final Duration defaultRefuse;
  public final Duration agentDisconnectTimeout;
  public final Duration outageTimeout;
  public final Duration callTimeout;
  public final Duration teardownTimeout;
  public final Duration statusUpdateRetryInitial;
  public final Duration statusUpdateRetryMax;
  public final Duration missingGrace;
  public final PortRanges portRange;
  public final String defaultImage;
  public final double diskPerAgentMb;
  public final int ioThreads;
  public final com.amazonaws.ecs.mesos.LaunchCall launchCall;
  /** The SQS queue of the cluster's ECS events; null: from the master string or the environment, else none. */
  public final String eventsQueueUrl;
  /** Null: the driver builds its SQS client (the ECS client's credentials and region). */
  public final software.amazon.awssdk.services.sqs.SqsClient sqsClient;
  /** With events flowing: how often every live task is still described, to catch an event that never came. */
  public final Duration eventsCheckInterval;
  /** With events flowing, how long a task expected to change may hear nothing before it is described. */
  public final Duration eventsSilence;
  /** Null: from the master string or the environment, else off. */
  public final FargateSettings fargate;
  /** Whether the driver's metrics are registered as an MXBean while it runs. */
  public final boolean jmx;
  public final int maxAttempts;
  public final Duration retryBaseDelay;
  public final Duration retryMaxDelay;
  public final long seed;

  private DriverConfig(Builder b) {
    this.framework = b.framework;
    this.master = b.master;
    this.implicitAcknowledgements = b.implicitAcknowledgements;
    this.suppressedRoles = Collections.unmodifiableSet(new LinkedHashSet<>(b.suppressedRoles));
    this.ecsClient = b.ecsClient;
    this.ec2Client = b.ec2Client;
    this.hostnamesFromEc2 = b.hostnamesFromEc2;
    this.cluster = b.cluster;
    this.region = b.region;
    this.endpoint = b.endpoint;
    this.environment = b.environment;
    this.clock = b.clock;
    this.pollInterval = b.pollInterval;
    this.offerInterval = b.offerInterval;
    this.instanceSweepInterval = b.instanceSweepInterval;
    this.defaultRefuse = b.defaultRefuse;
    this.agentDisconnectTimeout = b.agentDisconnectTimeout;
    this.outageTimeout = b.outageTimeout;
    this.callTimeout = b.callTimeout;
    this.teardownTimeout = b.teardownTimeout;
    this.statusUpdateRetryInitial = b.statusUpdateRetryInitial;
    this.statusUpdateRetryMax = b.statusUpdateRetryMax;
    this.missingGrace = b.missingGrace;
    this.portRange = b.portRange;
    this.defaultImage = b.defaultImage;
    this.diskPerAgentMb = b.diskPerAgentMb;
    this.ioThreads = b.ioThreads;
    this.launchCall = b.launchCall != null ? b.launchCall : launchCallFrom(b.environment);
    this.eventsQueueUrl = b.eventsQueueUrl;
    this.sqsClient = b.sqsClient;
    this.eventsCheckInterval = b.eventsCheckInterval;
    this.eventsSilence = b.eventsSilence != null ? b.eventsSilence
        : Duration.ofMillis(Math.max(5000, 3 * b.pollInterval.toMillis()));
    this.fargate = b.fargate;
    this.jmx = b.jmx;
    this.maxAttempts = b.maxAttempts;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.seed = b.seed;
  }

  /** The environment variable that chooses the launch call where no builder is at hand (the drop-in jar). */
  public static final String ENV_LAUNCH_CALL = "AWS_ECS_LAUNCH_CALL";

  /**
   * {@code AWS_ECS_LAUNCH_CALL}: {@code start-task} or {@code run-task} (any case, {@code _} for {@code -});
   * RunTask when unset, and when the value is neither (with a warning: a typo must not stop a framework).
   */
  public static com.amazonaws.ecs.mesos.LaunchCall launchCallFrom(Map<String, String> environment) {
    String v = environment == null ? null : environment.get(ENV_LAUNCH_CALL);
    if (v == null || v.trim().isEmpty()) {
      return com.amazonaws.ecs.mesos.LaunchCall.RUN_TASK;
    }
    String norm = v.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    if (norm.equals("start-task")) {
      return com.amazonaws.ecs.mesos.LaunchCall.START_TASK;
    }
    if (!norm.equals("run-task")) {
      org.slf4j.LoggerFactory.getLogger(DriverConfig.class).warn("{}='{}' is neither run-task nor start-task; "
          + "launching with RunTask", ENV_LAUNCH_CALL, v);
    }
    return com.amazonaws.ecs.mesos.LaunchCall.RUN_TASK;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable holder the public builder fills in; defaults are the production ones. */
  public static final class Builder {
    public Protos.FrameworkInfo framework;
    public String master;
    public boolean implicitAcknowledgements = true;
    public Set<String> suppressedRoles = Collections.emptySet();
    public EcsClient ecsClient;
    public Object ec2Client;
    public boolean hostnamesFromEc2 = true;
    public String cluster;
    public String region;
    public URI endpoint;
    public Map<String, String> environment = System.getenv();
    public Clock clock = Clock.systemUTC();
    public Duration pollInterval = Duration.ofSeconds(2);
    public Duration offerInterval = Duration.ofSeconds(1);
    public Duration instanceSweepInterval;
    public Duration defaultRefuse = Duration.ofSeconds(5);
    public Duration agentDisconnectTimeout = Duration.ofSeconds(75);
    public Duration outageTimeout = Duration.ofSeconds(60);
    public Duration callTimeout = Duration.ofSeconds(30);
    public Duration teardownTimeout = Duration.ofSeconds(20);
    public Duration statusUpdateRetryInitial = Duration.ofSeconds(10);
    public Duration statusUpdateRetryMax = Duration.ofMinutes(10);
    public Duration missingGrace = Duration.ofSeconds(30);
    /** Null: from the master string, else {@code AWS_ECS_PORT_RANGE}, else Mesos's 31000-32000. */
    public PortRanges portRange;
    /** Null: {@code AWS_ECS_DEFAULT_IMAGE}, else a small public shell image. */
    public String defaultImage;
    public double diskPerAgentMb = 10240;
    public int ioThreads = 16;
    /** Null: {@code AWS_ECS_LAUNCH_CALL}, else RunTask. */
    public com.amazonaws.ecs.mesos.LaunchCall launchCall;
    /** Null: {@code events=} of the master string, else {@code AWS_ECS_EVENTS_QUEUE}, else polling only. */
    public String eventsQueueUrl;
    public software.amazon.awssdk.services.sqs.SqsClient sqsClient;
    public Duration eventsCheckInterval = Duration.ofSeconds(60);
    /** Null: three poll intervals, at least 5 s. */
    public Duration eventsSilence;
    /** Null: {@code fargate=} and {@code subnets=} of the master string, else {@code AWS_ECS_FARGATE_SUBNETS}. */
    public FargateSettings fargate;
    public boolean jmx = true;
    public int maxAttempts = 8;
    public Duration retryBaseDelay = Duration.ofMillis(100);
    public Duration retryMaxDelay = Duration.ofSeconds(5);
    public long seed = System.nanoTime();

    private Builder() {}

    public DriverConfig build() {
      return new DriverConfig(this);
    }
  }
}
