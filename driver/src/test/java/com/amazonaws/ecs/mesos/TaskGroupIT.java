package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskField;

/**
 * Task groups ({@code LAUNCH_GROUP}, pods) as one ECS task with a container per Mesos task, with Mesos's
 * default executor's semantics: each task its own updates, one failure or kill kills the group, a finished
 * task leaves the others running.
 */
class TaskGroupIT extends DriverTestBase {

  static final String FOREVER = "sleep infinity";

  static Protos.ExecutorInfo defaultExecutor() {
    return Protos.ExecutorInfo.newBuilder()
        .setType(Protos.ExecutorInfo.Type.DEFAULT)
        .setExecutorId(Protos.ExecutorID.newBuilder().setValue("default-executor"))
        .addResources(scalar("cpus", 0.1))
        .addResources(scalar("mem", 32))
        .build();
  }

  static Protos.Offer.Operation launchGroup(Protos.ExecutorInfo executor, Protos.TaskInfo... tasks) {
    return Protos.Offer.Operation.newBuilder()
        .setType(Protos.Offer.Operation.Type.LAUNCH_GROUP)
        .setLaunchGroup(Protos.Offer.Operation.LaunchGroup.newBuilder()
            .setExecutor(executor)
            .setTaskGroup(Protos.TaskGroupInfo.newBuilder().addAllTasks(List.of(tasks))))
        .build();
  }

