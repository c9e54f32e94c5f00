package com.amazonaws.ecs.mesos.internal.translate;

import static com.amazonaws.ecs.mesos.internal.translate.Fixtures.offer;
import static com.amazonaws.ecs.mesos.internal.translate.Fixtures.offerId;
import static com.amazonaws.ecs.mesos.internal.translate.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

class TaskValidationTest {

  static final Map<String, Protos.Offer> OUTSTANDING = new LinkedHashMap<>();

  static {
    OUTSTANDING.put("O-1", offer("O-1", "a1", "cpus:1.5; mem:1024; disk:100; ports:31000-31009; gpus:1"));
    OUTSTANDING.put("O-2", offer("O-2", "a1", "cpus:0.5; mem:512; ports:31010-31019"));
    OUTSTANDING.put("O-3", offer("O-3", "a2", "cpus:4; mem:4096"));
  }

  static LaunchCheck check(List<String> offers, List<Protos.TaskInfo> tasks, Set<String> live) {
    return TaskValidation.check(offers.stream().map(Fixtures::offerId).collect(Collectors.toList()), OUTSTANDING, tasks, live);
  }

  static LaunchCheck check(List<String> offers, Protos.TaskInfo... tasks) {
    return check(offers, Arrays.asList(tasks), Set.of());
  }

  // ---- offers ---------------------------------------------------------------------------------

