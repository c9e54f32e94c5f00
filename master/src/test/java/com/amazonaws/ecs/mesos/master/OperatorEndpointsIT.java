package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What frameworks and tools read besides the scheduler API, and authentication of frameworks. */
class OperatorEndpointsIT extends MasterTestBase {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(url().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    return json.readTree(r.body());
  }

  @Test
  void versionHealthAndRedirect() throws Exception {
    startMaster(masterBuilder());
    JsonNode version = getJson("/version");
    assertThat(version.get("version").asText()).isEqualTo("1.11.0");
    assertThat(version.get("build_time").isNumber()).isTrue();
    HttpResponse<String> health = get("/master/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEmpty();
    for (String path : new String[] {"/redirect", "/master/redirect"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).isEqualTo(307);
      assertThat(r.headers().firstValue("Location")).contains("//127.0.0.1:" + master.port());
    }
    assertThat(get("/redirect/more").statusCode()).isEqualTo(404);
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }

  /** /master/state as Singularity reads it: agents with id, hostname, attributes and resources; frameworks with tasks. */
  @Test
  void stateShowsAgentsFrameworksAndTasks() throws Exception {
    ecsLocal.addInstances(CLUSTER, 2, 2048, 4096);
    String def = taskDefinition("forever", "serve");
    startMaster(masterBuilder());
    V1Client c = client(true);
    c.subscribe(subscribe(framework("shown", 60)));
    awaitUntil(() -> offers(c).size() == 2);
    Protos.FrameworkID id = frameworkId(c);
    Protos.Offer offer = offers(c).get(0);
    c.call(accept(id, offer, task("t1", offer, def, 0.5, 128)));
    awaitUntil(() -> updates(c, "t1").stream().anyMatch(s -> s.getState() == Protos.TaskState.TASK_STARTING));

    for (String path : new String[] {"/master/state", "/state", "/state.json", "/master/state.json"}) {
      JsonNode state = getJson(path);
      assertThat(state.get("version").asText()).isEqualTo("1.11.0");
      assertThat(state.get("slaves")).hasSize(2);
      assertThat(state.get("leader").asText()).isEqualTo("master@127.0.0.1:" + master.port());
    }
    JsonNode state = getJson("/master/state");
    JsonNode agent = state.get("slaves").get(0);
    assertThat(agent.get("id").asText()).isNotEmpty();
    assertThat(agent.get("hostname").asText()).isNotEmpty();
    assertThat(agent.get("attributes").get("ecs.availability-zone").asText()).startsWith("us-east-1");
    assertThat(agent.get("resources").get("cpus").asDouble()).isEqualTo(2.0);
    assertThat(agent.get("resources").get("mem").asDouble()).isEqualTo(4096.0);
    assertThat(agent.get("resources").get("ports").asText()).isEqualTo("[31000-32000]");
    JsonNode fw = state.get("frameworks").get(0);
    assertThat(fw.get("id").asText()).isEqualTo(id.getValue());
    assertThat(fw.get("name").asText()).isEqualTo("shown");
    assertThat(fw.get("active").asBoolean()).isTrue();
    assertThat(fw.get("tasks")).hasSize(1);
    assertThat(fw.get("tasks").get(0).get("id").asText()).isEqualTo("t1");
    assertThat(fw.get("tasks").get(0).get("slave_id").asText()).isEqualTo(offer.getAgentId().getValue());

    assertThat(getJson("/master/slaves").get("slaves")).hasSize(2);
    assertThat(getJson("/master/frameworks").get("frameworks")).hasSize(1);
    assertThat(getJson("/master/tasks?framework_id=" + id.getValue()).get("tasks")).hasSize(1);
    assertThat(getJson("/master/tasks?limit=0").get("tasks")).isEmpty();
    // Each state the task went through, in order and in time, as Mesos's Task.statuses.
    Protos.TaskStatus starting = updates(c, "t1").get(0);
    c.call(acknowledge(id, starting));
    awaitUntil(() -> getJson("/master/tasks").get("tasks").get(0).get("statuses").size() == 2);
    JsonNode statuses = getJson("/master/tasks").get("tasks").get(0).get("statuses");
    assertThat(statuses).extracting(st -> st.get("state").asText()).containsExactly("TASK_STARTING", "TASK_RUNNING");
    assertThat(statuses.get(1).get("timestamp").asDouble()).isGreaterThanOrEqualTo(statuses.get(0).get("timestamp")
        .asDouble());
    JsonNode metrics = getJson("/metrics/snapshot");
    assertThat(metrics.get("master/frameworks_active").asDouble()).isEqualTo(1.0);
    assertThat(metrics.get("master/cpus_total").asDouble()).isEqualTo(4.0);
    HttpResponse<String> jsonp = get("/master/state?jsonp=cb");
    assertThat(jsonp.body()).startsWith("cb({").endsWith("});");
  }

  /** With credentials, frameworks authenticate (HTTP Basic) and may act only on the frameworks they subscribed. */
  @Test
  void withCredentialsFrameworksAuthenticateAndStayInTheirLane(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(file, "{\"credentials\":[{\"principal\":\"alice\",\"secret\":\"alice-s3cret\"},"
        + "{\"principal\":\"bob\",\"secret\":\"bob-s3cret\"}]}");
    startMaster(masterBuilder().credentials(com.amazonaws.ecs.mesos.master.internal.Credentials.read(file)));
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(url().resolve("/api/v1/scheduler"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"t\"}}}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"mesos\"");

    V1Client alice = new V1Client(url(), true, "alice", "alice-s3cret");
    try (alice) {
      alice.subscribe(subscribe(framework("a", 60)));
      awaitUntil(() -> !alice.events(Event.Type.SUBSCRIBED).isEmpty());
      Call revive = Call.newBuilder().setFrameworkId(frameworkId(alice)).setType(Call.Type.REVIVE).build();
      assertThat(alice.call(revive).statusCode()).isEqualTo(202);
      V1Client bob = new V1Client(url(), true, "bob", "bob-s3cret");
      try (bob) {
        HttpResponse<String> forbidden = bob.call(revive, alice.streamId());
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).doesNotContain("alice-s3cret").doesNotContain("bob-s3cret");
      }
      V1Client wrong = new V1Client(url(), true, "alice", "wrong");
      try (wrong) {
        assertThat(wrong.call(revive, alice.streamId()).statusCode()).isEqualTo(401);
      }
    }
  }
}
