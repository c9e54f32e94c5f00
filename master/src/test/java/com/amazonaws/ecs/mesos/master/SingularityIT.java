package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * HubSpot Singularity 1.5.0, unmodified (its shaded jar from Maven Central), with a ZooKeeper of its own,
 * against the master on ecs-local: ON_DEMAND and RUN_ONCE requests run to TASK_FINISHED, a SERVICE of two
 * instances runs on two agents, scaling down and deleting kill ECS tasks, and a master restart while the
 * SERVICE runs loses nothing and Singularity subscribes again.
 *
 * <p>Singularity runs in a JVM of its own, as {@code ../shared/singularity/start-singularity.sh} starts it on
 * Java 17: ZooKeeper's 3.5.10 client in front of the shaded jar, SASL off, {@code --add-opens} for Guice.
 */
class SingularityIT extends MasterTestBase {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private SingularityProcess singularity;

  @AfterEach
  void stopSingularity() throws Exception {
    if (singularity != null) {
      singularity.close();
    }
  }

  private JsonNode get(String path) throws Exception {
    return singularity.get(path);
  }

  private void send(String method, String path, String body) throws Exception {
    singularity.send(method, path, body);
  }

  /** Whether the master has the framework subscribed. */
  private boolean subscribed() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(url().resolve("/master/frameworks")).build(),
        HttpResponse.BodyHandlers.ofString());
    for (JsonNode f : json.readTree(r.body()).path("frameworks")) {
      if ("Singularity".equals(f.path("id").asText()) && f.path("connected").asBoolean()) {
        return true;
      }
    }
    return false;
  }

  /** Mesos task IDs (from the ECS tags) of the ECS tasks of one Singularity request with this desired status. */
  private List<Task> ecsTasks(String requestId, DesiredStatus desired) {
    List<String> arns = ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(desired)).taskArns();
    if (arns.isEmpty()) {
      return List.of();
    }
    return ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns).include(
        software.amazon.awssdk.services.ecs.model.TaskField.TAGS)).tasks().stream()
        .filter(t -> mesosTaskId(t).startsWith(requestId + "-")).toList();
  }

  private static String mesosTaskId(Task t) {
    return t.tags().stream().filter(tag -> tag.key().equals("mesos.task-id")).map(Tag::value).findFirst().orElse("");
  }

  /** The states the master reports for a request's tasks, by Mesos task ID. */
  private List<String> masterStates(String requestId) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(url().resolve("/master/tasks?limit=1000")).build(),
        HttpResponse.BodyHandlers.ofString());
    List<String> out = new ArrayList<>();
    for (JsonNode t : json.readTree(r.body()).path("tasks")) {
      if (t.path("id").asText().startsWith(requestId + "-")) {
        out.add(t.path("state").asText());
      }
    }
    return out;
  }

  private void await(String what, java.util.concurrent.Callable<Boolean> condition) {
    try {
      waiting().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).alias(what).until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      String tail = singularity.tail(60);
      String state;
      try {
        state = "request svc: " + get("/requests/request/svc") + "\npending deploys: " + get("/deploys/pending")
            + "\nactive tasks: " + get("/tasks/active") + "\ndeploy: " + get("/history/request/svc/deploy/d1") + "\nmaster: " + masterStates("svc");
      } catch (Exception x) {
        state = x.toString();
      }
      throw new AssertionError(what + " did not happen; " + state + "\nSingularity's log ends with:\n" + tail, e);
    }
  }

  /**
   * Real time from the first instant: Singularity judges a service healthy by how long ago TASK_RUNNING's timestamp
   * (ECS's startedAt) was, so cluster time must never run ahead of the wall clock.
   */
  @Override
  double timeFactor() {
    return 1;
  }

  @Test
  void singularityRunsOnTheMasterUnmodified(@TempDir Path dir) throws Exception {
    ecsLocal.addInstances(CLUSTER, 2, 2048, 4096);
    EcsMesosMasterBuilder builder = masterBuilder().heartbeatInterval(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200)).offerInterval(Duration.ofMillis(200));
    startMaster(builder);
    int masterPort = master.port();
    singularity = new SingularityProcess(dir, masterPort, "singularity");
    await("Singularity subscribed", this::subscribed);

    // ON_DEMAND: a deploy, then one run.
    send("POST", "/requests", "{\"id\":\"sleep-once\",\"requestType\":\"ON_DEMAND\",\"instances\":1}");
    send("POST", "/deploys", "{\"deploy\":{\"requestId\":\"sleep-once\",\"id\":\"d1\",\"command\":\"sleep 5\","
        + "\"resources\":{\"cpus\":0.1,\"memoryMb\":32,\"numPorts\":0}}}");
    await("the ON_DEMAND deploy active", () -> get("/requests/request/sleep-once").path("activeDeploy").has("id"));
    send("POST", "/requests/request/sleep-once/run", "{\"runId\":\"run-1\",\"message\":\"test\"}");
    await("the ON_DEMAND task finished", () -> masterStates("sleep-once").contains("TASK_FINISHED"));

    // RUN_ONCE: the deploy itself runs it.
    send("POST", "/requests", "{\"id\":\"sleep-run-once\",\"requestType\":\"RUN_ONCE\",\"instances\":1}");
    send("POST", "/deploys", "{\"deploy\":{\"requestId\":\"sleep-run-once\",\"id\":\"d1\",\"command\":\"sleep 5\","
        + "\"resources\":{\"cpus\":0.1,\"memoryMb\":32,\"numPorts\":0}}}");
    await("the RUN_ONCE task finished", () -> masterStates("sleep-run-once").contains("TASK_FINISHED"));

    // SERVICE of two instances, one per agent.
    send("POST", "/requests", "{\"id\":\"svc\",\"requestType\":\"SERVICE\",\"instances\":2,"
        + "\"agentPlacement\":\"SEPARATE\"}");
    send("POST", "/deploys", "{\"deploy\":{\"requestId\":\"svc\",\"id\":\"d1\",\"command\":\"sleep 360000\","
        + "\"considerHealthyAfterRunningForSeconds\":1,\"resources\":{\"cpus\":0.1,\"memoryMb\":32,\"numPorts\":1}}}");
    await("two SERVICE tasks running", () -> ecsTasks("svc", DesiredStatus.RUNNING).size() == 2
        && masterStates("svc").stream().filter("TASK_RUNNING"::equals).count() == 2);
    Set<String> agents = new TreeSet<>();
    ecsTasks("svc", DesiredStatus.RUNNING).forEach(t -> agents.add(t.containerInstanceArn()));
    assertThat(agents).as("one instance per agent").hasSize(2);
    await("the SERVICE deploy active", () -> "d1".equals(get("/requests/request/svc").path("activeDeploy")
        .path("id").asText()));

    // Scale down: Singularity kills one ECS task.
    send("PUT", "/requests/request/svc/scale", "{\"instances\":1}");
    await("one SERVICE task left", () -> ecsTasks("svc", DesiredStatus.RUNNING).size() == 1);
    String survivor = mesosTaskId(ecsTasks("svc", DesiredStatus.RUNNING).get(0));

    // The master restarts while the SERVICE runs: nothing is lost, Singularity subscribes again.
    master.close();
    master = null;
    startMaster(builder.port(masterPort));
    await("Singularity subscribed again", this::subscribed);
    await("the surviving task reported running by the new master",
        () -> masterStates("svc").stream().filter("TASK_RUNNING"::equals).count() == 1);
    assertThat(ecsTasks("svc", DesiredStatus.RUNNING)).singleElement()
        .satisfies(t -> assertThat(mesosTaskId(t)).isEqualTo(survivor));
    waiting().during(3, TimeUnit.SECONDS).atMost(10, TimeUnit.SECONDS)
        .until(() -> ecsTasks("svc", DesiredStatus.RUNNING).size() == 1);

    // Deleting the request kills its task.
    send("DELETE", "/requests/request/svc", "{\"message\":\"done\"}");
    await("the SERVICE's ECS task stopped", () -> ecsTasks("svc", DesiredStatus.RUNNING).isEmpty());
    assertThat(singularity.alive()).as("Singularity never aborted").isTrue();
  }

  /**
   * Issue 13: Singularity configured with three masters contending in ZooKeeper keeps its SERVICE across the
   * leader's death: it finds the new leader through {@code /redirect}, subscribes with its framework ID, the new
   * leader reports the same ECS task running (no replacement), and it launches through the new leader.
   */
  @Test
  void singularityGivenThreeMastersKeepsItsServiceAcrossTheLeadersDeath(@TempDir Path dir) throws Exception {
    ecsLocal.addInstances(CLUSTER, 2, 2048, 4096);
    List<EcsMesosMaster> candidates = new ArrayList<>();
    try (org.apache.curator.test.TestingServer zk = new org.apache.curator.test.TestingServer(true)) {
      StringBuilder masters = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        EcsMesosMaster m = masterBuilder().heartbeatInterval(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(200)).offerInterval(Duration.ofMillis(200))
            .zk("zk://" + zk.getConnectString() + "/mesos").zkSessionTimeout(Duration.ofSeconds(4)).build().start();
        candidates.add(m);
        masters.append(i == 0 ? "" : ",").append("127.0.0.1:").append(m.port());
      }
      waiting().atMost(Duration.ofSeconds(15)).until(() -> candidates.stream().anyMatch(EcsMesosMaster::leading));
      EcsMesosMaster leader = candidates.stream().filter(EcsMesosMaster::leading).findFirst().orElseThrow();
      master = leader; // what url() and the helpers read
      singularity = new SingularityProcess(dir, masters.toString(), "singularity-ha");
      await("Singularity subscribed to the leader", this::subscribed);

      send("POST", "/requests", "{\"id\":\"svc\",\"requestType\":\"SERVICE\",\"instances\":1}");
      send("POST", "/deploys", "{\"deploy\":{\"requestId\":\"svc\",\"id\":\"d1\",\"command\":\"sleep 360000\","
          + "\"considerHealthyAfterRunningForSeconds\":1,\"resources\":{\"cpus\":0.1,\"memoryMb\":32,\"numPorts\":0}}}");
      await("the SERVICE task running", () -> ecsTasks("svc", DesiredStatus.RUNNING).size() == 1
          && masterStates("svc").contains("TASK_RUNNING"));
      await("the SERVICE deploy active", () -> "d1".equals(get("/requests/request/svc").path("activeDeploy")
          .path("id").asText()));
      String running = mesosTaskId(ecsTasks("svc", DesiredStatus.RUNNING).get(0));

      leader.close(); // the leader dies: its streams break, its port and its ZooKeeper node go
      candidates.remove(leader);
      master = null;
      waiting().atMost(Duration.ofSeconds(15)).until(() -> candidates.stream().anyMatch(EcsMesosMaster::leading));
      master = candidates.stream().filter(EcsMesosMaster::leading).findFirst().orElseThrow();
      await("Singularity subscribed to the new leader", this::subscribed);
      await("the new leader reports the SERVICE task running",
          () -> masterStates("svc").stream().filter("TASK_RUNNING"::equals).count() == 1);
      assertThat(ecsTasks("svc", DesiredStatus.RUNNING)).singleElement()
          .satisfies(t -> assertThat(mesosTaskId(t)).isEqualTo(running));

      send("PUT", "/requests/request/svc/scale", "{\"instances\":2}");
      await("a second SERVICE task launched through the new leader",
          () -> ecsTasks("svc", DesiredStatus.RUNNING).size() == 2
              && masterStates("svc").stream().filter("TASK_RUNNING"::equals).count() == 2);
      assertThat(singularity.alive()).as("Singularity never aborted").isTrue();
    } finally {
      master = null;
      for (EcsMesosMaster m : candidates) {
        m.close();
      }
    }
  }
}
