package com.amazonaws.ecs.mesos;

import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.translate.PortRanges;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The options of an {@link ECSSchedulerDriver}, set through {@link ECSSchedulerDriver#builder}. Everything has a
 * production default; tests shorten the intervals and inject clients pointed at a local endpoint.
 *
 * <p>Only {@link ECSSchedulerDriver.Builder} extends this class; it exists so that the driver's own class stays
 * about the driver. Each setter returns the builder.
 *
 * @param <B> the builder type, {@link ECSSchedulerDriver.Builder}
 */
public abstract class DriverOptions<B extends DriverOptions<B>> {
  final DriverConfig.Builder config = DriverConfig.builder();
  Protos.Credential credential;

  DriverOptions() {
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * The Mesos master string: {@code ecs://CLUSTER[?region=R&endpoint=URL]} (embedded), {@code http://host:port}
   * or {@code host:port} (through that master; see {@link ECSSchedulerDriver}); others are ignored.
   */
  public B master(String master) {
    config.master = requireNonNull(master, "master");
    return self();
  }

  /** Default true: updates are acknowledged when {@code statusUpdate} returns. */
  public B implicitAcknowledgements(boolean implicit) {
    config.implicitAcknowledgements = implicit;
    return self();
  }

  /**
   * Through a master, the framework's principal and secret (HTTP Basic). Embedded, accepted and unused: AWS
   * credentials come from the SDK (or the injected client).
   */
  public B credential(Protos.Credential mesosCredential) {
    credential = requireNonNull(mesosCredential, "credential");
    return self();
  }

  /** Roles whose offers are suppressed from the start. */
  public B suppressedRoles(Collection<String> roles) {
    config.suppressedRoles = new LinkedHashSet<>(copy(requireNonNull(roles, "suppressedRoles")));
    return self();
  }

  /**
   * The ECS client to use (the driver never closes it). Its own retries are bypassed per request: the
   * driver retries within its rate budget and never blindly repeats a StartTask.
   */
  public B ecsClient(EcsClient client) {
    config.ecsClient = requireNonNull(client, "ecsClient");
    return self();
  }

  /**
   * The EC2 client for agents' hostnames (private DNS names); the driver never closes it. Without one the
   * driver builds its own when the EC2 SDK is on the classpath, else names agents by EC2 instance ID.
   */
  public B ec2Client(software.amazon.awssdk.services.ec2.Ec2Client client) {
    config.ec2Client = requireNonNull(client, "ec2Client");
    return self();
  }

  /** False: never call EC2; agents' hostnames are their EC2 instance IDs. */
  public B hostnamesFromEc2(boolean useEc2) {
    config.hostnamesFromEc2 = useEc2;
    return self();
  }

  /** The ECS cluster name or ARN (else from the master string, else {@code AWS_ECS_CLUSTER}, else default). */
  public B cluster(String cluster) {
    config.cluster = requireNonNull(cluster, "cluster");
    return self();
  }

  /** The AWS region of the cluster, for a client the driver builds. */
  public B region(String region) {
    config.region = requireNonNull(region, "region");
    return self();
  }

  /** The ECS endpoint, for a client the driver builds. */
  public B endpoint(URI endpoint) {
    config.endpoint = requireNonNull(endpoint, "endpoint");
    return self();
  }

  /** The clock for timestamps, filters, timers and timeouts (default: the system clock). */
  public B clock(Clock clock) {
    config.clock = requireNonNull(clock, "clock");
    return self();
  }

  /** How often live tasks are described (default 2 s). */
  public B pollInterval(Duration interval) {
    config.pollInterval = positive(interval, "pollInterval");
    return self();
  }

  /**
   * How often offers are made (default 1 s, Mesos's allocation interval). Each time, the container
   * instances where one of the framework's tasks ended are described, so their freed resources are offered.
   */
  public B offerInterval(Duration interval) {
    config.offerInterval = positive(interval, "offerInterval");
    return self();
  }

  /**
   * How often every container instance is listed and described, to find new, drained, disconnected and
   * deregistered instances and resources taken by others. Default: every offer interval, slowed down so
   * that these sweeps take at most 2 of ECS's 20 reads per second on average (every 10 s at 1,000
   * instances); the rest of the read budget stays for task status.
   */
  public B instanceSweepInterval(Duration interval) {
    config.instanceSweepInterval = positive(interval, "instanceSweepInterval");
    return self();
  }

  /** The refusal time of declines and launches that give no {@code refuse_seconds} (default 5 s). */
  public B defaultRefuse(Duration refuse) {
    config.defaultRefuse = notNegative(refuse, "defaultRefuse");
    return self();
  }

  /** How long an ECS agent may be disconnected before its agent is lost/unreachable (default 75 s). */
  public B agentDisconnectTimeout(Duration timeout) {
    config.agentDisconnectTimeout = notNegative(timeout, "agentDisconnectTimeout");
    return self();
  }

  /** How long ECS may fail to answer before {@code disconnected()} (default 60 s). */
  public B outageTimeout(Duration timeout) {
    config.outageTimeout = notNegative(timeout, "outageTimeout");
    return self();
  }

  /** Time limit of one ECS call, retries excluded (default 30 s). */
  public B callTimeout(Duration timeout) {
    config.callTimeout = positive(timeout, "callTimeout");
    return self();
  }

  /**
   * How long {@code stop(false)} goes on without one more task stopped before it gives up (default 20 s):
   * ECS unreachable, or refusing the calls. While ECS accepts StopTask calls the teardown continues,
   * however many tasks there are (at ECS's 40 calls per second, 1,000 tasks need at least 22 s); every task left
   * running is logged with its ECS task ARN and why.
   */
  public B teardownTimeout(Duration timeout) {
    config.teardownTimeout = notNegative(timeout, "teardownTimeout");
    return self();
  }

  /** Resend interval of unacknowledged updates: {@code initial}, doubling up to {@code max} (10 s, 10 min). */
  public B statusUpdateRetry(Duration initial, Duration max) {
    config.statusUpdateRetryInitial = positive(initial, "initial");
    config.statusUpdateRetryMax = positive(max, "max");
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max must be at least initial");
    }
    return self();
  }

  /** Attempts per ECS call and the backoff between them (default 8 attempts, 100 ms doubling to 5 s). */
  public B retries(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    config.maxAttempts = maxAttempts;
    config.retryBaseDelay = notNegative(baseDelay, "baseDelay");
    config.retryMaxDelay = notNegative(maxDelay, "maxDelay");
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be at least baseDelay");
    }
    return self();
  }

  /** The host ports offered, e.g. {@code "31000-32000"} (Mesos's default) or {@code "20000-29999,31000"}. */
  public B portRange(String ranges) {
    config.portRange = PortRanges.parse(requireNonNull(ranges, "portRange"));
    return self();
  }

  /**
   * The image of tasks that name no task definition and bring no Docker image of their own (default:
   * {@code AWS_ECS_DEFAULT_IMAGE}, else {@code public.ecr.aws/docker/library/busybox:stable}).
   */
  public B defaultImage(String image) {
    requireNonNull(image, "defaultImage");
    if (image.trim().isEmpty()) {
      throw new IllegalArgumentException("defaultImage must not be blank");
    }
    config.defaultImage = image.trim();
    return self();
  }

  /** Disk offered per agent in MB (ECS does not account disk; the driver counts what tasks take). */
  public B diskPerAgentMb(double mb) {
    if (!(mb >= 0)) {
      throw new IllegalArgumentException("diskPerAgentMb must be >= 0");
    }
    config.diskPerAgentMb = mb;
    return self();
  }

  /**
   * Whether the driver's {@link ECSSchedulerDriver#metrics()} are registered as a {@link DriverMetricsMXBean} on the platform
   * MBean server from {@code start()} until it stops (default true).
   */
  public B jmx(boolean register) {
    config.jmx = register;
    return self();
  }

  /**
   * The ECS call that launches tasks (default {@link LaunchCall#RUN_TASK}: exactly once, also when a call's
   * outcome is unknown); {@link LaunchCall#START_TASK} for IAM policies that allow only StartTask. An agent
   * without an EC2 instance ID is launched on with StartTask either way.
   */
  public B launchCall(LaunchCall call) {
    config.launchCall = requireNonNull(call, "launchCall");
    return self();
  }

  /**
   * The SQS queue that an EventBridge rule fills with the cluster's "ECS Task State Change" and "ECS Container
   * Instance State Change" events ({@code ecs-mesos events setup} creates both). With it, task status comes
   * from the events as they happen, and every live task is described only every {@link #eventsCheckInterval}
   * to catch an event that never came; if the queue cannot be read or stays silent, the driver polls as
   * without it until events flow again. One queue per driver or master: SQS gives each message to one reader.
   * Default: {@code events=} of the master string, else {@code AWS_ECS_EVENTS_QUEUE}, else none (polling).
   */
  public B eventsQueueUrl(String queueUrl) {
    config.eventsQueueUrl = requireNonNull(queueUrl, "eventsQueueUrl");
    return self();
  }

  /**
   * Offers the cluster's Fargate capacity: one agent per availability zone of {@code subnets}, whose tasks run with
   * RunTask on FARGATE (or FARGATE_SPOT), awsvpc networking in those subnets with {@code securityGroups} (empty:
   * the VPC's default group), a public IP when {@code assignPublicIp}. Default: {@code fargate=on&subnets=..} of
   * the master string, else {@code AWS_ECS_FARGATE_SUBNETS}, else off.
   */
  public B fargate(java.util.List<String> subnets, java.util.List<String> securityGroups, boolean assignPublicIp) {
    config.fargate = new com.amazonaws.ecs.mesos.internal.config.FargateSettings(true, subnets, securityGroups,
        assignPublicIp, config.fargate != null && config.fargate.spot(),
        config.fargate == null ? null : config.fargate.cpus());
    return self();
  }

  /** With {@link #fargate}: whether tasks run on FARGATE_SPOT (interruptible) instead of FARGATE (default false). */
  public B fargateSpot(boolean spot) {
    com.amazonaws.ecs.mesos.internal.config.FargateSettings f = requireFargate("fargateSpot");
    config.fargate = new com.amazonaws.ecs.mesos.internal.config.FargateSettings(true, f.subnets(),
        f.securityGroups(), f.assignPublicIp(), spot, f.cpus());
    return self();
  }

  /**
   * With {@link #fargate}: the vCPUs the Fargate agents offer, all zones together (default: the account's Fargate
   * vCPU quota from Service Quotas, else 64). Memory is offered up to 8 GiB per vCPU.
   */
  public B fargateCpus(int cpus) {
    if (cpus <= 0) {
      throw new IllegalArgumentException("fargateCpus must be positive, not " + cpus);
    }
    com.amazonaws.ecs.mesos.internal.config.FargateSettings f = requireFargate("fargateCpus");
    config.fargate = new com.amazonaws.ecs.mesos.internal.config.FargateSettings(true, f.subnets(),
        f.securityGroups(), f.assignPublicIp(), f.spot(), cpus);
    return self();
  }

  private com.amazonaws.ecs.mesos.internal.config.FargateSettings requireFargate(String option) {
    if (config.fargate == null || !config.fargate.enabled()) {
      throw new IllegalStateException(option + " needs fargate(subnets, securityGroups, assignPublicIp) first");
    }
    return config.fargate;
  }

  /** The SQS client that reads the events queue (default: built with the ECS client's credentials and region). */
  public B sqsClient(software.amazon.awssdk.services.sqs.SqsClient client) {
    config.sqsClient = requireNonNull(client, "sqsClient");
    return self();
  }

  /**
   * With events flowing, how often every live task is still described (default 60 s): the check that finds a
   * change whose event was lost. A task expected to change (launched, or being killed) that hears nothing for
   * three poll intervals is described at once.
   */
  public B eventsCheckInterval(Duration interval) {
    config.eventsCheckInterval = positive(interval, "eventsCheckInterval");
    return self();
  }

  /** Threads making ECS calls at the same time (default 16). */
  public B ioThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1");
    }
    config.ioThreads = threads;
    return self();
  }

  /**
   * What was configured so far. For the master module's tests, which run this module's suites through a
   * master configured as each test configured its driver.
   */
  DriverConfig.Builder settings() {
    return config;
  }

  /** The environment variables the driver reads ({@code AWS_ECS_*}); the process's unless a test says otherwise. */
  B environment(java.util.Map<String, String> variables) {
    config.environment = requireNonNull(variables, "environment");
    return self();
  }

  /**
   * How long after its start a task may be unknown to {@code DescribeTasks} (ECS reads are eventually
   * consistent) before it is reported TASK_LOST/TASK_GONE as vanished (default 30 s). For tests.
   */
  B missingGrace(Duration grace) {
    config.missingGrace = notNegative(grace, "missingGrace");
    return self();
  }

  /**
   * With events flowing, how long a task expected to change (launched, being killed) may hear nothing from ECS
   * before it is described (default three poll intervals, at least 5 s). For tests that must see every status
   * come from events.
   */
  B eventsSilence(Duration silence) {
    config.eventsSilence = positive(silence, "eventsSilence");
    return self();
  }

  /** Seed for retry jitter and offer IDs, for repeatable tests. */
  public B seed(long seed) {
    config.seed = seed;
    return self();
  }

  private static Duration positive(Duration d, String what) {
    if (requireNonNull(d, what).isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }

  private static Duration notNegative(Duration d, String what) {
    if (requireNonNull(d, what).isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + d);
    }
    return d;
  }

  private static <T> T requireNonNull(T value, String what) {
    return Objects.requireNonNull(value, what + " must not be null");
  }

  private static <T> List<T> copy(Collection<T> items) {
    List<T> out = new ArrayList<>(items.size());
    for (T item : items) {
      out.add(requireNonNull(item, "element"));
    }
    return out;
  }
}
