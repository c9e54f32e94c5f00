package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real frameworks on one small cluster through one master: HubSpot Singularity 1.5.0 (V1 HTTP API) and
 * Fenzo's sample framework {@code com.netflix.fenzo.samples.TaskGenerator} (V0, unmodified, on the drop-in jar
 * given the master's {@code host:port}). Every task of both finishes or runs, no launch is refused for resources,
 * and while they run no agent is ever in two frameworks' offers at once (sampled from {@code /master/state}).
 *
 * <p>TaskGenerator never declines an offer: without {@code --offer_timeout} it would hold every agent and
 * Singularity would starve. The master rescinds offers held longer than 2 s, and the allocator offers them to
 * the framework with the lower dominant share.
 */
class SingularityAndFenzoIT extends MasterTestBase {
  private static final int FENZO_TASKS = 50;
  private static final Pattern FINISHED = Pattern.compile("^Task Update: (\\S+) in state TASK_FINISHED$",
      Pattern.MULTILINE);
  private static final Pattern FAILED_OR_LOST = Pattern.compile("^Task Update: \\S+ in state TASK_(FAILED|LOST|ERROR|DROPPED)",
      Pattern.MULTILINE);

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private SingularityProcess singularity;
  private Process fenzo;

  /** Singularity judges health by TASK_RUNNING's timestamp: cluster time is real time. */
  @Override
  double timeFactor() {
    return 1;
  }

  @AfterEach
  void stopFrameworks() throws Exception {
    if (fenzo != null) {
      fenzo.destroyForcibly();
    }
    if (singularity != null) {
      singularity.close();
    }
  }

