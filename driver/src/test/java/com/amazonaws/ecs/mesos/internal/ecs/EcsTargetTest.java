package com.amazonaws.ecs.mesos.internal.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Configuration precedence: builder → master string → environment → SDK defaults. */
class EcsTargetTest {

  static Stream<Arguments> cases() {
    Map<String, String> none = Map.of();
    Map<String, String> env = Map.of("AWS_ECS_CLUSTER", "from-env", "AWS_ECS_ENDPOINT", "http://env:1234");
    return Stream.of(
        // builder cluster, builder region, builder endpoint, master, env -> cluster, region, endpoint
        Arguments.of(null, null, null, null, none, "default", null, null),
        Arguments.of(null, null, null, "zk://zk1:2181/mesos", none, "default", null, null),
        Arguments.of(null, null, null, null, env, "from-env", null, "http://env:1234"),
        Arguments.of(null, null, null, "ecs://prod", env, "prod", null, "http://env:1234"),
        Arguments.of(null, null, null, "ecs://prod?region=eu-west-1&endpoint=http://localhost:4566", env, "prod",
            "eu-west-1", "http://localhost:4566"),
        Arguments.of("b", "us-west-2", URI.create("https://b:1"), "ecs://prod?region=eu-west-1", env, "b",
            "us-west-2", "https://b:1"),
        Arguments.of(null, null, null, "ECS://my_cluster/?region=ap-south-1", none, "my_cluster", "ap-south-1", null),
        Arguments.of(null, null, null, "ecs://?region=ap-south-1", env, "from-env", "ap-south-1", "http://env:1234"),
        Arguments.of(null, null, null, "ecs://a%2Fb", none, "a/b", null, null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void resolves(String cluster, String region, URI endpoint, String master, Map<String, String> env,
      String wantCluster, String wantRegion, String wantEndpoint) {
    EcsTarget t = EcsTarget.resolve(cluster, region, endpoint, master, env);
    assertThat(t.cluster()).isEqualTo(wantCluster);
    assertThat(t.region()).isEqualTo(wantRegion);
    assertThat(t.endpoint() == null ? null : t.endpoint().toString()).isEqualTo(wantEndpoint);
  }

  @ParameterizedTest
  @MethodSource("eventQueues")
  void theEventsQueueComesFromTheBuilderThenTheMasterStringThenTheEnvironment(String builder, String master,
      Map<String, String> env, String want) {
    URI queue = EcsTarget.resolve(null, null, null, master, env, builder).eventsQueue();
    assertThat(queue == null ? null : queue.toString()).isEqualTo(want);
  }

  static Stream<Arguments> eventQueues() {
    Map<String, String> env = Map.of("AWS_ECS_EVENTS_QUEUE", "https://sqs.eu-west-1.amazonaws.com/1/env");
    String fromMaster = "http://127.0.0.1:9324/000000000000/q";
    return Stream.of(
        Arguments.of(null, null, Map.of(), null),
        Arguments.of(null, "ecs://prod", Map.of(), null),
        Arguments.of(null, null, env, "https://sqs.eu-west-1.amazonaws.com/1/env"),
        Arguments.of(null, "ecs://prod?events=" + fromMaster, env, fromMaster),
        Arguments.of(null, "ecs://prod?region=eu-west-1&events=http%3A%2F%2Fh%3A1%2F0%2Fq", Map.of(), "http://h:1/0/q"),
        Arguments.of("https://sqs.us-east-1.amazonaws.com/2/b", "ecs://prod?events=" + fromMaster, env,
            "https://sqs.us-east-1.amazonaws.com/2/b"));
  }

  @Test
  void anEventsQueueThatIsNoUrlIsRejected() {
    assertThatThrownBy(() -> EcsTarget.resolve(null, null, null, "ecs://x?events=my-queue", Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events queue URL 'my-queue'");
  }

  @Test
  void otherMasterStringsAreIgnoredButNoted() {
    assertThat(EcsTarget.resolve(null, null, null, "zk://zk:2181/mesos", Map.of()).masterIgnored()).isTrue();
    assertThat(EcsTarget.resolve(null, null, null, "ecs://x", Map.of()).masterIgnored()).isFalse();
    assertThat(EcsTarget.resolve(null, null, null, null, Map.of()).masterIgnored()).isFalse();
  }

  @Test
  void malformedEcsMasterStringsAreRejected() {
    assertThatThrownBy(() -> EcsTarget.resolve(null, null, null, "ecs://x?zone=a", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zone");
    assertThatThrownBy(() -> EcsTarget.resolve(null, null, null, "ecs://x?endpoint=not a url", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> EcsTarget.resolve(null, null, null, "ecs://x?endpoint=localhost", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute URL");
  }

  @Test
  void ec2EndpointComesFromTheMasterString() {
    EcsTarget t = EcsTarget.resolve(null, null, null, "ecs://x?endpoint=http://h:1&ec2Endpoint=http://h:2", Map.of());
    assertThat(t.ec2Endpoint()).isEqualTo(URI.create("http://h:2"));
  }

  @Test
  void portsComeFromTheMasterStringElseTheEnvironment() {
    Map<String, String> env = Map.of("AWS_ECS_PORT_RANGE", "8000-8100");
    assertThat(EcsTarget.resolve(null, null, null, "ecs://prod?ports=80,31000-32000", env).ports())
        .isEqualTo("80,31000-32000");
  }

  @Test
  void portsFromTheEnvironmentWhenTheMasterStringHasNone() {
    assertThat(EcsTarget.resolve(null, null, null, "ecs://prod", Map.of("AWS_ECS_PORT_RANGE", "8000-8100"))
        .ports()).isEqualTo("8000-8100");
    assertThat(EcsTarget.resolve(null, null, null, "ecs://prod", Map.of()).ports()).isNull();
  }
}
