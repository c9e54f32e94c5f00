package com.amazonaws.ecs.mesos.internal.ecs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskField;

/**
 * All of the driver's calls to ECS (its EC2 reads are {@link Ec2Lookups}, on the same machinery). Each call waits for its token from the one
 * {@link RateLimiter}, runs on an I/O thread (never the driver's loop), and completes a future that the
 * loop turns into a command.
 *
 * <p>Retries: idempotent calls (describe, list, stop) are retried on throttling, 5xx and no answer, with
 * {@link RetryPolicy}'s backoff and jitter. {@code StartTask} is retried only when throttled, because ECS
 * refused it before acting; after a 5xx or no answer the caller must first look for the task
 * ({@code LaunchRecovery}), or it might start a second copy. The SDK's own retries are off: in the client
 * when it never retries, else on every request (a request-level plugin), so the SDK never retries a
 * {@code StartTask} behind our back, whichever client the user injected.
 *
 * <p>Batching: {@code DescribeContainerInstances} and {@code DescribeTasks} take 100 per call; list calls
 * follow {@code nextToken} to the last page.
 *
 * <p>Order: calls wait for their rate limiter's tokens in a queue where {@code StopTask} goes before
 * everything else of its bucket, so kills are never starved by launches; after {@link #closeLaunches} no
 * {@code StartTask} of that framework leaves the gateway (those still waiting fail with {@link NotSentException}). How calls
 * wait, run and are retried is {@link EcsCalls}'.
 */
