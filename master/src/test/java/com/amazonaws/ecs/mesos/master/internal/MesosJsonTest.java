package com.amazonaws.ecs.mesos.master.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Mesos's JSON, both ways, against the examples of MESOS-V1-API.md. */
class MesosJsonTest {

  private static String json(com.google.protobuf.Message m) {
    return new String(MesosJson.write(m), StandardCharsets.UTF_8);
  }

  private static Call call(String json) throws MesosJson.BadJson {
    return MesosJson.read(json.getBytes(StandardCharsets.UTF_8), Call.newBuilder()).build();
  }

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of("SUBSCRIBE", "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"app\","
            + "\"name\":\"web\",\"roles\":[\"web\"],\"failover_timeout\":604800.0,\"capabilities\":[{\"type\":"
            + "\"MULTI_ROLE\"},{\"type\":\"PARTITION_AWARE\"}]}}}"),
        Arguments.of("ACCEPT", "{\"framework_id\":{\"value\":\"5a0e-0000\"},\"type\":\"ACCEPT\",\"accept\":{"
            + "\"offer_ids\":[{\"value\":\"5a0e-O12\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{"
            + "\"task_infos\":[{\"name\":\"web-1\",\"task_id\":{\"value\":\"web-1\"},\"agent_id\":{\"value\":\"4c6f\"},"
            + "\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":0.5},\"allocation_info\":{"
            + "\"role\":\"web\"}},{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{\"range\":[{\"begin\":31005,"
            + "\"end\":31005}]},\"allocation_info\":{\"role\":\"web\"}}],\"command\":{\"shell\":true,\"value\":"
            + "\"web:3\"}}]}}],\"filters\":{\"refuse_seconds\":0.0}}}"),
        Arguments.of("ACKNOWLEDGE", "{\"framework_id\":{\"value\":\"5a0e-0000\"},\"type\":\"ACKNOWLEDGE\","
            + "\"acknowledge\":{\"agent_id\":{\"value\":\"4c6f\"},\"task_id\":{\"value\":\"web-1\"},\"uuid\":"
            + "\"jxtMLl1qS3yeDxorPE1ebw==\"}}"));
  }

  /** What Mesos's clients send reads back to the same document: names, enums, numbers as written. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void callsRoundTripExactly(String what, String body) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
    String written = json(call(body));
    assertThat(m.readTree(written)).isEqualTo(m.readTree(body));
    assertThat(written).doesNotContain(" ").doesNotContain("\n");
  }

  @Test
  void sixtyFourBitIntegersAreNumbersAndIntegralDoublesKeepTheirPoint() {
    Protos.Value.Range range = Protos.Value.Range.newBuilder().setBegin(31000).setEnd(4_000_000_000L).build();
    assertThat(json(range)).isEqualTo("{\"begin\":31000,\"end\":4000000000}");
    assertThat(json(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("f")).setHeartbeatIntervalSeconds(15)).build()))
        .isEqualTo("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"framework_id\":{\"value\":\"f\"},"
            + "\"heartbeat_interval_seconds\":15.0}}");
    assertThat(json(Protos.MasterInfo.newBuilder().setId("m").setIp(16777343).setPort(5050).build()))
        .as("uint32 ip as the unsigned number").isEqualTo("{\"id\":\"m\",\"ip\":16777343,\"port\":5050}");
  }

  @Test
  void bytesAreStandardBase64() throws Exception {
    ByteString uuid = ByteString.copyFrom(new byte[] {(byte) 0x8f, 0x1b, 0x4c, 0x2e, 0x5d, 0x6a, 0x4b, 0x7c,
        (byte) 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f});
    Protos.TaskStatus status = Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("web-1"))
        .setState(Protos.TaskState.TASK_RUNNING).setUuid(uuid).build();
    assertThat(json(status)).contains("\"uuid\":\"jxtMLl1qS3yeDxorPE1ebw==\"");
    assertThat(MesosJson.read(MesosJson.write(status), Protos.TaskStatus.newBuilder()).build().getUuid())
        .isEqualTo(uuid);
  }

  @Test
  void readingIsLenientWhereMesosIs() throws Exception {
    Call c = call("{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"f\"},\"unknown\":{\"x\":1},\"revive\":null}");
    assertThat(c.getType()).isEqualTo(Call.Type.REVIVE);
    assertThat(c.hasRevive()).isFalse();
    Protos.Value.Scalar s = MesosJson.read("{\"value\":\"2.5\"}".getBytes(StandardCharsets.UTF_8),
        Protos.Value.Scalar.newBuilder()).build();
    assertThat(s.getValue()).isEqualTo(2.5);
    Protos.TaskInfo limits = MesosJson.read(("{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":"
        + "\"a\"},\"limits\":{\"cpus\":{\"value\":\"Infinity\"}}}").getBytes(StandardCharsets.UTF_8),
        Protos.TaskInfo.newBuilder()).build();
    assertThat(limits.getLimitsMap().get("cpus").getValue()).isInfinite();
    assertThat(json(limits)).contains("\"limits\":{\"cpus\":{\"value\":\"Infinity\"}}");
  }

  @Test
  void badInputSaysWhatIsWrong() {
    assertThatThrownBy(() -> call("{\"type\":7}")).isInstanceOf(MesosJson.BadJson.class)
        .hasMessageContaining("Expecting a JSON string for field 'type'");
    assertThatThrownBy(() -> call("[1]")).hasMessageStartingWith("Failed to parse body into JSON");
    assertThatThrownBy(() -> call("{\"type\":\"ACKNOWLEDGE\",\"acknowledge\":{\"uuid\":\"!!\"}}"))
        .hasMessageContaining("Failed to base64 decode field 'uuid'");
    assertThatThrownBy(() -> call("{\"type\":\"KILL\",\"kill\":{}}"))
        .hasMessageContaining("Missing required fields: kill.task_id");
  }
}
