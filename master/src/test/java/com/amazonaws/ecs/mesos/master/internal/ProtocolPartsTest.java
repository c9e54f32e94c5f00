package com.amazonaws.ecs.mesos.master.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Media types, RecordIO, call validation, V0 ↔ V1 and credentials: the small parts of the protocol. */
class ProtocolPartsTest {

  @ParameterizedTest(name = "Accept ''{0}'' -> {1}")
  @CsvSource(value = {
      "NULL, application/json",
      "*/*, application/json",
      "application/*, application/json",
      "application/x-protobuf, application/x-protobuf",
      "application/json;q=0, NULL",
      "'application/json;q=0, application/x-protobuf;q=0.5', application/x-protobuf",
      "'application/x-protobuf, application/json', application/json",
      "text/html, NULL",
      "'*/*, application/json;q=0', application/x-protobuf"}, nullValues = "NULL")
  void eventsTypeFollowsAccept(String accept, String expected) {
    assertThat(MediaTypes.forAccept(accept)).isEqualTo(expected);
  }

  @Test
  void contentTypeIsTheWholeTypeWithACharsetTolerated() {
    assertThat(MediaTypes.ofContent("application/json")).isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.ofContent("application/json; charset=utf-8")).isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.ofContent("application/x-protobuf")).isEqualTo(MediaTypes.PROTOBUF);
    assertThat(MediaTypes.ofContent("text/json")).isNull();
  }

  @Test
  void aRecordIsTheLengthANewlineAndThePayloadOnly() {
    ByteBuffer r = RecordIo.record("{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(StandardCharsets.UTF_8.decode(r).toString()).isEqualTo("20\n{\"type\":\"HEARTBEAT\"}");
    ByteBuffer pb = RecordIo.record(new byte[] {0x08, 0x08});
    assertThat(pb.array()).containsExactly(0x32, 0x0A, 0x08, 0x08);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "no type, '{}', Expecting 'type' to be present",
      "no framework, '{\"type\":\"REVIVE\"}', Expecting 'framework_id' to be present",
      "kill without kill, '{\"type\":\"KILL\",\"framework_id\":{\"value\":\"f\"}}', Expecting 'kill' to be present",
      "bad uuid, '{\"type\":\"ACKNOWLEDGE\",\"framework_id\":{\"value\":\"f\"},\"acknowledge\":{\"agent_id\":{\"value\":\"a\"},\"task_id\":{\"value\":\"t\"},\"uuid\":\"AAAA\"}}', Not a valid UUID"})
  void invalidCallsAreNamed(String what, String json, String problem) throws Exception {
    Call c = MesosJson.read(json.getBytes(StandardCharsets.UTF_8), Call.newBuilder()).buildPartial();
    assertThat(CallValidation.problem(c)).contains(problem);
  }

  @Test
  void aVersion4UuidIsValid() {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    assertThat(CallValidation.validUuid(ByteString.copyFrom(b.array()))).isTrue();
    assertThat(CallValidation.validUuid(ByteString.copyFrom(new byte[16]))).isFalse();
  }

  @Test
  void v0AndV1ConvertByTheirBytes() {
    org.apache.mesos.Protos.TaskStatus v0 = org.apache.mesos.Protos.TaskStatus.newBuilder()
        .setTaskId(org.apache.mesos.Protos.TaskID.newBuilder().setValue("t"))
        .setState(org.apache.mesos.Protos.TaskState.TASK_LOST)
        .setSource(org.apache.mesos.Protos.TaskStatus.Source.SOURCE_SLAVE)
        .setReason(org.apache.mesos.Protos.TaskStatus.Reason.REASON_SLAVE_REMOVED)
        .setSlaveId(org.apache.mesos.Protos.SlaveID.newBuilder().setValue("a")).build();
    Protos.TaskStatus v1 = Evolve.to(Protos.TaskStatus.newBuilder(), v0);
    assertThat(v1.getAgentId().getValue()).isEqualTo("a");
    assertThat(v1.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_AGENT);
    assertThat(v1.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_AGENT_REMOVED);
  }

  @Test
  void credentialsAreCheckedWithBasicAuthentication() {
    Credentials c = Credentials.of(Map.of("fw", "s3cret"));
    String good = "Basic " + Base64.getEncoder().encodeToString("fw:s3cret".getBytes(StandardCharsets.UTF_8));
    String bad = "Basic " + Base64.getEncoder().encodeToString("fw:nope".getBytes(StandardCharsets.UTF_8));
    assertThat(c.check(good).principal()).isEqualTo("fw");
    assertThat(c.check(bad).ok()).isFalse();
    assertThat(c.check(bad).problem()).doesNotContain("nope").doesNotContain("s3cret");
    assertThat(c.check(null).ok()).isFalse();
    assertThat(Credentials.none().check(null).ok()).isTrue();
  }
}
