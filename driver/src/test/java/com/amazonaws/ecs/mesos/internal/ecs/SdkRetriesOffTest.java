package com.amazonaws.ecs.mesos.internal.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;

/** Whether the gateway may skip the per-request plugin that switches the SDK's retries off. */
class SdkRetriesOffTest {

  private static EcsClientBuilder client() {
    return EcsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")));
  }

  @Test
  void aClientBuiltWithoutRetriesNeedsNoPlugin() {
    try (EcsClient ecs = client().overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build()) {
      assertThat(EcsGateway.sdkRetriesOff(ecs)).isTrue();
    }
  }

  @Test
  void aDefaultClientRetriesSoEveryRequestSwitchesThemOff() {
    try (EcsClient ecs = client().build()) {
      assertThat(EcsGateway.sdkRetriesOff(ecs)).isFalse();
    }
  }

  @Test
  void aClientWithItsOwnRetriesKeepsThePlugin() {
    try (EcsClient ecs = client().overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.standardStrategyBuilder()
        .maxAttempts(5).build())).build()) {
      assertThat(EcsGateway.sdkRetriesOff(ecs)).isFalse();
    }
  }
}