  @ParameterizedTest(name = "offers {0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "O-1         | ",
      "O-1,O-2     | ",
      "O-2,O-1     | ",
      "            | No offers given",
      "O-1,O-1     | Offer O-1 is given more than once",
      "O-9         | Offer O-9 is not outstanding",
      "O-1,O-9     | Offer O-9 is not outstanding",
      "O-1,O-3     | Offers [O-1, O-3] are on different agents [a1, a2]",
  })
  void offersMustBeOutstandingDistinctAndOnOneAgent(String offers, String problem) {
    List<String> ids = offers == null ? List.of() : Arrays.asList(offers.split(","));
    LaunchCheck result = check(ids, List.of(task("t", "a1", "cpus:0.1", "web").build()), Set.of());
    if (problem == null) {
      assertThat(result.offersProblem()).isEmpty();
      assertThat(result.tasks()).hasSize(1).allMatch(TaskCheck::valid);
    } else {
      assertThat(result.offersProblem()).hasValueSatisfying(m -> assertThat(m).contains(problem));
      assertThat(result.tasks()).as("no task may launch").isEmpty();
    }
  }

  // ---- one task at a time ------------------------------------------------------------------------

  static Stream<Arguments> singleTasks() {
    Protos.TaskInfo.Builder ok = task("web.1", "a1", "cpus:1; mem:512", "web:3");
    Protos.ExecutorInfo executor = Protos.ExecutorInfo.newBuilder()
        .setExecutorId(Protos.ExecutorID.newBuilder().setValue("my-executor"))
        .setCommand(Protos.CommandInfo.newBuilder().setValue("./exec")).build();
    return Stream.of(
        Arguments.of("valid", ok.clone(), null),
        Arguments.of("valid ARN command", task("t", "a1", "cpus:1", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3"), null),
        Arguments.of("valid family only", task("t", "a1", "mem:1", "web_app-2"), null),
        Arguments.of("valid: exactly all of O-1", task("t", "a1", "cpus:1.5; mem:1024; disk:100; gpus:1; ports:31000-31009", "web"), null),
        Arguments.of("valid: fractional mem rounds within offer", task("t", "a1", "mem:1023.5", "web"), null),
        Arguments.of("empty task ID", task("", "a1", "cpus:1", "web"), "Task ID is empty"),
        Arguments.of("untaggable task ID", task("x".repeat(300), "a1", "cpus:1", "web"), "too long to store in an ECS tag"),
        Arguments.of("wrong agent", task("t", "a2", "cpus:1", "web"), "Task uses agent 'a2' but offers [O-1] are on agent 'a1'"),
        Arguments.of("both command and executor", ok.clone().setExecutor(executor), "both command and executor"),
        Arguments.of("custom executor", task("t", "a1", "cpus:1", null).setExecutor(executor),
            "Custom executors cannot run on ECS (task sets executor 'my-executor')"),
        Arguments.of("neither command nor executor", task("t", "a1", "cpus:1", null), "neither command nor executor"),
        Arguments.of("empty command", task("t", "a1", "cpus:1", ""), "CommandInfo.value is empty"),
        Arguments.of("shell command runs from a synthesized definition", task("t", "a1", "cpus:1; mem:64", "sleep 10"), null),
        Arguments.of("shell command without mem", task("t", "a1", "cpus:1", "sleep 10"), "Task has no mem resource"),
        Arguments.of("revision 0 is a shell command", task("t", "a1", "cpus:1; mem:64", "web:0"), null),
        Arguments.of("unexpressible: volumes", task("t", "a1", "cpus:1; mem:64", "sleep 1").setContainer(
            Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.DOCKER)
                .setDocker(Protos.ContainerInfo.DockerInfo.newBuilder().setImage("nginx"))
                .addVolumes(Protos.Volume.newBuilder().setContainerPath("/data").setMode(Protos.Volume.Mode.RW))),
            "ContainerInfo.volumes cannot be expressed on ECS"),
        Arguments.of("unexpressible: a family-looking value is checked only when it runs as a command",
            task("t", "a1", "cpus:1", "web"), null),
        Arguments.of("secret env", task("t", "a1", "cpus:1", null).setCommand(Protos.CommandInfo.newBuilder().setValue("web")
            .setEnvironment(Protos.Environment.newBuilder().addVariables(Protos.Environment.Variable.newBuilder()
                .setName("DB_PASSWORD").setType(Protos.Environment.Variable.Type.SECRET)))),
            "Environment variable 'DB_PASSWORD' is a Mesos secret"),
        Arguments.of("no resources", task("t", "a1", "", "web"), "Task uses no resources"),
        Arguments.of("too many cpus", task("t", "a1", "cpus:2", "web"), "Task uses more cpus (2.0) than available (1.5) in offers [O-1]"),
        Arguments.of("one CPU unit too many", task("t", "a1", "cpus:1.5009765625", "web"), "more cpus (1.5009765625) than available (1.5)"),
        Arguments.of("too much mem", task("t", "a1", "mem:1024.5", "web"), "Task uses more mem (1024.5) than available (1024.0)"),
        Arguments.of("too much disk", task("t", "a1", "disk:100.001", "web"), "more disk (100.001) than available (100.0)"),
        Arguments.of("too many gpus", task("t", "a1", "gpus:2", "web"), "more gpus (2.0) than available (1.0)"),
        Arguments.of("fractional gpus", task("t", "a1", "gpus:0.5", "web"), "fractional number of gpus (0.5)"),
        Arguments.of("resource not offered", task("t", "a1", "cpus:1; network_bandwidth:10", "web"), "more network_bandwidth (10.0) than available (0.0)"),
        Arguments.of("port outside offer", task("t", "a1", "cpus:1; ports:31009-31010", "web"), "Task uses ports [31010] that are not available in offers [O-1]"),
        Arguments.of("ports far outside", task("t", "a1", "ports:80,443", "web"), "ports [80, 443]"),
        Arguments.of("reserved resource", task("t", "a1", "cpus:1", "web").clearResources().addResources(
            Fixtures.resources("cpus:1").get(0).toBuilder().addReservations(Protos.Resource.ReservationInfo.newBuilder()
                .setType(Protos.Resource.ReservationInfo.Type.DYNAMIC).setRole("r"))), "reserved resources"),
        Arguments.of("set resource", task("t", "a1", "cpus:1", "web").addResources(Protos.Resource.newBuilder().setName("zones")
            .setType(Protos.Value.Type.SET).setSet(Protos.Value.Set.newBuilder().addItem("a"))), "resource 'zones' of type SET"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleTasks")
  void eachTaskGetsAnExactVerdict(String name, Protos.TaskInfo.Builder task, String error) {
    LaunchCheck result = check(List.of("O-1"), task.build());
    assertThat(result.offersProblem()).isEmpty();
    TaskCheck verdict = result.tasks().get(0);
    if (error == null) {
      assertThat(verdict.valid()).as(verdict.toString()).isTrue();
      assertThat(verdict.error()).isEmpty();
    } else {
      assertThat(verdict.valid()).isFalse();
      assertThat(verdict.error()).hasValueSatisfying(m -> assertThat(m).contains(error));
    }
  }

  // ---- several tasks in one launch -------------------------------------------------------------

  static Stream<Arguments> launches() {
    return Stream.of(
        Arguments.of("two tasks fit together", List.of("O-1"),
            List.of(task("a", "a1", "cpus:1; mem:512", "web"), task("b", "a1", "cpus:0.5; mem:512", "web")),
            Set.of(), Arrays.asList(null, null)),
        Arguments.of("second task exceeds what the first left", List.of("O-1"),
            List.of(task("a", "a1", "cpus:1", "web"), task("b", "a1", "cpus:1", "web")),
            Set.of(), Arrays.asList(null, "more cpus (1.0) than available (0.5) in offers [O-1] after earlier tasks of this launch")),
        Arguments.of("an invalid task does not consume", List.of("O-1"),
            List.of(task("a", "a1", "cpus:1", ""), task("b", "a1", "cpus:1.5", "web")),
            Set.of(), Arrays.asList("CommandInfo.value is empty", null)),
        Arguments.of("offers on one agent add up", List.of("O-1", "O-2"),
            List.of(task("a", "a1", "cpus:2; mem:1536; ports:31009-31010", "web")),
            Set.of(), Arrays.asList((String) null)),
        Arguments.of("summed offers still too small", List.of("O-1", "O-2"),
            List.of(task("a", "a1", "cpus:2.5", "web")),
            Set.of(), List.of("more cpus (2.5) than available (2.0) in offers [O-1, O-2]")),
        Arguments.of("port taken by an earlier task", List.of("O-1"),
            List.of(task("a", "a1", "ports:31000-31001", "web"), task("b", "a1", "ports:31001", "web")),
            Set.of(), Arrays.asList(null, "ports [31001] that are not available in offers [O-1] after earlier tasks")),
        Arguments.of("rounding: two tasks of 1.5 units each need 4 units", List.of("O-1"),
            List.of(task("a", "a1", "cpus:0.75", "web"), task("b", "a1", "cpus:0.7505", "web")),
            Set.of(), Arrays.asList(null, "more cpus (0.7505) than available (0.75)")),
        Arguments.of("duplicate ID in the call: later one rejected", List.of("O-1"),
            List.of(task("a", "a1", "cpus:0.1", "web"), task("a", "a1", "cpus:0.1", "web")),
            Set.of(), Arrays.asList(null, "Task ID 'a' is used by more than one task in this launch")),
        Arguments.of("duplicate of an invalid task is still a duplicate", List.of("O-1"),
            List.of(task("a", "a1", "cpus:9", "web"), task("a", "a1", "cpus:0.1", "web")),
            Set.of(), Arrays.asList("more cpus", "used by more than one task")),
        Arguments.of("ID of a live task", List.of("O-1"),
            List.of(task("running-1", "a1", "cpus:0.1", "web"), task("new-1", "a1", "cpus:0.1", "web")),
            Set.of("running-1"), Arrays.asList("Task ID 'running-1' is already used by a live task", null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("launches")
  void tasksInOneLaunchShareTheOffers(String name, List<String> offers, List<Protos.TaskInfo.Builder> tasks,
      Set<String> live, List<String> errors) {
    LaunchCheck result = check(offers, tasks.stream().map(Protos.TaskInfo.Builder::build).collect(Collectors.toList()), live);
    assertThat(result.offersProblem()).isEmpty();
    assertThat(result.tasks()).hasSize(errors.size());
    for (int i = 0; i < errors.size(); i++) {
      TaskCheck verdict = result.tasks().get(i);
      String expected = errors.get(i);
      if (expected == null) {
        assertThat(verdict.valid()).as(verdict.toString()).isTrue();
      } else {
        assertThat(verdict.error()).as("task " + i).hasValueSatisfying(m -> assertThat(m).contains(expected));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"web", "web:1", "web_app-2:1234567890", "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:12",
      "arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/w:1"})
  void taskDefinitionReferences(String value) {
    assertThat(TaskValidation.isTaskDefinitionReference(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "web:", "web:x", "web:01", "w eb", "/bin/sh", "web:1:2", "arn:aws:ecs:us-east-1:1:task-definition/web:1",
      "arn:aws:s3:::bucket"})
  void notTaskDefinitionReferences(String value) {
    assertThat(TaskValidation.isTaskDefinitionReference(value)).isFalse();
  }

  // ---- against the task definition -------------------------------------------------------------

  static TaskDefinition definition(NetworkMode mode, PortMapping... mappings) {
    return TaskDefinition.builder().family("web").revision(3).networkMode(mode)
        .containerDefinitions(ContainerDefinition.builder().name("web").portMappings(mappings).build(),
            ContainerDefinition.builder().name("sidecar").build())
        .build();
  }

  static PortMapping map(Integer container, Integer host) {
    return PortMapping.builder().containerPort(container).hostPort(host).build();
  }

  static Stream<Arguments> definitionPorts() {
    return Stream.of(
        Arguments.of("bridge, dynamic host port", definition(NetworkMode.BRIDGE, map(8080, 0)), "", null),
        Arguments.of("bridge, no host port", definition(NetworkMode.BRIDGE, map(8080, null)), "", null),
        Arguments.of("default mode, dynamic", definition(null, map(8080, null)), "", null),
        Arguments.of("bridge, fixed host port taken", definition(NetworkMode.BRIDGE, map(8080, 31000)), "31000", null),
        Arguments.of("bridge, fixed host port not taken", definition(NetworkMode.BRIDGE, map(8080, 31000)), "31001",
            "Task definition web:3 needs host ports [31000] that the task did not take from the offer's ports resource"),
        Arguments.of("bridge, two fixed, one taken", definition(NetworkMode.BRIDGE, map(80, 31000), map(443, 31443)), "31000",
            "needs host ports [31443]"),
        Arguments.of("host mode: containerPort is the host port", definition(NetworkMode.HOST, map(80, null)), "",
            "needs host ports [80]"),
        Arguments.of("host mode, taken", definition(NetworkMode.HOST, map(31005, null)), "31005", null),
        Arguments.of("awsvpc: containerPort counts", definition(NetworkMode.AWSVPC, map(31005, null), map(31006, 31006)), "31006",
            "needs host ports [31005]"),
        Arguments.of("no port mappings", definition(NetworkMode.BRIDGE), "", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitionPorts")
  void fixedHostPortsMustBeTakenFromTheOffer(String name, TaskDefinition def, String taskPorts, String error) {
    Protos.TaskInfo t = task("t", "a1", "cpus:1" + (taskPorts.isEmpty() ? "" : "; ports:" + taskPorts), "web:3").build();
    if (error == null) {
      assertThat(TaskValidation.unclaimedHostPorts(t, def)).isEmpty();
    } else {
      assertThat(TaskValidation.unclaimedHostPorts(t, def)).hasValueSatisfying(m -> assertThat(m).contains(error));
    }
  }

  @Test
  void verdictsKeepTheTaskAndOrder() {
    Protos.TaskInfo a = task("a", "a1", "cpus:0.1", "web").build();
    Protos.TaskInfo b = task("b", "a1", "cpus:0.1", "").build();
    LaunchCheck result = check(List.of("O-1"), a, b);
    assertThat(result.tasks()).extracting(TaskCheck::task).containsExactly(a, b);
    assertThat(result.tasks()).extracting(TaskCheck::valid).containsExactly(true, false);
    assertThat(offerId("x").getValue()).isEqualTo("x");
  }
}
