package com.amazonaws.ecs.mesos.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.ecs.local.EcsLocal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test: Fenzo's own sample framework, {@code com.netflix.fenzo.samples.TaskGenerator} from
 * the unmodified {@code fenzo-core-1.0.1.jar}, runs in a fresh JVM with the drop-in jar first on its classpath
 * (in place of the mesos 0.21.0 jar Fenzo was built against) and ecs-local as its cluster.
 *
 * <p>TaskGenerator queues 5 x 10 task requests (1 cpu, 1024 MB, 10 MB disk, 1 port each in Fenzo's accounting; the
 * TaskInfos it launches ask for 1 cpu and 128 MB), runs the command {@code sleep 2} for each through
 * {@code MesosSchedulerDriver}, counts TASK_FINISHED, TASK_FAILED and TASK_LOST alike as completed, and once 50 have
 * completed calls {@code driver.stop()} and {@code System.exit(0)}. Exit 0 alone would therefore not prove the
 * tasks succeeded: the test also requires 50 distinct TASK_FINISHED lines, no TASK_FAILED or TASK_LOST, and, from
 * ecs-local's side, 50 ECS tasks that reached RUNNING and stopped with exit code 0, one per Mesos task ID.
 *
 * <p>Three agents of 4 cpus fit 12 of Fenzo's tasks at a time, so the 50 only finish if the resources of finished
 * tasks are offered again while Fenzo keeps holding the offers it has not used (the sample never declines).
 */
class FenzoSampleShadedIT {
  private static final int TASKS = 50;
  private static final String CLUSTER = "fenzo";
  private static final Pattern FINISHED = Pattern.compile("^Task Update: (\\S+) in state TASK_FINISHED$",
      Pattern.MULTILINE);
  private static final Pattern FAILED_OR_LOST = Pattern.compile("^Task Update: \\S+ in state TASK_(FAILED|LOST|ERROR)",
      Pattern.MULTILINE);

  private static Path shimJar;

  @BeforeAll
  static void findJar() {
    String jar = System.getProperty("shim.jar");
    // `-Dtest=...` makes the unit-test execution run this class too, before the jar exists: skip it there.
    assumeTrue(jar != null, "shim.jar is set only in the integration-test execution, after package");
    shimJar = Paths.get(jar);
    assertThat(shimJar).exists();
  }

