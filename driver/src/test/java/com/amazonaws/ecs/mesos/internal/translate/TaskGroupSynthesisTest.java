package com.amazonaws.ecs.mesos.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

class TaskGroupSynthesisTest {

  static Protos.Resource scalar(String name, double value) {
    return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
  }

  static Protos.TaskInfo task(String id, String name, String command) {
    return Protos.TaskInfo.newBuilder().setName(name).setTaskId(Protos.TaskID.newBuilder().setValue(id))
        .setSlaveId(Protos.SlaveID.newBuilder().setValue("agent"))
        .addResources(scalar("cpus", 0.5)).addResources(scalar("mem", 128))
        .setCommand(Protos.CommandInfo.newBuilder().setValue(command)).build();
  }

  static final Protos.ExecutorInfo EXECUTOR = Protos.ExecutorInfo.newBuilder()
      .setType(Protos.ExecutorInfo.Type.DEFAULT).setExecutorId(Protos.ExecutorID.newBuilder().setValue("e"))
      .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32)).build();

  @Test
  void marathonContainerNamesTheExecutorAndDependsOn() {
    TaskGroupSynthesis.Group g = TaskGroupSynthesis.synthesize(EXECUTOR,
        List.of(task("p.1.web", "pod.web", "sleep 9"), task("p.1.db", "pod.db", "sleep 9")), "busybox",
        NetworkMode.HOST);
    assertThat(g.containerByTaskId()).containsExactly(java.util.Map.entry("p.1.web", "web"),
        java.util.Map.entry("p.1.db", "db"));
    List<ContainerDefinition> cs = g.synthesized().request().containerDefinitions();
    assertThat(cs).extracting(ContainerDefinition::name).containsExactly("mesos-executor", "web", "db");
    assertThat(cs.get(0).essential()).isTrue();
    assertThat(cs.get(0).cpu()).isEqualTo(103);
    assertThat(cs.get(0).memoryReservation()).isEqualTo(32);
    assertThat(cs.get(1).essential()).isFalse();
    assertThat(cs.get(1).dependsOn()).singleElement().satisfies(d -> {
      assertThat(d.containerName()).isEqualTo("mesos-executor");
      assertThat(d.conditionAsString()).isEqualTo("START");
    });
    assertThat(cs.get(1).memory()).isEqualTo(128);
    assertThat(g.synthesized().request().networkMode()).isEqualTo(NetworkMode.HOST);
  }

  @Test
  void namesThatAreNotDistinctEcsNamesFallBackToPositions() {
    TaskGroupSynthesis.Group g = TaskGroupSynthesis.synthesize(EXECUTOR,
        List.of(task("a", "same", "sleep 9"), task("b", "same", "sleep 9"), task("c", "has space", "x")), "busybox",
        NetworkMode.HOST);
    assertThat(g.containerByTaskId().values()).containsExactly("task-0", "task-1", "task-2");
  }

  @Test
  void equalContentSharesAFamilyWhateverTheTaskIds() {
    String one = TaskGroupSynthesis.synthesize(EXECUTOR, List.of(task("a1", "x", "sleep 9")), "busybox",
        NetworkMode.HOST).synthesized().family();
    String two = TaskGroupSynthesis.synthesize(EXECUTOR, List.of(task("a2", "x", "sleep 9")), "busybox",
        NetworkMode.HOST).synthesized().family();
    String other = TaskGroupSynthesis.synthesize(EXECUTOR, List.of(task("a3", "x", "sleep 8")), "busybox",
        NetworkMode.HOST).synthesized().family();
    assertThat(one).startsWith("mesos-group-").isEqualTo(two).isNotEqualTo(other);
  }

  @Test
  void aMesosContainerizerDockerImageIsTheContainersImage() {
    Protos.TaskInfo t = task("a", "x", "").toBuilder().clearCommand().setContainer(Protos.ContainerInfo.newBuilder()
        .setType(Protos.ContainerInfo.Type.MESOS).setMesos(Protos.ContainerInfo.MesosInfo.newBuilder()
            .setImage(Protos.Image.newBuilder().setType(Protos.Image.Type.DOCKER)
                .setDocker(Protos.Image.Docker.newBuilder().setName("nginx:1"))))).build();
    ContainerDefinition c = TaskGroupSynthesis.synthesize(EXECUTOR, List.of(t), "busybox", NetworkMode.HOST)
        .synthesized().request().containerDefinitions().get(1);
    assertThat(c.image()).isEqualTo("nginx:1");
    assertThat(c.hasCommand()).isFalse();
  }

  @Test
  void whatAGroupCannotBe() {
    assertThat(TaskGroupSynthesis.groupProblem(EXECUTOR, List.of())).isEqualTo("Task group is empty");
    assertThat(TaskGroupSynthesis.groupProblem(EXECUTOR.toBuilder().setType(Protos.ExecutorInfo.Type.CUSTOM).build(),
        List.of(task("a", "x", "y")))).contains("type CUSTOM");
    assertThat(TaskGroupSynthesis.groupProblem(EXECUTOR, java.util.stream.IntStream.range(0, 41)
        .mapToObj(i -> task("t" + i, "x", "y")).toList())).contains("at most 40");
    Protos.ExecutorInfo cni = EXECUTOR.toBuilder().setContainer(Protos.ContainerInfo.newBuilder()
        .setType(Protos.ContainerInfo.Type.MESOS).addNetworkInfos(Protos.NetworkInfo.newBuilder().setName("dcos")))
        .build();
    assertThat(TaskGroupSynthesis.groupProblem(cni, List.of(task("a", "x", "y")))).contains("'dcos'");
    assertThatThrownBy(() -> TaskGroupSynthesis.synthesize(cni, List.of(task("a", "x", "y")), "b", NetworkMode.HOST))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
