package com.amazonaws.ecs.mesos.internal.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which master strings connect to a master (and where), and which keep the driver embedded. */
class MasterAddressTest {
  private static final Map<String, String> NO_ENV = Map.of();
  private static final Map<String, String> ENV_CLUSTER = Map.of("AWS_ECS_CLUSTER", "prod");

  static Stream<Arguments> cases() {
    return Stream.of(
        // master, environment, builder names the cluster, expected base URL (null: embedded)
        Arguments.of("127.0.0.1:5050", NO_ENV, false, "http://127.0.0.1:5050"),
        Arguments.of("master.example.com:5050", NO_ENV, false, "http://master.example.com:5050"),
        Arguments.of("master@10.0.0.1:5050", NO_ENV, false, "http://10.0.0.1:5050"),
        Arguments.of("[::1]:5050", NO_ENV, false, "http://[::1]:5050"),
        Arguments.of("  localhost:5050/ ", NO_ENV, false, "http://localhost:5050"),
        Arguments.of("http://127.0.0.1:5050", NO_ENV, false, "http://127.0.0.1:5050"),
        Arguments.of("http://127.0.0.1:5050/", NO_ENV, false, "http://127.0.0.1:5050"),
        Arguments.of("HTTPS://mesos.example.com:443/", NO_ENV, false, "https://mesos.example.com:443"),
        Arguments.of("http://127.0.0.1:5050/mesos", NO_ENV, false, "http://127.0.0.1:5050/mesos"),
        // A bare host:port means nothing where the deployment already names an ECS cluster.
        Arguments.of("127.0.0.1:5050", ENV_CLUSTER, false, null),
        Arguments.of("127.0.0.1:5050", NO_ENV, true, null),
        // zk://: the leader of the masters contending in ZooKeeper, unless the deployment names a cluster.
        Arguments.of("zk://zk1:2181,zk2:2181/mesos", NO_ENV, false, "zk://zk1:2181,zk2:2181/mesos"),
        Arguments.of("zk://zk1:2181/mesos", ENV_CLUSTER, false, null),
        Arguments.of("zk://zk1:2181/mesos", NO_ENV, true, null),
        // An http:// URL always connects.
        Arguments.of("http://127.0.0.1:5050", ENV_CLUSTER, true, "http://127.0.0.1:5050"),
        // Everything else stays embedded.
        Arguments.of("ecs://prod", NO_ENV, false, null),
        Arguments.of("file:///etc/mesos/master", NO_ENV, false, null),
        Arguments.of("", NO_ENV, false, null),
        Arguments.of(null, NO_ENV, false, null),
        Arguments.of("local", NO_ENV, false, null),
        Arguments.of("host:port", NO_ENV, false, null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void masterStrings(String master, Map<String, String> env, boolean clusterNamed, String expected) {
    URI remote = MasterAddress.remote(master, env, clusterNamed);
    assertThat(remote == null ? null : remote.toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void looksLikeAnAddressWhateverTheEnvironment(String master, Map<String, String> env, boolean clusterNamed,
      String expected) {
    if (expected != null) {
      assertThat(MasterAddress.looksLikeAddress(master)).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void unusableAddressesSayWhy() {
    assertThatThrownBy(() -> MasterAddress.remote("127.0.0.1:70000", NO_ENV, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 70000");
    assertThatThrownBy(() -> MasterAddress.remote("http:///api", NO_ENV, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
  }

  @org.junit.jupiter.api.Test
  void aListOfMastersIsTriedInTurn() {
    assertThat(MasterAddress.list("http://m1:5050, http://m2:5050,m3:5050", NO_ENV, false))
        .extracting(URI::toString).containsExactly("http://m1:5050", "http://m2:5050", "http://m3:5050");
    assertThat(MasterAddress.remote("m1:5050,m2:5050", NO_ENV, false)).hasToString("http://m1:5050");
    assertThat(MasterAddress.looksLikeAddress("m1:5050,m2:5050")).isTrue();
    // Where the deployment names a cluster, bare host:port lists keep the driver embedded, as one does.
    assertThat(MasterAddress.remote("m1:5050,m2:5050", ENV_CLUSTER, false)).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MasterAddress.list("http://m1:5050,ecs://prod", NO_ENV,
        false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ecs://prod'");
    // Commas inside an ecs:// string's parameters do not make a list: it stays embedded.
    assertThat(MasterAddress.isList("ecs://prod?ports=80,31000-32000")).isFalse();
    assertThat(MasterAddress.remote("ecs://prod?ports=80,31000-32000", NO_ENV, false)).isNull();
    assertThat(MasterAddress.looksLikeAddress("ecs://prod?ports=80,31000-32000")).isFalse();
  }
}
