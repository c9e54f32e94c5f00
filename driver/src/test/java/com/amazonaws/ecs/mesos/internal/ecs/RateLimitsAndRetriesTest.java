package com.amazonaws.ecs.mesos.internal.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** Token buckets, backoff with jitter, and error classification. */
class RateLimitsAndRetriesTest {

  @Test
  void bucketGrantsTheBurstThenTellsHowLongUntilTheNextToken() {
    TokenBucket bucket = new TokenBucket(3, 2, 0);
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isFalse();
    assertThat(bucket.nanosUntilToken(0)).isEqualTo(500_000_000L);
    assertThat(bucket.nanosUntilToken(250_000_000L)).isEqualTo(250_000_000L);
    assertThat(bucket.tryTake(500_000_000L)).isTrue();
    assertThat(bucket.tryTake(10_000_000_000L)).as("refilled to the burst, not beyond").isTrue();
  }

  /** A limiter on a clock and a timer the test moves by hand. */
  private static final class ManualTime implements RateLimiter.Timer {
    final AtomicLong now = new AtomicLong();
    final java.util.TreeMap<Long, List<Runnable>> due = new java.util.TreeMap<>();

    @Override
    public void schedule(Runnable action, long delayNanos) {
      due.computeIfAbsent(now.get() + delayNanos, k -> new ArrayList<>()).add(action);
    }

    void advance(long nanos) {
      long until = now.get() + nanos;
      while (!due.isEmpty() && due.firstKey() <= until) {
        Map.Entry<Long, List<Runnable>> next = due.pollFirstEntry();
        now.set(next.getKey());
        next.getValue().forEach(Runnable::run);
      }
      now.set(until);
    }
  }

  /** A call that records when it was sent or dropped. */
  private static RateLimiter.Waiting call(List<String> log, String name, java.util.function.BooleanSupplier cancelled) {
    return new RateLimiter.Waiting() {
      @Override
      public boolean cancelled() {
        return cancelled.getAsBoolean();
      }

      @Override
      public void send() {
        log.add(name);
      }

      @Override
      public void drop() {
        log.add("dropped " + name);
      }
    };
  }