  private JsonNode masterState() throws Exception {
    return json.readTree(http.send(HttpRequest.newBuilder(url().resolve("/master/state")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private static String jarOf(Class<?> type) throws Exception {
    return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private Process startFenzo(Path log) throws Exception {
    List<String> classpath = new ArrayList<>();
    classpath.add(SingularityProcess.JARS.resolve("amazon-ecs-scheduler-driver-shim.jar").toString()); // first
    classpath.add(jarOf(com.google.protobuf.Message.class));
    classpath.add(jarOf(org.slf4j.LoggerFactory.class));
    classpath.add(jarOf(org.slf4j.simple.SimpleLogger.class));
    classpath.add(jarOf(com.netflix.fenzo.TaskScheduler.class));
    classpath.add(jarOf(com.fasterxml.jackson.databind.ObjectMapper.class));
    classpath.add(jarOf(com.fasterxml.jackson.core.JsonFactory.class));
    classpath.add(jarOf(com.fasterxml.jackson.annotation.JsonCreator.class));
    classpath.add(jarOf(org.json.JSONObject.class));
    assertThat(classpath).as("no mesos jar but the drop-in").noneMatch(entry -> Paths.get(entry).getFileName()
        .toString().matches("mesos-.*\\.jar"));
    ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, classpath),
        "com.netflix.fenzo.samples.TaskGenerator", "127.0.0.1:" + master.port()) // as a user would give --master
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_")); // nothing names an ECS cluster
    return builder.start();
  }

  @Test
  void singularityAndFenzoShareTheClusterWithoutSharingAnOffer(@TempDir Path dir) throws Exception {
    ecsLocal.addInstances(CLUSTER, 3, 4096, 8192);
    startMaster(masterBuilder().offerTimeout(Duration.ofSeconds(2)).heartbeatInterval(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200)).offerInterval(Duration.ofMillis(200)));
    singularity = new SingularityProcess(dir, master.port(), "singularity-and-fenzo");
    waiting().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> masterState().path("frameworks").size() == 1);

    // While both run: which frameworks hold offers for each agent, sampled.
    List<String> overlaps = new CopyOnWriteArrayList<>();
    Set<String> holders = ConcurrentHashMap.newKeySet();
    AtomicInteger samples = new AtomicInteger();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        try {
          Map<String, Set<String>> byAgent = new HashMap<>();
          for (JsonNode f : masterState().path("frameworks")) {
            for (JsonNode o : f.path("offers")) {
              byAgent.computeIfAbsent(o.path("slave_id").asText(), a -> new HashSet<>()).add(f.path("name").asText());
              holders.add(f.path("name").asText());
            }
          }
          byAgent.forEach((agent, fws) -> {
            if (fws.size() > 1) {
              overlaps.add(agent + " offered to " + fws);
            }
          });
          samples.incrementAndGet();
          Thread.sleep(25);
        } catch (Exception e) {
          return;
        }
      }
    });
    sampler.start();

    Path fenzoLog = SingularityProcess.JARS.resolve("fenzo-with-singularity.log");
    fenzo = startFenzo(fenzoLog);
    // Singularity counts an agent active once it was offered (a SEPARATE service of 2 is refused before): with
    // Fenzo holding offers too, that takes an offer timeout or two.
    waiting().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> singularity.get("/state?skipCache=true").path("activeAgents").asInt() >= 2);
    singularity.send("POST", "/requests", "{\"id\":\"svc\",\"requestType\":\"SERVICE\",\"instances\":2,"
        + "\"agentPlacement\":\"SEPARATE\"}");
    singularity.send("POST", "/deploys", "{\"deploy\":{\"requestId\":\"svc\",\"id\":\"d1\",\"command\":\"sleep 360000\","
        + "\"considerHealthyAfterRunningForSeconds\":1,\"resources\":{\"cpus\":0.1,\"memoryMb\":32,\"numPorts\":1}}}");
    singularity.send("POST", "/requests", "{\"id\":\"once\",\"requestType\":\"ON_DEMAND\",\"instances\":1}");
    singularity.send("POST", "/deploys", "{\"deploy\":{\"requestId\":\"once\",\"id\":\"d1\",\"command\":\"sleep 3\","
        + "\"resources\":{\"cpus\":0.1,\"memoryMb\":32,\"numPorts\":0}}}");
    waiting().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> singularity.get("/requests/request/once").path("activeDeploy").has("id"));
    singularity.send("POST", "/requests/request/once/run", "{\"runId\":\"r1\"}");

    boolean exited = fenzo.waitFor(180, TimeUnit.SECONDS);
    String log = Files.readString(fenzoLog);
    assertThat(exited).as("TaskGenerator exited; its output ends with:\n%s", tail(log)).isTrue();
    waiting().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> states("svc-").stream().filter("TASK_RUNNING"::equals).count() == 2
            && states("once-").contains("TASK_FINISHED"));
    sampling.set(false);
    sampler.join();

    assertThat(fenzo.exitValue()).as(tail(log)).isZero();
    Set<String> finished = new TreeSet<>();
    Matcher m = FINISHED.matcher(log);
    while (m.find()) {
      finished.add(m.group(1));
    }
    assertThat(finished).as("Fenzo's tasks that finished").hasSize(FENZO_TASKS);
    assertThat(FAILED_OR_LOST.matcher(log).results().map(r -> r.group()).toList()).as("Fenzo's lost tasks").isEmpty();
    assertThat(states("")).as("no task of either framework failed, was lost or refused")
        .doesNotContain("TASK_LOST", "TASK_ERROR", "TASK_DROPPED", "TASK_FAILED");
    assertThat(samples.get()).as("samples of the offers").isGreaterThan(100);
    assertThat(holders).as("both frameworks held offers while sampled").contains("Singularity");
    assertThat(overlaps).as("agents offered to two frameworks at once").isEmpty();
    assertThat(singularity.alive()).isTrue();
  }

  /** States of every task the master knows (running and completed) whose ID starts with {@code prefix}. */
  private List<String> states(String prefix) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode f : masterState().path("frameworks")) {
      for (String list : List.of("tasks", "completed_tasks")) {
        for (JsonNode t : f.path(list)) {
          if (t.path("id").asText().startsWith(prefix)) {
            out.add(t.path("state").asText());
          }
        }
      }
    }
    return out;
  }

  private static String tail(String log) {
    List<String> lines = log.lines().filter(l -> !l.startsWith("#Pending tasks: ")
        && !l.startsWith("result=SchedulingResult{") && !l.startsWith("NUM TASKS COMPLETED: ")).toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }
}