public final class EcsGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EcsGateway.class);
  /** ECS's limit per DescribeTasks and DescribeContainerInstances call. */
  public static final int DESCRIBE_BATCH = 100;

  private final EcsClient ecs;
  private final String cluster;
  private final EcsCalls calls;
  private final Ec2Lookups ec2;
  private final RetryPolicy retry;
  private final AwsRequestOverrideConfiguration overrides;
  private final List<AutoCloseable> owned;
  private final java.util.concurrent.atomic.AtomicLong landed = new java.util.concurrent.atomic.AtomicLong();

  /** A started task and the landing number of its StartTask (see {@link #markLanded()}). */
  public static final class Started {
    private final StartTaskResponse response;
    private final long landed;

    Started(StartTaskResponse response, long landed) {
      this.response = response;
      this.landed = landed;
    }

    public StartTaskResponse response() {
      return response;
    }

    public long landed() {
      return landed;
    }
  }

  /** Container instances as described, and how many launches had landed before the description was asked. */
  public static final class InstanceSnapshot {
    private final List<ContainerInstance> instances;
    private final long landedBefore;

    InstanceSnapshot(List<ContainerInstance> instances, long landedBefore) {
      this.instances = instances;
      this.landedBefore = landedBefore;
    }

    public List<ContainerInstance> instances() {
      return instances;
    }

    /** Every launch with a landing number up to this one is counted in {@link #instances()}' resources. */
    public long landedBefore() {
      return landedBefore;
    }
  }


  /**
   * @param hostnames where hostnames come from; null when none is available
   * @param owned clients the driver built and closes with the gateway
   */
  public EcsGateway(EcsClient ecs, Hostnames hostnames, String cluster, ExecutorService io,
      ScheduledExecutorService timer, RateLimiter limiter, RetryPolicy retry, Duration callTimeout,
      List<AutoCloseable> owned) {
    this(ecs, hostnames, cluster, io, timer, limiter, retry, callTimeout, owned, new MetricsRecorder());
  }

  /** As above, counting every call attempt and retry in {@code metrics}. */
  public EcsGateway(EcsClient ecs, Hostnames hostnames, String cluster, ExecutorService io,
      ScheduledExecutorService timer, RateLimiter limiter, RetryPolicy retry, Duration callTimeout,
      List<AutoCloseable> owned, MetricsRecorder metrics) {
    this.ecs = ecs;
    this.cluster = cluster;
    this.calls = new EcsCalls(io, timer, limiter, retry, metrics);
    this.ec2 = new Ec2Lookups(calls, hostnames, retry.maxAttempts());
    this.retry = retry;
    this.overrides = requestOverrides(callTimeout, sdkRetriesOff(ecs));
    this.owned = new ArrayList<>(owned);
  }

  /**
   * Per-request settings: the call timeout, and no SDK retries (the gateway retries, within its budget and
   * never blindly for StartTask): a request plugin switches them off unless the client never retries anyway.
   */
  public static AwsRequestOverrideConfiguration requestOverrides(Duration callTimeout, boolean clientNeverRetries) {
    AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder().apiCallTimeout(callTimeout);
    if (!clientNeverRetries) {
      b.addPlugin(config -> config.overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())));
    }
    return b.build();
  }

  /**
   * Whether the client itself never retries (the driver's own clients, or a user's built with
   * {@code retryStrategy(DefaultRetryStrategy.doNotRetry())}). Then requests need no plugin to switch retries
   * off: a request-level plugin makes the SDK rebuild the client's configuration on every call.
   */
  static boolean sdkRetriesOff(EcsClient ecs) {
    try {
      return ecs.serviceClientConfiguration().overrideConfiguration().retryStrategy()
          .map(strategy -> strategy.maxAttempts() <= 1).orElse(false);
    } catch (RuntimeException e) {
      return false; // a client that cannot tell (a test double): keep the plugin
    }
  }

  public String cluster() {
    return cluster;
  }

  /** The driver's EC2 reads (hostnames, subnets' zones), through the same calls machinery. */
  public Ec2Lookups ec2() {
    return ec2;
  }

  /** The cluster; fails with kind CLUSTER_NOT_FOUND when ECS does not know it or it is not ACTIVE. */
  public CompletableFuture<Cluster> describeCluster() {
    return call("DescribeClusters", EcsCalls.Retry.IDEMPOTENT, () -> {
      DescribeClustersResponse response = ecs.describeClusters(r -> r.clusters(cluster).overrideConfiguration(overrides));
      for (Cluster c : response.clusters()) {
        if ("ACTIVE".equals(c.status())) {
          return c;
        }
      }
      String why = response.hasFailures() && !response.failures().isEmpty()
          ? response.failures().get(0).reason() : "status " + (response.clusters().isEmpty()
              ? "unknown" : response.clusters().get(0).status());
      throw new EcsCallException("DescribeClusters", EcsErrors.Kind.CLUSTER_NOT_FOUND, 1,
          new IllegalStateException("cluster '" + cluster + "' is not available (" + why + ")"));
    });
  }

  /**
   * Numbers a launch that ECS has accepted: every description of instances asked for after this call
   * counts the launch's resources. Launches hold their resources against offers until such a description
   * arrives, so nothing is offered twice and nothing is held longer than needed.
   */
  public long markLanded() {
    return landed.incrementAndGet();
  }

  /** Every container instance of the cluster that is not INACTIVE, described (100 per call). */
  public CompletableFuture<InstanceSnapshot> containerInstances() {
    return pages("ListContainerInstances", token -> {
      ListContainerInstancesResponse page = ecs.listContainerInstances(r -> r.cluster(cluster).maxResults(100)
          .nextToken(token).overrideConfiguration(overrides));
      return new Page(page.containerInstanceArns(), page.nextToken());
    }).thenCompose(this::containerInstances);
  }

  /** Describes the given container instances (100 per call), for agents whose resources changed. */
  public CompletableFuture<InstanceSnapshot> containerInstances(List<String> arns) {
    final long landedBefore = landed.get();
    return describeInstances(arns).thenApply(instances -> new InstanceSnapshot(instances, landedBefore));
  }

  private CompletableFuture<List<ContainerInstance>> describeInstances(List<String> arns) {
    List<CompletableFuture<List<ContainerInstance>>> batches = new ArrayList<>();
    for (final List<String> batch : batches(arns, DESCRIBE_BATCH)) {
      batches.add(call("DescribeContainerInstances", EcsCalls.Retry.IDEMPOTENT, () -> {
        DescribeContainerInstancesResponse r = ecs.describeContainerInstances(b -> b.cluster(cluster)
            .containerInstances(batch).overrideConfiguration(overrides));
        return r.containerInstances();
      }));
    }
    return all(batches);
  }

  /** Up to 100 tasks, with their tags when {@code tags}; unknown tasks come back as MISSING failures. */
  public CompletableFuture<DescribeTasksResponse> describeTasks(final List<String> taskArns, final boolean tags) {
    if (taskArns.size() > DESCRIBE_BATCH) {
      throw new IllegalArgumentException("DescribeTasks takes at most " + DESCRIBE_BATCH + " tasks");
    }
    return call("DescribeTasks", EcsCalls.Retry.IDEMPOTENT, () -> ecs.describeTasks(r -> {
      r.cluster(cluster).tasks(taskArns).overrideConfiguration(overrides);
      if (tags) {
        r.include(TaskField.TAGS);
      }
    }));
  }

  /** Describes any number of tasks with their tags, 100 per call. */
  public CompletableFuture<List<DescribeTasksResponse>> describeTasksWithTags(List<String> taskArns) {
    List<CompletableFuture<List<DescribeTasksResponse>>> batches = new ArrayList<>();
    for (List<String> batch : batches(taskArns, DESCRIBE_BATCH)) {
      batches.add(describeTasks(batch, true).thenApply(Collections::singletonList));
    }
    return all(batches);
  }

  /**
   * Every task matching {@code filter}, desired RUNNING or STOPPED: the RUNNING listing first, then the
   * STOPPED one, never at the same time, so a task that stops in between is in the second listing (listed
   * together, it could be missed by both).
   */
  public CompletableFuture<List<String>> runningThenStopped(
      final java.util.function.Consumer<ListTasksRequest.Builder> filter) {
    return listTasks(b -> {
      filter.accept(b);
      b.desiredStatus(DesiredStatus.RUNNING);
    }).thenCompose(running -> listTasks(b -> {
      filter.accept(b);
      b.desiredStatus(DesiredStatus.STOPPED);
    }).thenApply(stopped -> {
      java.util.Set<String> all = new java.util.LinkedHashSet<>(running);
      all.addAll(stopped);
      return (List<String>) new ArrayList<>(all);
    }));
  }

  /** Every task matching {@code filter} that is desired RUNNING. */
  public CompletableFuture<List<String>> running(final java.util.function.Consumer<ListTasksRequest.Builder> filter) {
    return listTasks(b -> {
      filter.accept(b);
      b.desiredStatus(DesiredStatus.RUNNING);
    });
  }

  private CompletableFuture<List<String>> listTasks(final java.util.function.Consumer<ListTasksRequest.Builder> filter) {
    return pages("ListTasks", token -> {
      ListTasksResponse page = ecs.listTasks(r -> {
        r.cluster(cluster).maxResults(100).nextToken(token).overrideConfiguration(overrides);
        filter.accept(r);
      });
      return new Page(page.taskArns(), page.nextToken());
    });
  }

  /** The task definition named by {@code family}, {@code family:revision} or an ARN. */
  public CompletableFuture<TaskDefinition> describeTaskDefinition(final String reference) {
    return call("DescribeTaskDefinition", EcsCalls.Retry.IDEMPOTENT,
        () -> ecs.describeTaskDefinition(r -> r.taskDefinition(reference).overrideConfiguration(overrides))
            .taskDefinition());
  }

  /**
   * Registers a task definition. Retried like a read: registering the same content twice only adds a
   * revision of the same family, which the driver uses the same way.
   */
  public CompletableFuture<TaskDefinition> registerTaskDefinition(final RegisterTaskDefinitionRequest request) {
    final RegisterTaskDefinitionRequest withOverrides = request.toBuilder().overrideConfiguration(overrides).build();
    return call("RegisterTaskDefinition", EcsCalls.Retry.IDEMPOTENT,
        () -> ecs.registerTaskDefinition(withOverrides).taskDefinition());
  }

  /**
   * One {@code StartTask} attempt, retried only while ECS throttles it. A failure of kind SERVER_ERROR or
   * NO_ANSWER means the outcome is unknown: look for the task before trying again.
   */
  /**
   * Launches {@code request}'s task with {@link PinnedRunTask RunTask}, pinned to {@code ec2InstanceId} and
   * idempotent by {@code clientToken}: an unknown outcome is retried like any read, since a repeated call
   * cannot start a second task.
   */
  public CompletableFuture<Started> runTask(final StartTaskRequest request, String ec2InstanceId, String clientToken,
      LaunchGate gate) {
    final software.amazon.awssdk.services.ecs.model.RunTaskRequest run = PinnedRunTask.request(request,
        ec2InstanceId, clientToken).toBuilder().overrideConfiguration(overrides).build();
    final String instanceArn = request.containerInstances().get(0);
    return run("RunTask", run, answer -> PinnedRunTask.asStartTaskResponse(answer, instanceArn), gate);
  }

  /** One RunTask, idempotent by its client token, answered in StartTask's shape. */
  private CompletableFuture<Started> run(String action, final software.amazon.awssdk.services.ecs.model.RunTaskRequest
      run, final Function<software.amazon.awssdk.services.ecs.model.RunTaskResponse, StartTaskResponse> asStart,
      LaunchGate gate) {
    return calls.call(action, EcsCalls.Retry.IDEMPOTENT,
        () -> new Started(asStart.apply(ecs.runTask(run)), markLanded()), retry.maxAttempts(), gate);
  }

  public CompletableFuture<Started> startTask(final StartTaskRequest request, LaunchGate gate) {
    final StartTaskRequest withOverrides = request.toBuilder().overrideConfiguration(overrides).build();
    return calls.call("StartTask", EcsCalls.Retry.ONLY_THROTTLED, () -> {
      StartTaskResponse response = ecs.startTask(withOverrides);
      return new Started(response, markLanded());
    }, retry.maxAttempts(), gate);
  }

  /** Stops a task (idempotent in ECS: stopping a stopping or stopped task is harmless). */
  public CompletableFuture<Task> stopTask(final String taskArn, final String reason) {
    final String cut = reason.length() > 255 ? reason.substring(0, 255) : reason;
    return call("StopTask", EcsCalls.Retry.IDEMPOTENT,
        () -> ecs.stopTask(r -> r.cluster(cluster).task(taskArn).reason(cut).overrideConfiguration(overrides)).task());
  }

  /**
   * After this no {@code StartTask} of the framework that owns {@code gate} is sent: those waiting for a token
   * are dropped at once, and so are retries; their futures fail with {@link NotSentException}. A StartTask
   * already on the wire is not affected (its answer arrives as usual), nor are other frameworks' launches.
   * For {@code stop(false)} and TEARDOWN.
   */
  public void closeLaunches(LaunchGate gate) {
    gate.close();
    calls.purge();
  }

  /** Whether a call failed because it was never sent (the driver stopping), so it had no effect on ECS. */
  public static boolean notSent(Throwable error) {
    return EcsErrors.unwrap(error) instanceof NotSentException;
  }

  /** The work queue for the gateway's I/O threads: StopTask calls before others (see {@link EcsCalls}). */
  public static java.util.concurrent.BlockingQueue<Runnable> ioQueue() {
    return EcsCalls.ioQueue();
  }

  /**
   * Launches on Fargate: RunTask with the placement's capacity provider and awsvpc network, and the client
   * token that makes it idempotent. Fargate's launches have their own buckets (see {@link RateLimiter#ecs}).
   */
  public CompletableFuture<Started> runFargateTask(final StartTaskRequest request, FargatePlacement placement,
      String clientToken, LaunchGate gate) {
    final software.amazon.awssdk.services.ecs.model.RunTaskRequest run = placement.request(request, clientToken)
        .toBuilder().overrideConfiguration(overrides).build();
    return run("RunTask:" + placement.capacityProvider(), run,
        answer -> StartTaskResponse.builder().tasks(answer.tasks()).failures(answer.failures()).build(), gate);
  }

  // ---- machinery

  private static final class Page {
    final List<String> items;
    final String nextToken;

    Page(List<String> items, String nextToken) {
      this.items = items;
      this.nextToken = nextToken;
    }
  }

  private CompletableFuture<List<String>> pages(final String action, final Function<String, Page> fetch) {
    final List<String> collected = new ArrayList<>();
    return nextPage(action, fetch, null, collected);
  }

  private CompletableFuture<List<String>> nextPage(final String action, final Function<String, Page> fetch,
      final String token, final List<String> collected) {
    return call(action, EcsCalls.Retry.IDEMPOTENT, () -> fetch.apply(token)).thenCompose(page -> {
      collected.addAll(page.items);
      if (page.nextToken == null || page.nextToken.isEmpty()) {
        return CompletableFuture.completedFuture(collected);
      }
      return nextPage(action, fetch, page.nextToken, collected);
    });
  }

  private static <T> List<List<T>> batches(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(new ArrayList<>(items.subList(i, Math.min(items.size(), i + size))));
    }
    return out;
  }

  private static <T> CompletableFuture<List<T>> all(final List<CompletableFuture<List<T>>> parts) {
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      List<T> out = new ArrayList<>();
      for (CompletableFuture<List<T>> part : parts) {
        out.addAll(part.join());
      }
      return out;
    });
  }

  private <T> CompletableFuture<T> call(String action, EcsCalls.Retry rule, Supplier<T> fn) {
    return calls.call(action, rule, fn, retry.maxAttempts());
  }

  /** Stops sending calls; closes the clients the driver built (never the ones the user gave it). */
  @Override
  public void close() {
    calls.close();
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("closing {} failed: {}", c, e.toString());
      }
    }
  }
}
