package com.amazonaws.ecs.mesos.internal.translate;

import static com.amazonaws.ecs.mesos.internal.translate.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.ContainerInfo;
import org.apache.mesos.Protos.ContainerInfo.DockerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

class TaskDefinitionSynthesisTest {
  static final String DEFAULT = "busybox:test";

  static ContainerDefinition container(Protos.TaskInfo.Builder task) {
    RegisterTaskDefinitionRequest r = TaskDefinitionSynthesis.synthesize(task.build(), DEFAULT).request();
    assertThat(r.containerDefinitions()).hasSize(1);
    return r.containerDefinitions().get(0);
  }

  static Protos.TaskInfo.Builder docker(Protos.TaskInfo.Builder task, DockerInfo.Builder docker) {
    return task.setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER).setDocker(docker));
  }

  static DockerInfo.PortMapping.Builder mapping(int container, int host) {
    return DockerInfo.PortMapping.newBuilder().setContainerPort(container).setHostPort(host);
  }

  static String ports(ContainerDefinition c) {
    return c.portMappings().stream().map(m -> m.containerPort() + ">" + m.hostPort() + "/" + m.protocolAsString())
        .collect(Collectors.joining(","));
  }

  @Test
  void shellCommandRunsInTheDefaultImageWithTheTasksCpuAndMemory() {
    ContainerDefinition c = container(task("t", "a", "cpus:0.5; mem:128.5", "sleep 2"));
    assertThat(c.name()).isEqualTo("main");
    assertThat(c.image()).isEqualTo(DEFAULT);
    assertThat(c.command()).containsExactly("sh", "-c", "sleep 2");
    assertThat(c.essential()).isTrue();
    assertThat(c.cpu()).isEqualTo(512);
    assertThat(c.memory()).isEqualTo(129);
    assertThat(c.portMappings()).isEmpty();
    assertThat(TaskDefinitionSynthesis.synthesize(task("t", "a", "mem:64", "x").build(), DEFAULT).request()
        .networkMode()).isEqualTo(NetworkMode.BRIDGE);
  }

  @Test
  void nonShellCommandIsValueThenArguments() {
    Protos.TaskInfo.Builder t = task("t", "a", "mem:64", null).setCommand(Protos.CommandInfo.newBuilder()
        .setShell(false).setValue("/bin/echo").addArguments("hello").addArguments("world"));
    assertThat(container(t).command()).containsExactly("/bin/echo", "hello", "world");
  }

  @Test
  void dockerImageWithoutCommandUsesTheImagesOwn() {
    Protos.TaskInfo.Builder t = docker(task("t", "a", "mem:64", null).setCommand(Protos.CommandInfo.newBuilder()
        .setShell(false)), DockerInfo.newBuilder().setImage("nginx:1.25").setNetwork(DockerInfo.Network.BRIDGE));
    ContainerDefinition c = container(t);
    assertThat(c.image()).isEqualTo("nginx:1.25");
    assertThat(c.command()).isEmpty();
    assertThat(TaskDefinitionSynthesis.required(t.build())).isTrue();
  }

  @Test
  void seedPlaceholderImageIsNoImage() {
    Protos.TaskInfo.Builder t = docker(task("t", "a", "mem:64", "web:3"), DockerInfo.newBuilder().setImage("ignore"));
    assertThat(TaskDefinitionSynthesis.hasDockerImage(t.build())).isFalse();
    assertThat(TaskDefinitionSynthesis.required(t.build())).isFalse();
  }

  @Test
  void portsComeFromResourcesInBridgeMode() {
    ContainerDefinition c = container(task("t", "a", "mem:64; ports:31000-31001,31005", "serve"));
    assertThat(ports(c)).isEqualTo("31000>31000/tcp,31001>31001/tcp,31005>31005/tcp");
  }

  @Test
  void portsComeFromDockerPortMappings() {
    Protos.TaskInfo.Builder t = docker(task("t", "a", "mem:64; ports:31000-31001", ""), DockerInfo.newBuilder()
        .setImage("nginx").setNetwork(DockerInfo.Network.BRIDGE)
        .addPortMappings(mapping(80, 31000)).addPortMappings(mapping(53, 31001).setProtocol("udp,tcp")));
    assertThat(ports(container(t))).isEqualTo("80>31000/tcp,53>31001/udp,53>31001/tcp");
  }

  @Test
  void hostNetworkingIsHostMode() {
    Protos.TaskInfo.Builder t = docker(task("t", "a", "mem:64; ports:31000", "serve"), DockerInfo.newBuilder()
        .setImage("nginx").setNetwork(DockerInfo.Network.HOST));
    RegisterTaskDefinitionRequest r = TaskDefinitionSynthesis.synthesize(t.build(), DEFAULT).request();
    assertThat(r.networkMode()).isEqualTo(NetworkMode.HOST);
    assertThat(ports(r.containerDefinitions().get(0))).isEqualTo("31000>31000/tcp");
  }

  static Protos.TaskInfo.Builder withEnvironment(String id, String... nameValues) {
    Protos.Environment.Builder env = Protos.Environment.newBuilder();
    for (int i = 0; i < nameValues.length; i += 2) {
      env.addVariables(Protos.Environment.Variable.newBuilder().setName(nameValues[i]).setValue(nameValues[i + 1]));
    }
    return task(id, "a", "mem:64", null)
        .setCommand(Protos.CommandInfo.newBuilder().setValue("env").setEnvironment(env))
        .setLabels(Protos.Labels.newBuilder().addLabels(Protos.Label.newBuilder().setKey("team").setValue("x")));
  }

  @Test
  void labelsAreInTheDefinitionButTheEnvironmentIsLeftToStartTaskOverrides() {
    ContainerDefinition c = container(withEnvironment("t", "A", "1", "B", "two"));
    assertThat(c.hasEnvironment()).isFalse();
    assertThat(c.dockerLabels()).isEqualTo(Map.of("team", "x"));
  }

  @Test
  void tasksThatDifferOnlyInTheirEnvironmentShareOneFamily() {
    String a = TaskDefinitionSynthesis.synthesize(withEnvironment("t1", "EXECUTOR_ID", "1").build(), DEFAULT).family();
    String b = TaskDefinitionSynthesis.synthesize(withEnvironment("t2", "EXECUTOR_ID", "2").build(), DEFAULT).family();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void familyIsAStableHashOfTheContent() {
    String a = TaskDefinitionSynthesis.synthesize(task("a", "a1", "cpus:0.1; mem:32", "sleep 2").build(), DEFAULT)
        .family();
    String sameContentOtherTask = TaskDefinitionSynthesis.synthesize(
        task("b", "a2", "cpus:0.1; mem:32", "sleep 2").setName("other").build(), DEFAULT).family();
    String otherCommand = TaskDefinitionSynthesis.synthesize(task("a", "a1", "cpus:0.1; mem:32", "sleep 3").build(),
        DEFAULT).family();
    String otherImage = TaskDefinitionSynthesis.synthesize(task("a", "a1", "cpus:0.1; mem:32", "sleep 2").build(),
        "alpine").family();
    assertThat(a).matches("mesos-[0-9a-f]{16}").isEqualTo(sameContentOtherTask);
    assertThat(otherCommand).isNotEqualTo(a);
    assertThat(otherImage).isNotEqualTo(a);
    // Pinned: a family must not change between driver versions, or a restarted driver registers again.
    assertThat(TaskDefinitionSynthesis.synthesize(task("a", "a1", "cpus:0.1; mem:32", "sleep 2").build(),
        TaskDefinitionSynthesis.DEFAULT_IMAGE).family()).isEqualTo("mesos-ec897803d553762a");
  }

  @Test
  void defaultImageFromTheEnvironment() {
    assertThat(TaskDefinitionSynthesis.defaultImage(Map.of())).isEqualTo(TaskDefinitionSynthesis.DEFAULT_IMAGE);
    assertThat(TaskDefinitionSynthesis.defaultImage(Map.of("AWS_ECS_DEFAULT_IMAGE", "alpine:3"))).isEqualTo("alpine:3");
  }

  @Test
  void whichValuesMayRunAsCommands() {
    assertThat(TaskDefinitionSynthesis.required(task("t", "a", "mem:1", "sleep 2").build())).isTrue();
    assertThat(TaskDefinitionSynthesis.required(task("t", "a", "mem:1", "web:3").build())).isFalse();
    assertThat(TaskDefinitionSynthesis.mayRunAsCommand(task("t", "a", "mem:1", "sleep2").build())).isTrue();
    assertThat(TaskDefinitionSynthesis.mayRunAsCommand(task("t", "a", "mem:1", "web:3").build())).isFalse();
    assertThat(TaskDefinitionSynthesis.ranAsCommandNote("sleep2", "busybox"))
        .isEqualTo("ran \"sleep2\" as a shell command in busybox: no task definition \"sleep2\"");
  }

  static Stream<Arguments> unexpressible() {
    Protos.TaskInfo.Builder base = task("t", "a", "cpus:0.1; mem:64; ports:31000", "run");
    return Stream.of(
        Arguments.of("Mesos containerizer image", base.clone().setContainer(ContainerInfo.newBuilder()
            .setType(ContainerInfo.Type.MESOS).setMesos(ContainerInfo.MesosInfo.newBuilder().setImage(
                Protos.Image.newBuilder().setType(Protos.Image.Type.DOCKER)
                    .setDocker(Protos.Image.Docker.newBuilder().setName("alpine"))))),
            "ContainerInfo type MESOS with an image (Mesos containerizer, DOCKER image) cannot run on ECS"),
        Arguments.of("volumes", docker(base.clone(), DockerInfo.newBuilder().setImage("nginx")).setContainer(
            base.clone().getContainerBuilder().setType(ContainerInfo.Type.DOCKER)
                .setDocker(DockerInfo.newBuilder().setImage("nginx"))
                .addVolumes(Protos.Volume.newBuilder().setContainerPath("/d").setMode(Protos.Volume.Mode.RW))),
            "ContainerInfo.volumes cannot be expressed on ECS"),
        Arguments.of("CNI network", base.clone().setContainer(ContainerInfo.newBuilder()
            .setType(ContainerInfo.Type.MESOS).addNetworkInfos(Protos.NetworkInfo.newBuilder().setName("calico"))),
            "container network 'calico'"),
        Arguments.of("user network", docker(base.clone(), DockerInfo.newBuilder().setImage("nginx")
            .setNetwork(DockerInfo.Network.USER)), "Docker network USER"),
        Arguments.of("docker parameters", docker(base.clone(), DockerInfo.newBuilder().setImage("nginx")
            .addParameters(Protos.Parameter.newBuilder().setKey("ulimit").setValue("nofile=1"))),
            "Docker parameters [ulimit] cannot be expressed"),
        Arguments.of("host port not taken", docker(base.clone(), DockerInfo.newBuilder().setImage("nginx")
            .setNetwork(DockerInfo.Network.BRIDGE).addPortMappings(mapping(80, 8080))),
            "uses host port 8080, which the task did not take from the offer's ports resource"),
        Arguments.of("bad protocol", docker(base.clone(), DockerInfo.newBuilder().setImage("nginx")
            .setNetwork(DockerInfo.Network.BRIDGE).addPortMappings(mapping(80, 31000).setProtocol("sctp"))),
            "protocol 'sctp'"),
        Arguments.of("host mode remap", docker(base.clone(), DockerInfo.newBuilder().setImage("nginx")
            .setNetwork(DockerInfo.Network.HOST).addPortMappings(mapping(80, 31000))),
            "container port must equal the host port"),
        Arguments.of("fetcher URIs and only the image's entrypoint", docker(base.clone(),
            DockerInfo.newBuilder().setImage("nginx")).setCommand(Protos.CommandInfo.newBuilder().setShell(false)
            .addUris(Protos.CommandInfo.URI.newBuilder().setValue("http://x/app.tgz"))),
            "need a command to run after fetching"),
        Arguments.of("fetcher URI without a file name", base.clone().setCommand(Protos.CommandInfo.newBuilder()
            .setValue("run").addUris(Protos.CommandInfo.URI.newBuilder().setValue("http://x/"))),
            "set output_file"),
        Arguments.of("nothing to run", base.clone().setCommand(Protos.CommandInfo.newBuilder().setShell(false)),
            "nothing to run"),
        Arguments.of("no memory", task("t", "a", "cpus:1", "sleep 1"), "no mem resource"),
        Arguments.of("too many ports", task("t", "a", "mem:64; ports:31000-31200", "serve"), "at most 100"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unexpressible")
  void unexpressibleTasksAreRefusedWithAMessage(String name, Protos.TaskInfo.Builder task, String message) {
    assertThatThrownBy(() -> TaskDefinitionSynthesis.synthesize(task.build(), DEFAULT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    assertThat(TaskDefinitionSynthesis.problem(task.build())).contains(message);
  }

  @Test
  void requestListsOneEssentialContainer() {
    List<ContainerDefinition> cs = TaskDefinitionSynthesis.synthesize(task("t", "a", "mem:64", "true").build(),
        DEFAULT).request().containerDefinitions();
    assertThat(cs).extracting(ContainerDefinition::essential).containsExactly(true);
  }
}