  private List<Task> ecsTasks() {
    List<String> arns = new ArrayList<>(ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns());
    arns.addAll(ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(DesiredStatus.STOPPED)).taskArns());
    return arns.isEmpty() ? List.of() : ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns).include(TaskField.TAGS)).tasks();
  }

  private ECSSchedulerDriver launch(Protos.FrameworkInfo framework, TaskSpec... specs) {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    ECSSchedulerDriver driver = started(builder(framework));
    Protos.Offer offer = awaitOffer(0);
    List<Protos.TaskInfo> tasks = new ArrayList<>();
    for (TaskSpec s : specs) {
      tasks.add(task(s.id, offer, s.command, 0.25, 64));
    }
    driver.acceptOffers(List.of(offer.getId()), List.of(launchGroup(defaultExecutor(),
        tasks.toArray(new Protos.TaskInfo[0]))), Protos.Filters.getDefaultInstance());
    return driver;
  }

  record TaskSpec(String id, String command) {}

  @Test
  void aGroupIsOneEcsTaskWhoseTasksRunTogether() {
    launch(framework(), new TaskSpec("a", FOREVER), new TaskSpec("b", FOREVER), new TaskSpec("c", FOREVER));
    for (String id : List.of("a", "b", "c")) {
      awaitState(id, TaskState.TASK_RUNNING);
      assertThat(scheduler.states(id)).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
    }
    List<Task> ecsTasks = ecsTasks();
    assertThat(ecsTasks).hasSize(1);
    Task group = ecsTasks.get(0);
    assertThat(group.containers()).extracting(Container::name)
        .containsExactlyInAnyOrder("mesos-executor", "task-0", "task-1", "task-2");
    assertThat(group.cpu()).isEqualTo(Integer.toString((int) Math.ceil((0.25 * 3 + 0.1) * 1024)));
    assertThat(group.memory()).isEqualTo(Integer.toString(64 * 3 + 32));
    TaskDefinition def = ecs.describeTaskDefinition(r -> r.taskDefinition(group.taskDefinitionArn())).taskDefinition();
    assertThat(def.networkModeAsString()).isEqualTo("host");
    for (ContainerDefinition c : def.containerDefinitions()) {
      assertThat(c.essential()).as(c.name()).isEqualTo(c.name().equals("mesos-executor"));
    }
    assertThat(group.tags()).anySatisfy(t -> {
      assertThat(t.key()).isEqualTo("mesos.group-task.task-2");
      assertThat(t.value()).isEqualTo("c");
    });
    // Each member is its own task for the framework, on the one agent of the group.
    assertThat(scheduler.last("a").getSlaveId()).isEqualTo(scheduler.last("c").getSlaveId());
  }

  @Test
  void oneTaskFailingKillsTheOthers() {
    launch(framework(), new TaskSpec("a", FOREVER), new TaskSpec("b", FOREVER),
        new TaskSpec("c", "sleep 2; exit 1"));
    awaitState("c", TaskState.TASK_FAILED);
    awaitState("a", TaskState.TASK_KILLED);
    awaitState("b", TaskState.TASK_KILLED);
    assertThat(scheduler.last("c").getMessage()).contains("exited with code 1");
    assertThat(scheduler.states("a")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_KILLED);
    assertThat(scheduler.last("a").getMessage()).startsWith("Killed with its task group: task 'c' ended TASK_FAILED");
    awaitUntil(() -> ecsTasks().get(0).lastStatus().equals("STOPPED"));
  }

  @Test
  void aFinishedTaskLeavesTheOthersRunningAndTheLastOneStopsTheEcsTask() {
    ECSSchedulerDriver driver = launch(framework(), new TaskSpec("a", "sleep 1"), new TaskSpec("b", FOREVER));
    awaitState("a", TaskState.TASK_FINISHED);
    assertThat(scheduler.states("a")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_FINISHED);
    assertThat(scheduler.last("b").getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(ecsTasks().get(0).desiredStatus()).isEqualTo("RUNNING");

    driver.killTask(taskId("b"));
    awaitState("b", TaskState.TASK_KILLED);
    awaitUntil(() -> ecsTasks().get(0).lastStatus().equals("STOPPED"));
    assertThat(scheduler.states("a")).hasSize(3);
  }

  @Test
  void whenEveryTaskFinishesTheEcsTaskIsStopped() {
    launch(framework(), new TaskSpec("a", "sleep 1"), new TaskSpec("b", "sleep 2"));
    awaitState("a", TaskState.TASK_FINISHED);
    awaitState("b", TaskState.TASK_FINISHED);
    awaitUntil(() -> ecsTasks().get(0).lastStatus().equals("STOPPED"));
    assertThat(ecsTasks().get(0).stoppedReason()).contains("every task of the group ended");
  }

  @Test
  void killingOneTaskKillsTheGroup() {
    ECSSchedulerDriver driver = launch(framework(Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE),
        new TaskSpec("a", FOREVER), new TaskSpec("b", FOREVER), new TaskSpec("c", FOREVER));
    awaitState("c", TaskState.TASK_RUNNING);
    driver.killTask(taskId("b"));
    for (String id : List.of("a", "b", "c")) {
      awaitState(id, TaskState.TASK_KILLED);
      assertThat(scheduler.states(id)).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
          TaskState.TASK_KILLING, TaskState.TASK_KILLED);
    }
    assertThat(scheduler.last("a").getMessage()).contains("the framework killed task 'b'");
    assertThat(ecsLocal.stats().calls().getOrDefault("StopTask", 0L)).isEqualTo(1L);
  }

  @Test
  void aGroupTooBigForItsOfferIsAnErrorForEveryTask() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    driver.acceptOffers(List.of(offer.getId()), List.of(launchGroup(defaultExecutor(),
        task("a", offer, FOREVER, 0.5, 256), task("b", offer, FOREVER, 0.5, 900))), Protos.Filters.getDefaultInstance());
    awaitState("a", TaskState.TASK_ERROR);
    awaitState("b", TaskState.TASK_ERROR);
    assertThat(scheduler.last("a").getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
    assertThat(scheduler.last("a").getMessage()).startsWith("Task group is invalid: task 'b': Task uses more cpus (0.5) than available");
    assertThat(ecsTasks()).isEmpty();
  }

  @Test
  void volumesEcsCannotShareAreAnErrorNamingThem() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    Protos.TaskInfo withHostPath = task("a", offer, FOREVER, 0.1, 32).toBuilder()
        .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
            .addVolumes(Protos.Volume.newBuilder().setContainerPath("/data").setHostPath("/var/data")
                .setMode(Protos.Volume.Mode.RW)))
        .build();
    driver.acceptOffers(List.of(offer.getId()), List.of(launchGroup(defaultExecutor(), withHostPath,
        task("b", offer, FOREVER, 0.1, 32))), Protos.Filters.getDefaultInstance());
    awaitState("b", TaskState.TASK_ERROR);
    assertThat(scheduler.last("b").getMessage()).contains("Volume '/data' of task 'a'").contains("host path");
  }

  @Test
  void sandboxVolumesAreSharedTaskVolumes() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    Protos.Volume shared = Protos.Volume.newBuilder().setContainerPath("/shared").setMode(Protos.Volume.Mode.RW)
        .setSource(Protos.Volume.Source.newBuilder().setType(Protos.Volume.Source.Type.SANDBOX_PATH)
            .setSandboxPath(Protos.Volume.Source.SandboxPath.newBuilder()
                .setType(Protos.Volume.Source.SandboxPath.Type.PARENT).setPath("volumes/cache")))
        .build();
    Protos.ContainerInfo withVolume = Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
        .addVolumes(shared).build();
    driver.acceptOffers(List.of(offer.getId()), List.of(launchGroup(defaultExecutor(),
        task("a", offer, FOREVER, 0.1, 32).toBuilder().setContainer(withVolume).build(),
        task("b", offer, FOREVER, 0.1, 32).toBuilder().setContainer(withVolume).build())),
        Protos.Filters.getDefaultInstance());
    awaitState("a", TaskState.TASK_RUNNING);
    TaskDefinition def = ecs.describeTaskDefinition(r -> r.taskDefinition(ecsTasks().get(0).taskDefinitionArn()))
        .taskDefinition();
    assertThat(def.volumes()).extracting(v -> v.name()).containsExactly("volumes_cache");
    for (ContainerDefinition c : def.containerDefinitions()) {
      if (!c.name().equals("mesos-executor")) {
        assertThat(c.mountPoints()).singleElement().satisfies(m -> {
          assertThat(m.sourceVolume()).isEqualTo("volumes_cache");
          assertThat(m.containerPath()).isEqualTo("/shared");
        });
      }
    }
  }

  @Test
  void aCustomExecutorIsAnError() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    Protos.ExecutorInfo custom = defaultExecutor().toBuilder().setType(Protos.ExecutorInfo.Type.CUSTOM).build();
    driver.acceptOffers(List.of(offer.getId()), List.of(launchGroup(custom, task("a", offer, FOREVER, 0.1, 32))),
        Protos.Filters.getDefaultInstance());
    awaitState("a", TaskState.TASK_ERROR);
    assertThat(scheduler.last("a").getMessage()).contains("default executor").contains("CUSTOM");
  }

  @Test
  @EmbeddedOnly("a successor driver recovers its tasks from ECS itself; through a master the master kept them")
  void aSuccessorRecoversEveryTaskOfAGroupFromItsTags() {
    Protos.FrameworkInfo framework = framework().toBuilder()
        .setId(Protos.FrameworkID.newBuilder().setValue("pods-1")).build();
    ECSSchedulerDriver first = launch(framework, new TaskSpec("a", FOREVER), new TaskSpec("b", "sleep 1"),
        new TaskSpec("c", FOREVER));
    awaitState("a", TaskState.TASK_RUNNING);
    awaitState("b", TaskState.TASK_FINISHED);
    awaitState("c", TaskState.TASK_RUNNING);
    first.stop(true);
    first.join();

    RecordingScheduler second = new RecordingScheduler();
    ECSSchedulerDriver successor = track(build(builder(second, framework)));
    successor.start();
    awaitUntil(() -> second.statuses().size() == 3);
    assertThat(second.last("a").getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(second.last("b").getState()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(second.last("c").getState()).isEqualTo(TaskState.TASK_RUNNING);

    successor.killTask(taskId("c"));
    awaitUntil(() -> second.last("a").getState() == TaskState.TASK_KILLED);
    awaitUntil(() -> second.last("c").getState() == TaskState.TASK_KILLED);
    assertThat(second.states("b")).containsExactly(TaskState.TASK_FINISHED);
  }
}