  @Test
  void limiterUsesEcsBucketsPerActionGroup() {
    ManualTime time = new ManualTime();
    RateLimiter limiter = RateLimiter.ecs(time.now::get, time);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      limiter.acquire("StartTask", RateLimiter.Priority.NORMAL, call(sent, "start" + i, () -> false));
    }
    assertThat(sent).hasSize(100);
    limiter.acquire("StopTask", RateLimiter.Priority.FIRST, call(sent, "stop", () -> false));
    limiter.acquire("DescribeTasks", RateLimiter.Priority.NORMAL, call(sent, "describe", () -> false));
    limiter.acquire("SomethingElse", RateLimiter.Priority.NORMAL, call(sent, "other", () -> false));
    assertThat(sent).endsWith("describe", "other").doesNotContain("stop");
    time.advance(24_000_000L);
    assertThat(sent).doesNotContain("stop");
    time.advance(1_000_000L); // 25 ms: one token of the 40/s bucket
    assertThat(sent).last().isEqualTo("stop");
  }

  /**
   * Kills must not wait behind launches: with 1,100 StartTask calls waiting for the modify bucket, a StopTask
   * takes the next token (it used to be the 1,101st in line: 25 s at ECS's 40/s).
   */
  @Test
  void stopTaskTakesTheNextTokenAheadOfWaitingStartTasks() {
    ManualTime time = new ManualTime();
    RateLimiter limiter = RateLimiter.ecs(time.now::get, time);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      limiter.acquire("StartTask", RateLimiter.Priority.NORMAL, call(sent, "start" + i, () -> false));
    }
    assertThat(limiter.waiting("StartTask")).isEqualTo(1100);
    limiter.acquire("StopTask", RateLimiter.Priority.FIRST, call(sent, "stop", () -> false));
    time.advance(25_000_000L);
    assertThat(sent).hasSize(101).last().isEqualTo("stop");
    time.advance(25_000_000L);
    assertThat(sent).last().isEqualTo("start100");
  }

  /**
   * Frameworks sharing the bucket take turns: A asks for 300 launches, then B and C for 100 each; once the
   * burst is spent, the waiting ones go A, B, C, A, B, C... (they used to go in the order asked: all of A's
   * first, and B and C waited 5 s), and each tenant's own calls keep their order.
   */
  @Test
  void tenantsOfABucketTakeTurnsAndKeepTheirOwnOrder() {
    ManualTime time = new ManualTime();
    RateLimiter limiter = RateLimiter.ecs(time.now::get, time);
    List<String> sent = new ArrayList<>();
    Object a = new Object();
    Object b = new Object();
    Object c = new Object();
    for (int i = 0; i < 300; i++) {
      limiter.acquire("StartTask", RateLimiter.Priority.NORMAL, a, call(sent, "a" + i, () -> false));
    }
    assertThat(sent).hasSize(100).last().isEqualTo("a99");
    for (int i = 0; i < 100; i++) {
      limiter.acquire("StartTask", RateLimiter.Priority.NORMAL, b, call(sent, "b" + i, () -> false));
      limiter.acquire("StartTask", RateLimiter.Priority.NORMAL, c, call(sent, "c" + i, () -> false));
    }
    time.advance(25_000_000L * 9);
    assertThat(sent.subList(100, 109)).containsExactly("a100", "b0", "c0", "a101", "b1", "c1", "a102", "b2", "c2");
    time.advance(25_000_000L * 400);
    assertThat(sent).hasSize(500);
    assertThat(sent.stream().filter(n -> n.startsWith("a")).map(n -> Integer.parseInt(n.substring(1)))).isSorted();
    // A tenant that asks when another has a backlog waits one turn, not for the backlog (the few tokens the
    // bucket gathered meanwhile go first).
    for (int i = 0; i < 150; i++) {
      limiter.acquire("StartTask", RateLimiter.Priority.NORMAL, a, call(sent, "late-a" + i, () -> false));
    }
    int atOnce = sent.size() - 500;
    assertThat(atOnce).isLessThan(150);
    limiter.acquire("StartTask", RateLimiter.Priority.NORMAL, b, call(sent, "late-b", () -> false));
    time.advance(25_000_000L * 3);
    assertThat(sent.subList(500 + atOnce, 500 + atOnce + 3)).containsExactly("late-a" + atOnce, "late-b",
        "late-a" + (atOnce + 1));
  }

  /**
   * A call that goes first (a kill, a RunTask sent again after a throttle) takes no turn of its tenant's: A has a
   * backlog of 1,000 launches, one of A's is retried first, then B asks; B's first launch still waits one turn, not
   * for A's backlog (served, the retry used to carry the lane's virtual time to the end of A's backlog, and B
   * waited 7 s behind it after a master failover).
   */
  @Test
  void aCallThatGoesFirstDoesNotPutOtherTenantsBehindItsTenantsBacklog() {
    ManualTime time = new ManualTime();
    RateLimiter limiter = RateLimiter.ecs(time.now::get, time);
    List<String> sent = new ArrayList<>();
    Object a = new Object();
    Object b = new Object();
    for (int i = 0; i < 1000; i++) {
      limiter.acquire("RunTask", RateLimiter.Priority.NORMAL, a, call(sent, "a" + i, () -> false));
    }
    limiter.acquire("RunTask", RateLimiter.Priority.FIRST, a, call(sent, "a-retry", () -> false));
    time.advance(25_000_000L * 2);
    assertThat(sent.subList(100, 102)).containsExactly("a-retry", "a100");
    limiter.acquire("RunTask", RateLimiter.Priority.NORMAL, b, call(sent, "b0", () -> false));
    limiter.acquire("RunTask", RateLimiter.Priority.NORMAL, b, call(sent, "b1", () -> false));
    time.advance(25_000_000L * 4);
    assertThat(sent.subList(102, 106)).containsExactly("a101", "b0", "a102", "b1");
  }

  @Test
  void cancelledCallsAreDroppedWithoutSpendingATokenAndPurgeDropsThemAtOnce() {
    ManualTime time = new ManualTime();
    RateLimiter limiter = RateLimiter.ecs(time.now::get, time);
    List<String> log = new ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    for (int i = 0; i < 102; i++) {
      limiter.acquire("StartTask", RateLimiter.Priority.NORMAL, call(log, "start" + i, closed::get));
    }
    assertThat(log).hasSize(100);
    closed.set(true);
    limiter.purge();
    assertThat(log).endsWith("dropped start100", "dropped start101");
    assertThat(limiter.waiting("StartTask")).isZero();
    time.advance(25_000_000L);
    limiter.acquire("StopTask", RateLimiter.Priority.FIRST, call(log, "stop", () -> false));
    assertThat(log).as("the dropped calls took no token").last().isEqualTo("stop");
  }

  @Test
  void backoffIsJitteredUnderADoublingCeiling() {
    RetryPolicy policy = new RetryPolicy(5, 100, 1000, new Random(1));
    for (int attempt = 1; attempt <= 6; attempt++) {
      long ceiling = Math.min(1000, 100L << (attempt - 1));
      for (int i = 0; i < 50; i++) {
        assertThat(policy.delayMillis(attempt)).isBetween(0L, ceiling);
      }
    }
    assertThat(policy.mayRetry(4)).isTrue();
    assertThat(policy.mayRetry(5)).isFalse();
  }

  private static EcsException ecsError(String code, int status, String message) {
    return (EcsException) EcsException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }

  @Test
  void classifiesErrors() {
    assertThat(EcsErrors.classify(ecsError("ThrottlingException", 400, "Rate exceeded")))
        .isEqualTo(EcsErrors.Kind.THROTTLED);
    assertThat(EcsErrors.classify(ecsError("InvalidParameterException", 400, "Rate exceeded")))
        .isEqualTo(EcsErrors.Kind.THROTTLED);
    assertThat(EcsErrors.classify(ecsError("ServerException", 500, "boom"))).isEqualTo(EcsErrors.Kind.SERVER_ERROR);
    assertThat(EcsErrors.classify(ecsError("InvalidParameterException", 400, "bad"))).isEqualTo(EcsErrors.Kind.REJECTED);
    assertThat(EcsErrors.classify(ClusterNotFoundException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ClusterNotFoundException").build()).build()))
        .isEqualTo(EcsErrors.Kind.CLUSTER_NOT_FOUND);
    assertThat(EcsErrors.classify(new CompletionException(SdkClientException.create("Unable to execute HTTP request",
        new IOException("reset"))))).isEqualTo(EcsErrors.Kind.NO_ANSWER);
    assertThat(EcsErrors.classify(SdkClientException.create("Unable to load credentials from any provider")))
        .isEqualTo(EcsErrors.Kind.OTHER);
    assertThat(EcsErrors.classify(new EcsCallException("StartTask", EcsErrors.Kind.THROTTLED, 8,
        new RuntimeException()))).isEqualTo(EcsErrors.Kind.THROTTLED);
  }

  @Test
  void onlyClientExceptionMeansAMissingTaskDefinition() {
    EcsException missing = ecsError("ClientException", 400, "Unable to describe task definition.");
    assertThat(EcsErrors.missingTaskDefinition(missing)).isTrue();
    assertThat(EcsErrors.missingTaskDefinition(new CompletionException(
        new EcsCallException("DescribeTaskDefinition", EcsErrors.Kind.REJECTED, 1, missing)))).isTrue();
    assertThat(EcsErrors.missingTaskDefinition(ecsError("AccessDeniedException", 400, "denied"))).isFalse();
    assertThat(EcsErrors.missingTaskDefinition(ecsError("ServerException", 500, "boom"))).isFalse();
    assertThat(EcsErrors.missingTaskDefinition(ecsError("ClientException", 400, "Rate exceeded"))).isFalse();
  }
}
