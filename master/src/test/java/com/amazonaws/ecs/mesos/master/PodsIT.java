package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A pod over the V1 API: an ACCEPT with LAUNCH_GROUP in the shape Marathon sends (the default executor with its
 * own resources, each task a Mesos-containerizer Docker image named {@code POD.CONTAINER}, a sandbox volume
 * shared by both) runs as one ECS task, each task with its own updates.
 */
class PodsIT extends MasterTestBase {

  static Protos.ExecutorInfo marathonExecutor(Protos.FrameworkID framework) {
    return Protos.ExecutorInfo.newBuilder()
        .setType(Protos.ExecutorInfo.Type.DEFAULT)
        .setExecutorId(Protos.ExecutorID.newBuilder().setValue("instance-web.6c0c1a8e-0b3f-11ee-9f5c-0242ac110002"))
        .setFrameworkId(framework)
        .addResources(scalar("cpus", 0.1))
        .addResources(scalar("mem", 32))
        .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
            .addVolumes(sandboxVolume("volumes/logs", Protos.Volume.Source.SandboxPath.Type.SELF, "logs")))
        .build();
  }

  static Protos.Volume sandboxVolume(String path, Protos.Volume.Source.SandboxPath.Type type, String containerPath) {
    return Protos.Volume.newBuilder().setMode(Protos.Volume.Mode.RW).setContainerPath(containerPath)
        .setSource(Protos.Volume.Source.newBuilder().setType(Protos.Volume.Source.Type.SANDBOX_PATH)
            .setSandboxPath(Protos.Volume.Source.SandboxPath.newBuilder().setType(type).setPath(path)))
        .build();
  }

  static Protos.TaskInfo podTask(String container, Protos.Offer offer, String command) {
    return Protos.TaskInfo.newBuilder()
        .setName("web." + container)
        .setTaskId(Protos.TaskID.newBuilder().setValue("web.instance-6c0c1a8e." + container))
        .setAgentId(offer.getAgentId())
        .addResources(scalar("cpus", 0.2))
        .addResources(scalar("mem", 64))
        .setCommand(Protos.CommandInfo.newBuilder().setShell(true).setValue(command))
        .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
            .setMesos(Protos.ContainerInfo.MesosInfo.newBuilder().setImage(Protos.Image.newBuilder()
                .setType(Protos.Image.Type.DOCKER).setDocker(Protos.Image.Docker.newBuilder().setName("busybox:1.36"))))
            .addVolumes(sandboxVolume("volumes/logs", Protos.Volume.Source.SandboxPath.Type.PARENT, "/var/log/app")))
        .build();
  }

  @Test
  void aMarathonPodRunsAsOneEcsTaskAndItsTasksEndOnTheirOwn() throws Exception {
    startMaster(masterBuilder());
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    V1Client c = client(false);
    c.subscribe(subscribe(framework("marathon", 60)));
    awaitUntil(() -> !offers(c).isEmpty());
    Protos.FrameworkID id = frameworkId(c);
    Protos.Offer offer = offers(c).get(0);
    Protos.TaskInfo web = podTask("web", offer, "sleep infinity");
    Protos.TaskInfo init = podTask("sidecar", offer, "sleep 2");
    c.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId())
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH_GROUP)
            .setLaunchGroup(Protos.Offer.Operation.LaunchGroup.newBuilder()
                .setExecutor(marathonExecutor(id))
                .setTaskGroup(Protos.TaskGroupInfo.newBuilder().addTasks(web).addTasks(init))))
        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))).build());

    awaitUntil(() -> states(c, init).contains(TaskState.TASK_FINISHED));
    awaitUntil(() -> states(c, web).contains(TaskState.TASK_RUNNING));
    assertThat(states(c, init)).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_FINISHED);
    assertThat(states(c, web)).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);

    List<String> arns = ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns();
    assertThat(arns).hasSize(1);
    Task pod = ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns)).tasks().get(0);
    assertThat(pod.containers()).extracting(Container::name).containsExactlyInAnyOrder("mesos-executor", "web",
        "sidecar");
    assertThat(pod.containers()).filteredOn(ct -> ct.name().equals("web")).extracting(Container::image)
        .containsExactly("busybox:1.36");

    c.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(web.getTaskId())).build());
    awaitUntil(() -> states(c, web).contains(TaskState.TASK_KILLED));
    awaitUntil(() -> "STOPPED".equals(ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns)).tasks().get(0)
        .lastStatus()));
  }

  private final java.util.Set<com.google.protobuf.ByteString> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The task's states so far, acknowledging each update as a framework does (the next one waits for it). */
  private List<TaskState> states(V1Client c, Protos.TaskInfo task) throws Exception {
    List<Protos.TaskStatus> updates = updates(c, task.getTaskId().getValue());
    for (Protos.TaskStatus s : updates) {
      if (s.hasUuid() && acked.add(s.getUuid())) {
        c.call(acknowledge(frameworkId(c), s));
      }
    }
    return updates.stream().map(Protos.TaskStatus::getState).toList();
  }
}