  @Test
  void fenzoSampleFrameworkRunsItsFiftySleepTasksToTaskFinishedAndExitsZero() throws Exception {
    try (EcsLocal ecsLocal = EcsLocal.builder().timeFactor(20).build()) {
      ecsLocal.addInstances(CLUSTER, 3, 4096, 8192);
      Set<String> running = ConcurrentHashMap.newKeySet();
      Set<String> stopped = ConcurrentHashMap.newKeySet();
      ecsLocal.onTaskChange((arn, lastStatus, desiredStatus, clusterTime) -> {
        if ("RUNNING".equals(lastStatus)) {
          running.add(arn);
        } else if ("STOPPED".equals(lastStatus)) {
          stopped.add(arn);
        }
      });

      List<String> classpath = new ArrayList<>();
      classpath.add(shimJar.toString()); // first: it must win over anything else naming org.apache.mesos
      classpath.add(jarOf(com.google.protobuf.Message.class)); // the framework's protobuf-java 3.x
      classpath.add(jarOf(org.slf4j.LoggerFactory.class));
      classpath.add(jarOf(org.slf4j.simple.SimpleLogger.class)); // shows the driver's log lines in the output
      // fenzo-core and its runtime dependencies, minus the mesos jar and protobuf 2.5 its pom also names.
      classpath.add(jarOf(com.netflix.fenzo.TaskScheduler.class));
      classpath.add(jarOf(com.fasterxml.jackson.databind.ObjectMapper.class));
      classpath.add(jarOf(com.fasterxml.jackson.core.JsonFactory.class));
      classpath.add(jarOf(com.fasterxml.jackson.annotation.JsonCreator.class));
      classpath.add(jarOf(org.json.JSONObject.class));
      assertThat(classpath).as("no mesos jar but the shim").noneMatch(entry -> Paths.get(entry).getFileName().toString()
          .matches("mesos-.*\\.jar"));

      String master = "ecs://" + CLUSTER + "?region=" + ecsLocal.region() + "&endpoint=" + ecsLocal.endpoint();
      Path output = shimJar.resolveSibling("fenzo-sample.log"); // kept in target/ for a look after a failure
      ProcessBuilder builder = new ProcessBuilder(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
          "-cp", String.join(File.pathSeparator, classpath),
          "com.netflix.fenzo.samples.TaskGenerator", master)
          .redirectErrorStream(true)
          .redirectOutput(output.toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
      builder.environment().put("AWS_ACCESS_KEY_ID", "AKIDLOCAL");
      builder.environment().put("AWS_SECRET_ACCESS_KEY", "secret");
      Process process = builder.start();
      boolean exited;
      try {
        exited = process.waitFor(180, TimeUnit.SECONDS);
      } finally {
        process.destroyForcibly();
      }
      String log = Files.readString(output);
      if (!exited) {
        fail("TaskGenerator did not exit within 180 s; its output:\n" + tail(log));
      }

      assertThat(process.exitValue()).as(tail(log)).isZero();
      Set<String> finished = new TreeSet<>();
      Matcher m = FINISHED.matcher(log);
      while (m.find()) {
        finished.add(m.group(1));
      }
      Set<String> expectedIds = IntStream.range(0, TASKS).mapToObj(Integer::toString).collect(Collectors.toSet());
      assertThat(finished).as("Mesos task IDs reported TASK_FINISHED\n%s", tail(log))
          .containsExactlyInAnyOrderElementsOf(expectedIds);
      assertThat(FAILED_OR_LOST.matcher(log).results().map(r -> r.group()).collect(Collectors.toList()))
          .as("failed or lost tasks").isEmpty();
      assertThat(log).contains("Took ", " mS to complete 50 tasks", "Stopping down mesos driver");

      // ECS's side: 50 tasks really started, ran and exited 0, one for each Mesos task, and ran the sample's command.
      assertThat(running).as("ECS tasks that reached RUNNING").hasSize(TASKS);
      assertThat(stopped).as("ECS tasks that reached STOPPED").containsExactlyInAnyOrderElementsOf(running);
      Map<String, JsonNode> byMesosTaskId = describe(ecsLocal, new ArrayList<>(stopped));
      assertThat(byMesosTaskId.keySet()).containsExactlyInAnyOrderElementsOf(expectedIds);
      ObjectMapper json = new ObjectMapper();
      Set<String> commands = new HashSet<>();
      for (Map.Entry<String, JsonNode> e : byMesosTaskId.entrySet()) {
        JsonNode task = e.getValue();
        assertThat(task.path("lastStatus").asText()).as("task %s", e.getKey()).isEqualTo("STOPPED");
        assertThat(task.path("stopCode").asText()).as("task %s", e.getKey()).isEqualTo("EssentialContainerExited");
        assertThat(task.path("containers")).as("task %s", e.getKey()).isNotEmpty()
            .allSatisfy(c -> assertThat(c.path("exitCode").asInt(-1)).as("exit code, task %s", e.getKey()).isZero());
        JsonNode definition = json.readTree(ecsLocal.call("DescribeTaskDefinition",
            "{\"taskDefinition\":\"" + task.path("taskDefinitionArn").asText() + "\"}"));
        commands.add(definition.path("taskDefinition").path("containerDefinitions").toString());
      }
      assertThat(commands).as("container definitions the tasks ran").allMatch(c -> c.contains("sleep 2"));
    }
  }

  /** The ECS tasks, described with their tags, keyed by the Mesos task ID the driver tagged them with. */
  private static Map<String, JsonNode> describe(EcsLocal ecsLocal, List<String> arns) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, JsonNode> byId = new HashMap<>();
    for (int from = 0; from < arns.size(); from += 100) {
      List<String> page = arns.subList(from, Math.min(arns.size(), from + 100));
      String request = json.writeValueAsString(Map.of("cluster", CLUSTER, "tasks", page, "include", List.of("TAGS")));
      JsonNode response = json.readTree(ecsLocal.call("DescribeTasks", request));
      assertThat(response.path("failures")).as("DescribeTasks failures").isEmpty();
      for (JsonNode task : response.path("tasks")) {
        String id = null;
        for (JsonNode tag : task.path("tags")) {
          if ("mesos.task-id".equals(tag.path("key").asText())) {
            id = tag.path("value").asText();
          }
        }
        assertThat(id).as("mesos.task-id tag of %s", task.path("taskArn").asText()).isNotNull();
        assertThat(byId.put(id, task)).as("second ECS task for Mesos task %s", id).isNull();
      }
    }
    return byId;
  }

  private static String jarOf(Class<?> type) throws Exception {
    return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /**
   * The end of the sample's output without its scheduling-loop lines (two every 100 ms, and one a second counting
   * completions), which would bury the failure; the whole output is in {@code target/fenzo-sample.log}.
   */
  private static String tail(String log) {
    String events = log.lines()
        .filter(line -> !line.startsWith("#Pending tasks: ") && !line.startsWith("result=SchedulingResult{")
            && !line.startsWith("NUM TASKS COMPLETED: "))
        .collect(Collectors.joining("\n"));
    int max = 20_000;
    return events.length() <= max ? events : "...\n" + events.substring(events.length() - max);
  }
}
