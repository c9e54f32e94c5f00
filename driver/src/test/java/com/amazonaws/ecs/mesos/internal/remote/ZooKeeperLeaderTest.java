package com.amazonaws.ecs.mesos.internal.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Mesos's ZooKeeper layout: which node leads, and the leader's address from its MasterInfo JSON. */
class ZooKeeperLeaderTest {

  @Test
  void theLowestJsonInfoNodeLeads() {
    assertThat(ZooKeeperLeader.lowest(List.of("json.info_0000000012", "json.info_0000000003", "log_replicas",
        "info_0000000001", "json.info_x"))).isEqualTo("json.info_0000000003");
    assertThat(ZooKeeperLeader.lowest(List.of("log_replicas"))).isNull();
  }

  @Test
  void theAddressComesFromTheMasterInfo() throws IOException {
    assertThat(ZooKeeperLeader.address("{\"address\":{\"hostname\":\"m1.example\",\"ip\":\"10.0.0.1\",\"port\":5050},"
        + "\"hostname\":\"other\",\"id\":\"x\",\"ip\":16777226,\"port\":5051}")).hasToString("http://m1.example:5050");
    assertThat(ZooKeeperLeader.address("{\"hostname\":\"m2\",\"port\":5050,\"id\":\"y\"}"))
        .hasToString("http://m2:5050");
    assertThatThrownBy(() -> ZooKeeperLeader.address("{\"id\":\"z\"}")).isInstanceOf(IOException.class)
        .hasMessageContaining("no address");
  }
}
