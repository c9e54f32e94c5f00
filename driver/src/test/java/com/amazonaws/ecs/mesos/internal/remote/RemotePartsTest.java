package com.amazonaws.ecs.mesos.internal.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/** The pure parts of the remote driver: V0 to V1 calls, RecordIO framing, tasks lost while disconnected. */
class RemotePartsTest {
  private static final Protos.FrameworkID FW = Protos.FrameworkID.newBuilder().setValue("fw-1").build();

  private static Protos.TaskInfo task(String id) {
    return Protos.TaskInfo.newBuilder().setName(id).setTaskId(Protos.TaskID.newBuilder().setValue(id))
        .setSlaveId(Protos.SlaveID.newBuilder().setValue("agent-1"))
        .addResources(Protos.Resource.newBuilder().setName("cpus").setType(Protos.Value.Type.SCALAR)
            .setScalar(Protos.Value.Scalar.newBuilder().setValue(0.5)))
        .setCommand(Protos.CommandInfo.newBuilder().setValue("sleep 1")).build();
  }

  @Test
  void acceptCarriesEveryFieldOfTheV0OperationsAsV1() {
    Protos.Offer.Operation launch = Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
        .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addTaskInfos(task("t1"))).build();
    Call call = MasterCalls.accept(FW, List.of(Protos.OfferID.newBuilder().setValue("o1").build()), List.of(launch),
        Protos.Filters.newBuilder().setRefuseSeconds(7).build());
    assertThat(call.getType()).isEqualTo(Call.Type.ACCEPT);
    assertThat(call.getFrameworkId().getValue()).isEqualTo("fw-1");
    assertThat(call.getAccept().getOfferIds(0).getValue()).isEqualTo("o1");
    assertThat(call.getAccept().getFilters().getRefuseSeconds()).isEqualTo(7);
    org.apache.mesos.v1.Protos.TaskInfo v1 = call.getAccept().getOperations(0).getLaunch().getTaskInfos(0);
    assertThat(v1.getAgentId().getValue()).as("slave_id is agent_id").isEqualTo("agent-1");
    assertThat(v1.getCommand().getValue()).isEqualTo("sleep 1");
    assertThat(v1.getResources(0).getScalar().getValue()).isEqualTo(0.5);
  }

  @Test
  void subscribeNamesTheFrameworkIdOnlyWhenItHasOne() {
    Protos.FrameworkInfo info = Protos.FrameworkInfo.newBuilder().setName("n").setUser("u").setFailoverTimeout(60)
        .build();
    Call first = MasterCalls.subscribe(info, List.of("web"));
    assertThat(first.hasFrameworkId()).isFalse();
    assertThat(first.getSubscribe().getFrameworkInfo().getFailoverTimeout()).isEqualTo(60);
    assertThat(first.getSubscribe().getSuppressedRolesList()).containsExactly("web");
    Call again = MasterCalls.subscribe(info.toBuilder().setId(FW).build(), List.of());
    assertThat(again.getFrameworkId().getValue()).isEqualTo("fw-1");
    assertThat(again.getSubscribe().getFrameworkInfo().getId().getValue()).isEqualTo("fw-1");
  }

  @Test
  void reviveAndSuppressWithoutRolesMeanEveryRole() {
    assertThat(MasterCalls.revive(FW, null).getRevive().getRolesCount()).isZero();
    assertThat(MasterCalls.suppress(FW, List.of("a", "b")).getSuppress().getRolesList()).containsExactly("a", "b");
  }

  @Test
  void acknowledgementAndReconciliationNameTheAgent() {
    Protos.TaskStatus s = Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("t"))
        .setState(Protos.TaskState.TASK_RUNNING).setSlaveId(Protos.SlaveID.newBuilder().setValue("a1"))
        .setUuid(com.google.protobuf.ByteString.copyFromUtf8("u")).build();
    Call ack = MasterCalls.acknowledge(FW, s);
    assertThat(ack.getAcknowledge().getAgentId().getValue()).isEqualTo("a1");
    assertThat(ack.getAcknowledge().getUuid().toStringUtf8()).isEqualTo("u");
    Call reconcile = MasterCalls.reconcile(FW, List.of(s, s.toBuilder().clearSlaveId().build()));
    assertThat(reconcile.getReconcile().getTasks(0).getAgentId().getValue()).isEqualTo("a1");
    assertThat(reconcile.getReconcile().getTasks(1).hasAgentId()).isFalse();
    assertThat(MasterCalls.reconcile(FW, List.of()).getReconcile().getTasksCount()).isZero();
  }

  @Test
  void recordIoFramesAreReadByLength() throws IOException {
    byte[] stream = "5\nhello3\nabc".getBytes(StandardCharsets.US_ASCII);
    ByteArrayInputStream in = new ByteArrayInputStream(stream);
    assertThat(new String(Subscription.readFully(in, Subscription.readLength(in)), StandardCharsets.US_ASCII))
        .isEqualTo("hello");
    assertThat(new String(Subscription.readFully(in, Subscription.readLength(in)), StandardCharsets.US_ASCII))
        .isEqualTo("abc");
    assertThat(Subscription.readLength(in)).as("clean end between records").isEqualTo(-1);
  }

  @Test
  void brokenRecordIoIsAnError() {
    assertThatThrownBy(() -> Subscription.readLength(new ByteArrayInputStream("1x\n".getBytes())))
        .isInstanceOf(IOException.class).hasMessageContaining("RecordIO");
    assertThatThrownBy(() -> Subscription.readLength(new ByteArrayInputStream("12".getBytes())))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> Subscription.readFully(new ByteArrayInputStream("ab".getBytes()), 5))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> Subscription.readLength(new ByteArrayInputStream("99999999999\n".getBytes())))
        .isInstanceOf(IOException.class).hasMessageContaining("longer than");
    assertThatThrownBy(() -> Subscription.readLength(new ByteArrayInputStream("\n".getBytes())))
        .isInstanceOf(IOException.class).hasMessageContaining("without a length");
  }

  @Test
  void launchesWhileDisconnectedAreLostOrDroppedForPartitionAwareFrameworks() {
    Protos.Offer.Operation launch = Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
        .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addTaskInfos(task("a")).addTaskInfos(task("b")))
        .build();
    Protos.Offer.Operation group = Protos.Offer.Operation.newBuilder()
        .setType(Protos.Offer.Operation.Type.LAUNCH_GROUP).setLaunchGroup(Protos.Offer.Operation.LaunchGroup
            .newBuilder().setExecutor(Protos.ExecutorInfo.newBuilder()
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue("e")))
            .setTaskGroup(Protos.TaskGroupInfo.newBuilder().addTasks(task("c")))).build();
    Protos.Offer.Operation reserve = Protos.Offer.Operation.newBuilder()
        .setType(Protos.Offer.Operation.Type.RESERVE).build();
    Protos.FrameworkInfo plain = Protos.FrameworkInfo.newBuilder().setName("n").setUser("u").build();
    List<Protos.TaskStatus> lost = DisconnectedLaunches.statuses(plain, List.of(launch, group, reserve), 12.5);
    assertThat(lost).extracting(s -> s.getTaskId().getValue()).containsExactly("a", "b", "c");
    assertThat(lost).allSatisfy(s -> {
      assertThat(s.getState()).isEqualTo(Protos.TaskState.TASK_LOST);
      assertThat(s.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_MASTER_DISCONNECTED);
      assertThat(s.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_MASTER);
      assertThat(s.getMessage()).isEqualTo("Master disconnected");
      assertThat(s.hasUuid()).isFalse();
      assertThat(s.getTimestamp()).isEqualTo(12.5);
    });
    Protos.FrameworkInfo aware = plain.toBuilder().addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
        .setType(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE)).build();
    assertThat(DisconnectedLaunches.statuses(aware, List.of(launch), 1)).extracting(Protos.TaskStatus::getState)
        .containsOnly(Protos.TaskState.TASK_DROPPED);
  }

  @Test
  void chunkedBodiesAreDecodedAcrossChunkBoundariesWithExtensionsAndTrailers() throws IOException {
    String wire = "4\r\n5\nhe\r\n3;name=value\r\nllo\r\n0\r\nTrailer: x\r\n\r\nNEXT";
    ByteArrayInputStream raw = new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII));
    HttpStream.Chunked body = new HttpStream.Chunked(raw);
    assertThat(new String(Subscription.readFully(body, Subscription.readLength(body)), StandardCharsets.US_ASCII))
        .isEqualTo("hello");
    assertThat(body.read()).as("the last chunk ends the body").isEqualTo(-1);
    assertThat(new String(raw.readAllBytes(), StandardCharsets.US_ASCII)).as("nothing after it is read")
        .isEqualTo("NEXT");
  }

  @Test
  void aChunkCutShortIsAnError() throws IOException {
    HttpStream.Chunked body = new HttpStream.Chunked(new ByteArrayInputStream("a\r\nabc".getBytes()));
    assertThat(body.read(new byte[10], 0, 10)).as("what arrived of the chunk").isEqualTo(3);
    assertThatThrownBy(() -> body.read(new byte[10], 0, 10)).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> new HttpStream.Chunked(new ByteArrayInputStream("zz\r\n".getBytes())).read())
        .isInstanceOf(IOException.class).hasMessageContaining("chunk size");
  }

  @Test
  void aCallWaitsOnlyForTheAcknowledgementsOfTheTasksItNamesAndImplicitReconciliationAndTeardownForAll() {
    AcknowledgementOrder order = new AcknowledgementOrder();
    long a = order.queued("a");
    long b = order.queued("b");
    Protos.Offer.Operation group = Protos.Offer.Operation.newBuilder()
        .setType(Protos.Offer.Operation.Type.LAUNCH_GROUP)
        .setLaunchGroup(Protos.Offer.Operation.LaunchGroup.newBuilder()
            .setExecutor(Protos.ExecutorInfo.newBuilder().setExecutorId(Protos.ExecutorID.newBuilder().setValue("e")))
            .setTaskGroup(Protos.TaskGroupInfo.newBuilder().addTasks(task("c")).addTasks(task("b")))).build();
    Protos.OfferID offer = Protos.OfferID.newBuilder().setValue("o1").build();
    Protos.TaskStatus askA = Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("a"))
        .setState(Protos.TaskState.TASK_RUNNING).build();

    assertThat(order.before(MasterCalls.accept(FW, List.of(offer), List.of(group), null))).isEqualTo(b);
    assertThat(order.before(MasterCalls.kill(FW, Protos.TaskID.newBuilder().setValue("a").build()))).isEqualTo(a);
    assertThat(order.before(MasterCalls.reconcile(FW, List.of(askA)))).isEqualTo(a);
    assertThat(order.before(MasterCalls.reconcile(FW, List.of()))).as("implicit: answers for unacknowledged ones")
        .isEqualTo(b);
    assertThat(order.before(MasterCalls.revive(FW, null))).isZero();
    assertThat(order.before(MasterCalls.kill(FW, Protos.TaskID.newBuilder().setValue("z").build()))).isZero();
    assertThat(order.before(MasterCalls.teardown(FW))).isEqualTo(b);

    order.ended("a", a);
    order.awaitEnded(a); // returns at once
    assertThat(order.before(MasterCalls.kill(FW, Protos.TaskID.newBuilder().setValue("a").build()))).isZero();
    long a2 = order.queued("a");
    order.ended("b", b);
    assertThat(order.before(MasterCalls.reconcile(FW, List.of(askA)))).isEqualTo(a2);
  }

  /** A Random whose every draw is the given value: jitter at its top (1) or bottom (0). */
  private static java.util.Random drawing(double value) {
    return new java.util.Random() {
      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Test
  void theBackoffDoublesToItsCapAndStartsOverOnceSubscribed() {
    SubscribeBackoff one = new SubscribeBackoff(false, drawing(0.999_999));
    List<Long> delays = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      delays.add(one.next(false, 0));
    }
    assertThat(delays).containsExactly(99L, 199L, 399L, 799L, 1599L, 3199L, 4999L, 4999L);
    one.subscribed();
    assertThat(one.next(false, 0)).isEqualTo(99);

    SubscribeBackoff seeking = new SubscribeBackoff(true, drawing(0));
    List<Long> leader = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      leader.add(seeking.next(false, 0));
    }
    assertThat(leader).as("zk:// or a list of masters: an attempt is cheap").containsExactly(50L, 100L, 200L, 400L,
        500L, 500L);
  }

  @Test
  void aMasterStillRecoveringIsAskedAgainAtTheSmallestDelayForTenSecondsThenWithTheBackoff() {
    long s = 1_000_000_000L;
    SubscribeBackoff b = new SubscribeBackoff(true, drawing(0));
    for (int i = 0; i < 5; i++) {
      b.next(false, 0); // the old leader gone: the backoff has grown to its cap
    }
    assertThat(b.next(false, 0)).isEqualTo(500);
    assertThat(SubscribeBackoff.recovering(503, "Master has not finished recovery")).isTrue();
    assertThat(SubscribeBackoff.recovering(503, "No leader elected")).isFalse();
    assertThat(SubscribeBackoff.recovering(500, "Master has not finished recovery")).isFalse();

    // The new leader reads the cluster before it serves: each framework asks again within 100 ms.
    assertThat(b.next(true, 100 * s)).isEqualTo(50);
    assertThat(b.next(true, 101 * s)).isEqualTo(50);
    assertThat(b.next(true, 109 * s)).isEqualTo(50);
    // A recovery of more than 10 s (a very large cluster, or ECS failing) gets the growing backoff again.
    assertThat(b.next(true, 110 * s)).isEqualTo(100);
    assertThat(b.next(true, 111 * s)).isEqualTo(200);
    // Another answer in between starts the count over.
    assertThat(b.next(false, 112 * s)).isEqualTo(400);
    assertThat(b.next(true, 113 * s)).isEqualTo(50);
  }
}
