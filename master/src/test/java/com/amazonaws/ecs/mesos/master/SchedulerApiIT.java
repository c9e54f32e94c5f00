package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;

/** The V1 scheduler API as clients see it on the wire: subscription, events, calls and their statuses. */
class SchedulerApiIT extends MasterTestBase {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> ecsTasks(DesiredStatus desired) {
    return ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(desired)).taskArns();
  }

  @Test
  void aJsonSubscriptionStreamsSubscribedThenHeartbeatsAsRecordIo() throws Exception {
    startMaster(masterBuilder());
    V1Client c = client(true);
    // The example of MESOS-V1-API.md, byte for byte.
    String body = "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"t\","
        + "\"failover_timeout\":60.0}}}";
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url().resolve("/api/v1/scheduler"))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    String streamId = response.headers().firstValue("Mesos-Stream-Id").orElseThrow();
    assertThat(UUID.fromString(streamId).toString()).isEqualTo(streamId);

    InputStream in = response.body();
    String first = readRecord(in);
    assertThat(first).startsWith("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"framework_id\":{\"value\":\"");
    assertThat(first).contains("\"heartbeat_interval_seconds\":0.5").contains("\"master_info\":{\"id\":")
        .contains("\"ip\":16777343").contains("\"port\":" + master.port()).contains("\"version\":\"1.11.0\"");
    assertThat(readRecord(in)).isEqualTo("{\"type\":\"HEARTBEAT\"}");
    assertThat(readRecord(in)).isEqualTo("{\"type\":\"HEARTBEAT\"}");
    in.close();
    c.close();
  }

  /** Reads one RecordIO record: digits, a newline, exactly that many bytes; nothing between records. */
  private static String readRecord(InputStream in) throws Exception {
    StringBuilder length = new StringBuilder();
    int ch;
    while ((ch = in.read()) != '\n') {
      assertThat(ch).as("a digit of the record length").isBetween((int) '0', (int) '9');
      length.append((char) ch);
    }
    return new String(in.readNBytes(Integer.parseInt(length.toString())), StandardCharsets.UTF_8);
  }

  @Test
  void callsAreCheckedInMesossOrderWithItsStatusesAndMessages() throws Exception {
    startMaster(masterBuilder());
    V1Client c = client(true);
    c.subscribe(subscribe(framework("t", 60)));
    awaitUntil(() -> !c.events(Event.Type.SUBSCRIBED).isEmpty());
    String id = frameworkId(c).getValue();
    String revive = "{\"framework_id\":{\"value\":\"" + id + "\"},\"type\":\"REVIVE\"}";

    HttpResponse<String> get = http.send(HttpRequest.newBuilder(url().resolve("/api/v1/scheduler")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    assertThat(post("/api/v1/scheduler", null, revive).body()).isEqualTo("Expecting 'Content-Type' to be present");
    assertThat(post("/api/v1/scheduler", "text/plain", revive).statusCode()).isEqualTo(415);
    HttpResponse<String> garbage = post("/api/v1/scheduler", "application/json", "{not json");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).startsWith("Failed to parse body into JSON");
    assertThat(garbage.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(post("/api/v1/scheduler", "application/json", "{\"type\":\"REVIVE\"}").body())
        .isEqualTo("Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
    assertThat(post("/api/v1/scheduler", "application/json", "{\"type\":7}").body())
        .startsWith("Failed to convert JSON into Call protobuf");
    assertThat(post("/api/v1/scheduler", "application/json", revive).body())
        .isEqualTo("All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    assertThat(post("/api/v1/scheduler", "application/json", revive, "Mesos-Stream-Id", "x").body())
        .startsWith("The stream ID 'x' included in this request didn't match");
    HttpResponse<String> unknown = post("/api/v1/scheduler", "application/json",
        "{\"framework_id\":{\"value\":\"nope\"},\"type\":\"REVIVE\"}", "Mesos-Stream-Id", c.streamId());
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).isEqualTo("Framework cannot be found");

    HttpResponse<String> ok = post("/master/api/v1/scheduler", "application/json", revive, "Mesos-Stream-Id",
        c.streamId());
    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(ok.body()).isEmpty();
    assertThat(ok.headers().firstValue("Content-Type")).isEmpty();
    assertThat(ok.headers().firstValue("Content-Length")).contains("0");
    assertThat(post("/api/v1/scheduler", "application/json", "{\"framework_id\":{\"value\":\"" + id
        + "\"},\"type\":\"UNKNOWN\"}", "Mesos-Stream-Id", c.streamId()).statusCode()).isEqualTo(501);
    assertThat(post("/api/v1/scheduler", "application/json", "{\"type\":\"SUBSCRIBE\",\"subscribe\":{"
        + "\"framework_info\":{\"user\":\"u\",\"name\":\"t\"}}}", "Mesos-Stream-Id", c.streamId()).body())
        .isEqualTo("Subscribe calls should not include the 'Mesos-Stream-Id' header");
    assertThat(post("/api/v1/scheduler", "application/json", "{\"type\":\"SUBSCRIBE\",\"subscribe\":{"
        + "\"framework_info\":{\"user\":\"u\",\"name\":\"t\"}}}", "Accept", "text/html").statusCode())
        .isEqualTo(406);
    assertThat(post("/api/v1/scheduler", "application/json", "{\"type\":\"SUBSCRIBE\",\"framework_id\":{\"value\":"
        + "\"a\"},\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"t\"}}}").body())
        .isEqualTo("Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'");
  }

  /**
   * Offers, a launch, updates with uuid and agent ID, acknowledgements releasing the next update, and a kill:
   * a protobuf client from subscription to TASK_KILLED.
   */
  @Test
  void aProtobufFrameworkLaunchesAcknowledgesAndKills() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("forever", "serve");
    startMaster(masterBuilder());
    V1Client c = client(false);
    HttpResponse<InputStream> subscribed = c.subscribe(subscribe(framework("pb", 60)));
    assertThat(subscribed.headers().firstValue("Content-Type")).contains("application/x-protobuf");
    awaitUntil(() -> !offers(c).isEmpty());
    Protos.FrameworkID id = frameworkId(c);
    Protos.Offer offer = offers(c).get(0);
    assertThat(offer.getFrameworkId()).isEqualTo(id);
    assertThat(offer.getAllocationInfo().getRole()).isEqualTo("*");

    assertThat(c.call(accept(id, offer, task("t1", offer, def, 0.25, 64))).statusCode()).isEqualTo(202);
    awaitUntil(() -> !updates(c, "t1").isEmpty());
    Protos.TaskStatus starting = updates(c, "t1").get(0);
    assertThat(starting.getState()).isEqualTo(TaskState.TASK_STARTING);
    assertThat(starting.getUuid().size()).isEqualTo(16);
    assertThat(starting.getAgentId()).isEqualTo(offer.getAgentId());
    assertThat(starting.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_AGENT);
    waiting().during(300, TimeUnit.MILLISECONDS).until(() -> updates(c, "t1").size() == 1);

    assertThat(c.call(acknowledge(id, starting)).statusCode()).isEqualTo(202);
    awaitUntil(() -> updates(c, "t1").stream().anyMatch(s -> s.getState() == TaskState.TASK_RUNNING));
    c.call(acknowledge(id, updates(c, "t1").get(updates(c, "t1").size() - 1)));

    assertThat(c.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.KILL)
        .setKill(Call.Kill.newBuilder().setTaskId(starting.getTaskId())).build()).statusCode()).isEqualTo(202);
    awaitUntil(() -> updates(c, "t1").stream().anyMatch(s -> s.getState() == TaskState.TASK_KILLED));
    assertThat(ecsTasks(DesiredStatus.RUNNING)).isEmpty();
  }

  @Test
  void reconciliationAnswersFromTheMastersMemory() throws Exception {
    String instance = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    String agent = instance.substring(instance.lastIndexOf('/') + 1);
    startMaster(masterBuilder());
    V1Client c = client(true);
    c.subscribe(subscribe(framework("r", 60).toBuilder()
        .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
            .setType(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE)).build()));
    awaitUntil(() -> !c.events(Event.Type.SUBSCRIBED).isEmpty());
    Protos.FrameworkID id = frameworkId(c);
    Call reconcile = Call.newBuilder().setFrameworkId(id).setType(Call.Type.RECONCILE).setReconcile(
        Call.Reconcile.newBuilder()
            .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("a"))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agent)))
            .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("b")))).build();
    assertThat(c.call(reconcile).statusCode()).isEqualTo(202);
    awaitUntil(() -> c.events(Event.Type.UPDATE).size() == 2);
    Protos.TaskStatus a = updates(c, "a").get(0);
    assertThat(a.getState()).isEqualTo(TaskState.TASK_GONE);
    assertThat(a.getAgentId().getValue()).isEqualTo(agent);
    assertThat(a.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_RECONCILIATION);
    assertThat(a.hasUuid()).isFalse();
    assertThat(updates(c, "b").get(0).getState()).isEqualTo(TaskState.TASK_UNKNOWN);

    // Operations: none with feedback exist on ECS, so each one asked about is unknown.
    Call operations = Call.newBuilder().setFrameworkId(id).setType(Call.Type.RECONCILE_OPERATIONS)
        .setReconcileOperations(Call.ReconcileOperations.newBuilder().addOperations(
            Call.ReconcileOperations.Operation.newBuilder().setOperationId(Protos.OperationID.newBuilder()
                .setValue("op-1")).setAgentId(Protos.AgentID.newBuilder().setValue(agent)))).build();
    assertThat(c.call(operations).statusCode()).isEqualTo(202);
    awaitUntil(() -> c.events(Event.Type.UPDATE_OPERATION_STATUS).size() == 1);
    Protos.OperationStatus op = c.events(Event.Type.UPDATE_OPERATION_STATUS).get(0).getUpdateOperationStatus()
        .getStatus();
    assertThat(op.getOperationId().getValue()).isEqualTo("op-1");
    assertThat(op.getState()).isEqualTo(Protos.OperationState.OPERATION_UNKNOWN);
    assertThat(op.getAgentId().getValue()).isEqualTo(agent);
    assertThat(op.hasUuid()).as("nothing to acknowledge").isFalse();
    // Its answers are events of the type the client reads: an Accept that allows neither is refused.
    java.net.http.HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(url().resolve("/api/v1/scheduler"))
            .header("Content-Type", "application/json").header("Accept", "text/html")
            .header("Mesos-Stream-Id", c.streamId())
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(c.encode(operations))).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(406);
    assertThat(refused.body()).isEqualTo("Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
  }

  /**
   * A framework whose stream closed is not subscribed (403) until it subscribes again with its ID; then the
   * update it had not acknowledged is sent again at once.
   */
  @Test
  void aFrameworkThatLeftGets403AndItsUnacknowledgedUpdatesAfterItSubscribesAgain() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("forever", "serve");
    startMaster(masterBuilder());
    V1Client first = client(true);
    first.subscribe(subscribe(framework("again", 3600)));
    awaitUntil(() -> !offers(first).isEmpty());
    Protos.FrameworkID id = frameworkId(first);
    Protos.Offer offer = offers(first).get(0);
    first.call(accept(id, offer, task("t", offer, def, 0.25, 64)));
    awaitUntil(() -> !updates(first, "t").isEmpty());
    Protos.TaskStatus unacked = updates(first, "t").get(0);
    String oldStream = first.streamId();
    first.close();
    awaitUntil(() -> first.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.REVIVE).build(), oldStream)
        .statusCode() == 403);
    assertThat(first.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.REVIVE).build(), oldStream).body())
        .isEqualTo("Framework is not subscribed");

    V1Client second = client(true);
    second.subscribe(subscribe(framework("again", 3600).toBuilder().setId(id).build()));
    awaitUntil(() -> !updates(second, "t").isEmpty());
    assertThat(frameworkId(second)).isEqualTo(id);
    assertThat(updates(second, "t").get(0).getUuid()).isEqualTo(unacked.getUuid());
    assertThat(second.names()).startsWith("SUBSCRIBED");
    assertThat(ecsTasks(DesiredStatus.RUNNING)).hasSize(1);
  }

  /** failover_timeout 0 (the default): a framework that leaves is removed at once, and its tasks are killed. */
  @Test
  void aFrameworkThatLeavesWithNoFailoverTimeIsRemovedAndItsTasksStop() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("forever", "serve");
    startMaster(masterBuilder());
    V1Client c = client(true);
    c.subscribe(subscribe(framework("brief", 0)));
    awaitUntil(() -> !offers(c).isEmpty());
    Protos.FrameworkID id = frameworkId(c);
    Protos.Offer offer = offers(c).get(0);
    c.call(accept(id, offer, task("t", offer, def, 0.25, 64)));
    awaitUntil(() -> ecsTasks(DesiredStatus.RUNNING).size() == 1);
    String stream = c.streamId();
    c.close();
    waiting().until(() -> ecsTasks(DesiredStatus.RUNNING).isEmpty());
    assertThat(c.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.REVIVE).build(), stream).body())
        .isEqualTo("Framework cannot be found");

    V1Client again = client(true);
    again.subscribe(subscribe(framework("brief", 0).toBuilder().setId(id).build()));
    awaitUntil(again::ended);
    assertThat(again.events()).extracting(Event::getType).containsExactly(Event.Type.ERROR);
    assertThat(again.events().get(0).getError().getMessage()).isEqualTo("Framework has been removed");
  }

  @Test
  void aSecondSubscriptionWithTheSameIdTakesOverAndTheFirstHearsItFailedOver() throws Exception {
    startMaster(masterBuilder());
    V1Client first = client(true);
    first.subscribe(subscribe(framework("twice", 60).toBuilder()
        .setId(Protos.FrameworkID.newBuilder().setValue("chosen-by-client")).build()));
    awaitUntil(() -> !first.events(Event.Type.SUBSCRIBED).isEmpty());
    assertThat(frameworkId(first).getValue()).isEqualTo("chosen-by-client");
    V1Client second = client(true);
    second.subscribe(subscribe(framework("twice", 60).toBuilder()
        .setId(Protos.FrameworkID.newBuilder().setValue("chosen-by-client")).build()));
    awaitUntil(() -> !second.events(Event.Type.SUBSCRIBED).isEmpty() && first.ended());
    assertThat(first.events(Event.Type.ERROR)).singleElement()
        .satisfies(e -> assertThat(e.getError().getMessage()).isEqualTo("Framework failed over"));
    assertThat(second.call(Call.newBuilder().setFrameworkId(frameworkId(second)).setType(Call.Type.REVIVE).build(),
        first.streamId()).statusCode()).isEqualTo(400);
  }

  @Test
  void teardownStopsTheTasksAndEndsTheStream() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("forever", "serve");
    startMaster(masterBuilder());
    V1Client c = client(true);
    c.subscribe(subscribe(framework("done", 3600)));
    awaitUntil(() -> !offers(c).isEmpty());
    Protos.FrameworkID id = frameworkId(c);
    Protos.Offer offer = offers(c).get(0);
    c.call(accept(id, offer, task("t", offer, def, 0.25, 64)));
    awaitUntil(() -> ecsTasks(DesiredStatus.RUNNING).size() == 1);
    assertThat(c.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.TEARDOWN).build()).statusCode())
        .isEqualTo(202);
    awaitUntil(c::ended);
    waiting().until(() -> ecsTasks(DesiredStatus.RUNNING).isEmpty());
  }

  /**
   * A subscriber that never reads its stream is dropped once more than {@code maxQueuedBytes} of events wait
   * for it, rather than buffered without end; its offers go back and another framework gets them.
   */
  @Test
  void aSubscriberThatNeverReadsIsDroppedAndItsOffersGoToTheOthers() throws Exception {
    ecsLocal.addInstances(CLUSTER, 300, 1024, 1024);
    // The kernel's buffers take megabytes before a write blocks: offers that time out after 100 ms and are
    // made again (300 agents, about 150 KB of JSON each time) fill them within seconds; then heartbeats every
    // 5 ms fill the 4 KiB of queue.
    startMaster(masterBuilder().maxQueuedBytes(4096).heartbeatInterval(java.time.Duration.ofMillis(5))
        .offerTimeout(java.time.Duration.ofMillis(100)).offerInterval(java.time.Duration.ofMillis(100)));
    // Subscribes (JSON, the larger encoding) and then never reads: a small receive window fills at once.
    java.net.Socket silent = new java.net.Socket();
    silent.setReceiveBufferSize(4096);
    silent.connect(new java.net.InetSocketAddress("127.0.0.1", master.port()));
    byte[] body = ("{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"silent\","
        + "\"failover_timeout\":60.0}}}").getBytes(StandardCharsets.UTF_8);
    silent.getOutputStream().write(("POST /api/v1/scheduler HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    silent.getOutputStream().write(body);
    silent.getOutputStream().flush();
    try {
      waiting().atMost(java.time.Duration.ofSeconds(30)).until(() -> frameworks().contains("silent:false"));
      V1Client reader = client(false);
      reader.subscribe(subscribe(framework("reader", 60)));
      awaitUntil(() -> offers(reader).stream().map(o -> o.getAgentId().getValue()).distinct().count() == 300);
      assertThat(frameworks()).contains("silent:false", "reader:true");
    } finally {
      silent.close();
    }
  }

  /** {@code name:connected} of each framework the master knows. */
  private List<String> frameworks() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url().resolve(
        "/master/frameworks")).build(), HttpResponse.BodyHandlers.ofString());
    List<String> out = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode f : new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(r.body()).path("frameworks")) {
      out.add(f.path("name").asText() + ":" + f.path("connected").asBoolean());
    }
    return out;
  }
}
