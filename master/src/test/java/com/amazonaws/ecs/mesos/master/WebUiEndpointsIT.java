package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI over HTTP, without a browser: its files, the JSON it reads (paged, searched), and authentication. */
class WebUiEndpointsIT extends MasterTestBase {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    return json.readTree(r.body());
  }

  @Test
  void thePageAndItsFilesComeWithTheirTypesAndValidators() throws Exception {
    startMaster(masterBuilder());
    HttpResponse<String> index = get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(index.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
    assertThat(index.body()).contains("<script type=\"module\" src=\"/webui/app.js\">");
    assertThat(get("/index.html").body()).isEqualTo(index.body());
    HttpResponse<String> app = get("/webui/app.js");
    assertThat(app.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(app.headers().firstValue("Cache-Control")).contains("no-cache");
    String etag = app.headers().firstValue("ETag").orElseThrow();
    assertThat(get("/webui/app.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(get("/webui/style.css").headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    assertThat(get("/webui/pages/tasks.js").statusCode()).isEqualTo(200);
    assertThat(get("/webui/nothing.js").statusCode()).isEqualTo(404);
    assertThat(get("/webui/%2e%2e/ui/WebUiHandler.class").statusCode()).as("never a file outside").isIn(400, 404);
    assertThat(get("/webui/ui/WebUiHandler.class").statusCode()).isEqualTo(404);
    // The operator endpoints are where they were.
    assertThat(getJson("/master/state").get("version").asText()).isEqualTo("1.11.0");
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void tasksAndAgentsArePagedSearchedAndFilteredOnTheMaster() throws Exception {
    ecsLocal.addInstances(CLUSTER, 3, 2048, 4096);
    String forever = taskDefinition("forever", "serve");
    String failing = taskDefinition("failing", "sh", "-c", "exit 3");
    startMaster(masterBuilder());
    V1Client c = client(true);
    c.subscribe(subscribe(framework("paged", 60)));
    awaitUntil(() -> offers(c).size() == 3);
    Protos.FrameworkID id = frameworkId(c);
    Protos.Offer offer = offers(c).get(0);
    c.call(accept(id, offer, task("a-1", offer, forever, 0.25, 64), task("a-2", offer, forever, 0.25, 64),
        task("b-1", offer, forever, 0.25, 64), task("bad-1", offer, failing, 0.25, 64)));
    awaitUntil(() -> getJson("/master/ui/task?task_id=bad-1").path("task").path("state").asText()
        .equals("TASK_FAILED"));

    JsonNode all = getJson("/master/ui/tasks");
    assertThat(all.get("total").asInt()).isEqualTo(4);
    List<Double> updated = new ArrayList<>();
    all.get("tasks").forEach(t -> updated.add(t.get("updated").asDouble()));
    assertThat(updated).as("newest update first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
    List<Double> ascending = new ArrayList<>();
    getJson("/master/ui/tasks?order=asc").get("tasks").forEach(t -> ascending.add(t.get("updated").asDouble()));
    assertThat(ascending).isSorted();
    JsonNode page = getJson("/master/ui/tasks?limit=2&offset=1&order=asc");
    assertThat(page.get("matched").asInt()).isEqualTo(4);
    assertThat(page.get("tasks")).hasSize(2);
    assertThat(getJson("/master/ui/tasks?q=A-").get("tasks")).extracting(t -> t.get("id").asText())
        .containsExactlyInAnyOrder("a-1", "a-2");
    assertThat(getJson("/master/ui/tasks?state=TASK_FAILED").get("tasks")).extracting(t -> t.get("id").asText())
        .containsExactly("bad-1");
    assertThat(getJson("/master/ui/tasks?agent_id=" + offer.getAgentId().getValue()).get("matched").asInt())
        .isEqualTo(4);
    assertThat(getJson("/master/ui/tasks?framework_id=other").get("matched").asInt()).isZero();

    JsonNode bad = getJson("/master/ui/task?framework_id=" + id.getValue() + "&task_id=bad-1").get("task");
    JsonNode last = bad.get("statuses").get(bad.get("statuses").size() - 1);
    assertThat(last.get("state").asText()).isEqualTo("TASK_FAILED");
    assertThat(last.get("reason").asText()).isEqualTo("REASON_COMMAND_EXECUTOR_FAILED");
    assertThat(last.get("message").asText()).contains("exited with code 3");
    assertThat(bad.get("exit_codes").get(0).get("code").asInt()).isEqualTo(3);
    assertThat(bad.get("task_definition").asText()).contains(":task-definition/failing:");
    assertThat(bad.get("ecs_console_url").asText()).startsWith("https://us-east-1.console.aws.amazon.com/ecs/v2/");
    // Mesos's own /master/tasks carries the reason and the message too.
    JsonNode mesos = getJson("/master/tasks?task_id=bad-1").get("tasks").get(0).get("statuses");
    assertThat(mesos.get(mesos.size() - 1).get("reason").asText()).isEqualTo("REASON_COMMAND_EXECUTOR_FAILED");
    assertThat(getJson("/master/ui/task?task_id=nope").get("task").isNull()).isTrue();

    JsonNode agents = getJson("/master/ui/agents?limit=2");
    assertThat(agents.get("total").asInt()).isEqualTo(3);
    assertThat(agents.get("agents")).hasSize(2);
    JsonNode used = getJson("/master/ui/agents?q=" + offer.getAgentId().getValue()).get("agents").get(0);
    assertThat(used.get("zone").asText()).startsWith("us-east-1");
    assertThat(used.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(used.get("used_resources").get("cpus").asDouble()).isEqualTo(0.75);
    assertThat(used.get("tasks").asInt()).isEqualTo(3);

    JsonNode overview = getJson("/master/ui/overview");
    assertThat(overview.get("cluster").asText()).isEqualTo(CLUSTER);
    assertThat(overview.get("region").asText()).isEqualTo("us-east-1");
    assertThat(overview.get("agents").get("total").asInt()).isEqualTo(3);
    assertThat(overview.get("tasks_by_state").get("TASK_FAILED").asInt()).isEqualTo(1);
    assertThat(overview.get("resources").get("total").get("cpus").asDouble()).isEqualTo(6.0);
    assertThat(overview.get("ecs").get("calls").asLong()).isPositive();
    JsonNode fw = getJson("/master/ui/frameworks").get("frameworks").get(0);
    assertThat(fw.get("name").asText()).isEqualTo("paged");
    assertThat(fw.get("share").asDouble()).isPositive();
    assertThat(fw.get("tasks_by_state").get("TASK_FAILED").asInt()).isEqualTo(1);
  }

  @Test
  void withCredentialsTheUiDataAsksForThem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(file, "ops s3cret\n");
    startMaster(masterBuilder().credentials(com.amazonaws.ecs.mesos.master.internal.Credentials.read(file)));
    assertThat(get("/").statusCode()).as("the page itself holds no data").isEqualTo(200);
    HttpResponse<String> anonymous = get("/master/ui/overview");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"mesos\"");
    // The page's own requests: no WWW-Authenticate, so the browser leaves the asking to the page.
    HttpResponse<String> fromPage = get("/master/ui/overview", "X-Requested-With", "ecs-mesos-webui");
    assertThat(fromPage.statusCode()).isEqualTo(401);
    assertThat(fromPage.headers().firstValue("WWW-Authenticate")).isEmpty();
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("ops:s3cret".getBytes());
    assertThat(get("/master/ui/overview", "Authorization", basic).statusCode()).isEqualTo(200);
    String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("ops:nope".getBytes());
    HttpResponse<String> refused = get("/master/ui/overview", "Authorization", wrong);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).doesNotContain("s3cret");
  }
}
