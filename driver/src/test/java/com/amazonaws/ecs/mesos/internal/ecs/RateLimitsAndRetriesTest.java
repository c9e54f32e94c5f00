package com.amazonaws.ecs.mesos.internal.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
  void bucketGrantsTheBurstThenSpacesReservationsAtTheRate() {
    TokenBucket bucket = new TokenBucket(3, 2, 0);
    assertThat(bucket.reserve(0)).isZero();
    assertThat(bucket.reserve(0)).isZero();
    assertThat(bucket.reserve(0)).isZero();
    assertThat(bucket.reserve(0)).isEqualTo(500_000_000L);
    assertThat(bucket.reserve(0)).isEqualTo(1_000_000_000L);
    // After 1 s the two queued reservations are served and nothing is left over.
    assertThat(bucket.reserve(1_000_000_000L)).isEqualTo(500_000_000L);
  }

  @Test
  void limiterUsesEcsBucketsPerActionGroup() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = RateLimiter.ecs(now::get);
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.reserve("StartTask")).isZero();
    }
    assertThat(limiter.reserve("StopTask")).isEqualTo(25_000_000L); // same bucket, 40/s
    assertThat(limiter.reserve("DescribeTasks")).isZero();          // another bucket
    for (int i = 0; i < 99; i++) {
      limiter.reserve("ListTasks");
    }
    assertThat(limiter.reserve("DescribeContainerInstances")).isEqualTo(50_000_000L); // 20/s
    assertThat(limiter.reserve("SomethingElse")).isZero();
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
