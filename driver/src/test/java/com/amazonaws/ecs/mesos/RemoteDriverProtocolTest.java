package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The V0 driver connected to a master, against a scripted master (the JDK's HTTP server): what it does with each
 * answer a Mesos master can give, on the subscription and on calls, and with a stream that falls silent. The
 * real master is in the master module's tests; this one can answer what a healthy master never does.
 */
class RemoteDriverProtocolTest {
  private HttpServer server;
  private ExecutorService threads;
  private final RecordingScheduler scheduler = new RecordingScheduler();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<String> streamIds = new CopyOnWriteArrayList<>();
  private final AtomicInteger subscriptions = new AtomicInteger();
  /** What the master answers to the n-th SUBSCRIBE (1-based): a status, or 200 with these events. */
  private volatile Function<Integer, Answer> onSubscribe = n -> Answer.stream(subscribed(15));
  /** The status of every other call. */
  private volatile int callStatus = 202;
  /** While set, calls are taken and never answered (a master that died without closing the connection). */
  private volatile boolean hangCalls;
  private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
  /** While set, ACKNOWLEDGE calls are taken and answered only once {@link #acksReleased} opens. */
  private volatile boolean hangAcks;
  private final java.util.concurrent.CountDownLatch acksReleased = new java.util.concurrent.CountDownLatch(1);
  /** ACKNOWLEDGE calls taken and not answered yet. */
  private final AtomicInteger unansweredAcks = new AtomicInteger();
  /** The calls that arrived while an acknowledgement was unanswered. */
  private final List<Call> whileAckUnanswered = new CopyOnWriteArrayList<>();
  /** Events to write on the current stream; null ends it. */
  private final BlockingQueue<Event> pushed = new LinkedBlockingQueue<>();
  private ECSSchedulerDriver driver;

  record Answer(int status, String body, List<Event> events) {
    static Answer stream(Event... events) {
      return new Answer(200, "", List.of(events));
    }

    static Answer error(int status, String body) {
      return new Answer(status, body, List.of());
    }
  }

  static Event subscribed(double heartbeatSeconds) {
    return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
        .setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue("fw-1"))
        .setHeartbeatIntervalSeconds(heartbeatSeconds)
        .setMasterInfo(org.apache.mesos.v1.Protos.MasterInfo.newBuilder().setId("m").setIp(16777343).setPort(5050)
            .setHostname("127.0.0.1").setVersion("1.11.0"))).build();
  }

  @BeforeEach
  void startMaster() throws IOException {
    threads = Executors.newCachedThreadPool();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/api/v1/scheduler", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.abort();
      driver.stop(true);
    }
    pushed.add(Event.getDefaultInstance());
    released.countDown();
    acksReleased.countDown();
    server.stop(0);
    threads.shutdownNow();
    assertThat(scheduler.overlaps()).isZero();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
    if (call.getType() != Call.Type.SUBSCRIBE) {
      calls.add(call);
      streamIds.add(exchange.getRequestHeaders().getFirst("Mesos-Stream-Id"));
      if (unansweredAcks.get() > 0) {
        whileAckUnanswered.add(call);
      }
      if (hangAcks && call.getType() == Call.Type.ACKNOWLEDGE) {
        unansweredAcks.incrementAndGet();
        try {
          acksReleased.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        unansweredAcks.decrementAndGet();
      } else if (hangCalls) {
        try {
          released.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      exchange.sendResponseHeaders(callStatus, -1);
      exchange.close();
      return;
    }
    Answer answer = onSubscribe.apply(subscriptions.incrementAndGet());
    if (answer.status() != 200) {
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.getResponseHeaders().add("Mesos-Stream-Id", "stream-" + subscriptions.get());
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      for (Event e : answer.events()) {
        write(out, e);
      }
      while (true) {
        Event e = pushed.take();
        if (e.equals(Event.getDefaultInstance())) {
          break;
        }
        write(out, e);
      }
    } catch (InterruptedException | IOException e) {
      // the test is over, or the driver went away
    } finally {
      exchange.close();
    }
  }

  private static void write(OutputStream out, Event e) throws IOException {
    byte[] bytes = e.toByteArray();
    out.write((bytes.length + "\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  private ECSSchedulerDriver start(boolean implicitAcknowledgements) {
    driver = ECSSchedulerDriver.builder(scheduler, Protos.FrameworkInfo.newBuilder().setName("proto").setUser("")
            .setFailoverTimeout(60).build())
        .master("http://127.0.0.1:" + server.getAddress().getPort())
        .implicitAcknowledgements(implicitAcknowledgements).build();
    driver.start();
    return driver;
  }

  private static ConditionFactory waiting() {
    return await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(10));
  }

  private static Event update(String taskId, ByteString uuid) {
    return update(taskId, uuid, org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING);
  }

  private static Event update(String taskId, ByteString uuid, org.apache.mesos.v1.Protos.TaskState state) {
    org.apache.mesos.v1.Protos.TaskStatus.Builder s = org.apache.mesos.v1.Protos.TaskStatus.newBuilder()
        .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(taskId))
        .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("agent-1"))
        .setState(state);
    if (uuid != null) {
      s.setUuid(uuid);
    }
    return Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(s)).build();
  }

  @Test
  void callsGoInTheOrderMadeWithTheStreamId() {
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    assertThat(scheduler.frameworkId().getValue()).isEqualTo("fw-1");
    driver.reviveOffers();
    driver.killTask(Protos.TaskID.newBuilder().setValue("t").build());
    driver.suppressOffers();
    driver.reconcileTasks(List.of());
    waiting().until(() -> calls.size() == 4);
    assertThat(calls).extracting(Call::getType).containsExactly(Call.Type.REVIVE, Call.Type.KILL, Call.Type.SUPPRESS,
        Call.Type.RECONCILE);
    assertThat(calls).allSatisfy(c -> assertThat(c.getFrameworkId().getValue()).isEqualTo("fw-1"));
    assertThat(streamIds).containsOnly("stream-1");
  }

  @Test
  void implicitAcknowledgementsFollowTheCallbackForUpdatesWithAUuidOnly() {
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    pushed.add(update("no-uuid", null));
    pushed.add(update("with-uuid", ByteString.copyFromUtf8("u-1")));
    waiting().until(() -> calls.size() == 1);
    assertThat(calls.get(0).getType()).isEqualTo(Call.Type.ACKNOWLEDGE);
    assertThat(calls.get(0).getAcknowledge().getTaskId().getValue()).isEqualTo("with-uuid");
    assertThat(calls.get(0).getAcknowledge().getUuid().toStringUtf8()).isEqualTo("u-1");
    assertThat(scheduler.statuses()).extracting(s -> s.getTaskId().getValue()).containsExactly("no-uuid", "with-uuid");
  }

  @Test
  void aSubscriptionTheMasterCannotTakeYetIsRetried() {
    onSubscribe = n -> n < 3 ? Answer.error(503, "Master has not finished recovery") : Answer.stream(subscribed(15));
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    assertThat(subscriptions.get()).isEqualTo(3);
    assertThat(scheduler.names()).doesNotContain("error");
  }

  @Test
  void aSubscriptionTheMasterRefusesIsAnError() {
    onSubscribe = n -> Answer.error(400, "Failed to validate scheduler::Call: FrameworkInfo.name is empty");
    start(true);
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    waiting().until(() -> scheduler.has("error"));
    assertThat((String) scheduler.args("error").get(0)).contains("(400)").contains("FrameworkInfo.name is empty");
    assertThat(subscriptions.get()).isEqualTo(1);
  }

  @Test
  void anErrorEventAbortsTheDriver() {
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    pushed.add(Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder()
        .setMessage("Framework failed over")).build());
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    waiting().until(() -> scheduler.has("error"));
    assertThat(scheduler.args("error")).containsExactly("Framework failed over");
  }

  @Test
  void aCallAnswered403MeansTheMasterLostTheSubscriptionSoTheDriverSubscribesAgain() {
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    callStatus = 403;
    driver.reviveOffers();
    waiting().until(() -> scheduler.has("reregistered"));
    assertThat(scheduler.names()).containsSubsequence("registered", "disconnected", "reregistered")
        .doesNotContain("error");
    assertThat(subscriptions.get()).isEqualTo(2);
  }

  @Test
  void aCallAnswered401IsAnError() {
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    callStatus = 401;
    driver.reviveOffers();
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    waiting().until(() -> scheduler.has("error"));
    assertThat((String) scheduler.args("error").get(0)).contains("REVIVE").contains("401");
  }

  @Test
  void aStreamSilentForFiveHeartbeatsIsALostMaster() {
    onSubscribe = n -> Answer.stream(subscribed(0.1)); // and then nothing, not even a HEARTBEAT
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    waiting().until(() -> scheduler.has("reregistered"));
    assertThat(scheduler.names()).containsSubsequence("registered", "disconnected", "reregistered");
    assertThat(subscriptions.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void theSecondSubscriptionCarriesTheFrameworkIdAndWhatIsSuppressed() throws Exception {
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    driver.suppressOffers();
    waiting().until(() -> calls.size() == 1);
    List<Call> subscribes = new CopyOnWriteArrayList<>();
    onSubscribe = n -> Answer.stream(subscribed(15));
    server.removeContext("/api/v1/scheduler");
    server.createContext("/api/v1/scheduler", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Call c = Call.parseFrom(body);
      if (c.getType() == Call.Type.SUBSCRIBE) {
        subscribes.add(c);
      }
      exchange.sendResponseHeaders(503, -1); // keep it out: only the call matters here
      exchange.close();
    });
    pushed.add(Event.getDefaultInstance()); // the master ends the stream
    waiting().until(() -> !subscribes.isEmpty());
    Call again = subscribes.get(0);
    assertThat(again.getFrameworkId().getValue()).isEqualTo("fw-1");
    assertThat(again.getSubscribe().getFrameworkInfo().getId().getValue()).isEqualTo("fw-1");
    assertThat(again.getSubscribe().getSuppressedRolesList()).containsExactly("*");
    waiting().until(() -> scheduler.has("disconnected"));
  }

  @Test
  void aCallTheLostMasterNeverAnsweredDoesNotHoldBackTheCallsOfTheNextSubscription() {
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    hangCalls = true;
    driver.reviveOffers();
    waiting().until(() -> calls.size() == 1); // taken, never answered
    hangCalls = false;
    pushed.add(Event.getDefaultInstance()); // the stream ends: the master is lost; a new one subscribes the driver
    waiting().until(() -> scheduler.has("reregistered"));

    driver.reconcileTasks(List.of());

    // Not after the 60 s a call's answer may take: the REVIVE made on the lost stream was cut.
    waiting().until(() -> calls.size() == 2);
    assertThat(calls.get(1).getType()).isEqualTo(Call.Type.RECONCILE);
    assertThat(streamIds.get(1)).isEqualTo("stream-2");
  }

  @Test
  void anAcknowledgementTheMasterHasNotAnsweredDoesNotHoldBackTheOtherCalls() {
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    hangAcks = true;
    pushed.add(update("a", ByteString.copyFromUtf8("u-a")));
    pushed.add(update("b", ByteString.copyFromUtf8("u-b")));
    waiting().until(() -> unansweredAcks.get() == 1);

    driver.reviveOffers();
    driver.killTask(Protos.TaskID.newBuilder().setValue("c").build());

    // A framework re-subscribed to a new leader acknowledges each of its tasks: its launches go meanwhile.
    waiting().until(() -> whileAckUnanswered.size() == 2);
    assertThat(whileAckUnanswered).extracting(Call::getType).containsExactly(Call.Type.REVIVE, Call.Type.KILL);
    acksReleased.countDown();
    waiting().until(() -> calls.stream().filter(c -> c.getType() == Call.Type.ACKNOWLEDGE).count() == 2);
    assertThat(calls).filteredOn(c -> c.getType() == Call.Type.ACKNOWLEDGE)
        .extracting(c -> c.getAcknowledge().getTaskId().getValue()).containsExactly("a", "b");
  }

  @Test
  void aLaunchReusingATaskIdWaitsForTheAcknowledgementOfThatTasksTerminalUpdate() {
    start(true);
    waiting().until(() -> scheduler.has("registered"));
    hangAcks = true;
    pushed.add(update("x", ByteString.copyFromUtf8("u-x"), org.apache.mesos.v1.Protos.TaskState.TASK_FAILED));
    waiting().until(() -> unansweredAcks.get() == 1);

    Protos.TaskInfo again = Protos.TaskInfo.newBuilder().setName("x").setTaskId(Protos.TaskID.newBuilder()
        .setValue("x")).setSlaveId(Protos.SlaveID.newBuilder().setValue("agent-1"))
        .setCommand(Protos.CommandInfo.newBuilder().setValue("true")).build();
    driver.launchTasks(List.of(Protos.OfferID.newBuilder().setValue("o-1").build()), List.of(again));
    driver.reconcileTasks(List.of(Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder()
        .setValue("x")).setState(Protos.TaskState.TASK_FAILED).build()));
    driver.reviveOffers();

    // The master keeps a terminal task until its update is acknowledged: a launch of its ID before is refused.
    // The REVIVE queued behind them waits too: the calls other than acknowledgements keep their order.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> calls.stream().noneMatch(c -> c.getType() != Call.Type.ACKNOWLEDGE));
    acksReleased.countDown();
    waiting().until(() -> calls.size() == 4);
    assertThat(calls).extracting(Call::getType).containsExactly(Call.Type.ACKNOWLEDGE, Call.Type.ACCEPT,
        Call.Type.RECONCILE, Call.Type.REVIVE);
    assertThat(whileAckUnanswered).isEmpty();
  }
}
