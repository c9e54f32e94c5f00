package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.FrameworkInfo.Capability.Type;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad launches: each bad task gets TASK_ERROR with a precise message; the good ones still launch. */
class ValidationIT extends DriverTestBase {
  private ECSSchedulerDriver driver;
  private Protos.Offer offer;
  private String def;

  @BeforeEach
  void offer() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    def = taskDefinition("forever", "serve");
  }

  private void start(Protos.FrameworkInfo fw) {
    driver = started(builder(fw));
    offer = awaitOffer(0);
  }

  private Protos.TaskStatus errorOf(String id) {
    awaitUntil(() -> !scheduler.statuses(id).isEmpty());
    Protos.TaskStatus s = scheduler.statuses(id).get(0);
    assertThat(s.getState()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(s.getReason()).isEqualTo(Reason.REASON_TASK_INVALID);
    assertThat(s.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_MASTER);
    assertThat(s.hasUuid()).isFalse();
    return s;
  }

  @Test
  void invalidTasksGetTaskErrorWhileValidOnesLaunch() {
    start(framework());
    Protos.TaskInfo good = task("good", offer, def, 0.25, 64);
    Protos.TaskInfo tooBig = task("too-big", offer, def, 4, 64);
    Protos.TaskInfo noResources = good.toBuilder().setTaskId(taskId("none")).clearResources().build();
    Protos.TaskInfo wrongAgent = good.toBuilder().setTaskId(taskId("elsewhere"))
        .setSlaveId(Protos.SlaveID.newBuilder().setValue("other")).build();
    Protos.TaskInfo executor = good.toBuilder().setTaskId(taskId("exec")).clearCommand()
        .setExecutor(Protos.ExecutorInfo.newBuilder().setExecutorId(Protos.ExecutorID.newBuilder().setValue("e"))
            .setCommand(Protos.CommandInfo.newBuilder().setValue("run"))).build();
    Protos.TaskInfo malformed = task("shell", offer, "echo hello && sleep 5", 0.1, 32).toBuilder()
        .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
            .setMesos(Protos.ContainerInfo.MesosInfo.newBuilder().setImage(Protos.Image.newBuilder()
                .setType(Protos.Image.Type.DOCKER).setDocker(Protos.Image.Docker.newBuilder().setName("alpine")))))
        .build();
    Protos.TaskInfo emptyId = good.toBuilder().setTaskId(taskId("")).build();
    Protos.TaskInfo duplicate = task("good", offer, def, 0.1, 32);

    driver.launchTasks(List.of(offer.getId()),
        List.of(good, tooBig, noResources, wrongAgent, executor, malformed, emptyId, duplicate));

    assertThat(errorOf("too-big").getMessage()).contains("more cpus");
    assertThat(errorOf("none").getMessage()).contains("no resources");
    assertThat(errorOf("elsewhere").getMessage()).contains("agent 'other'");
    assertThat(errorOf("exec").getMessage()).contains("Custom executors");
    assertThat(errorOf("shell").getMessage()).contains("ContainerInfo type MESOS with an image")
        .contains("cannot run on ECS");
    assertThat(errorOf("").getMessage()).contains("empty");
    awaitState("good", TaskState.TASK_RUNNING);
    assertThat(scheduler.statuses("good")).extracting(Protos.TaskStatus::getState)
        .containsExactly(TaskState.TASK_ERROR, TaskState.TASK_STARTING, TaskState.TASK_RUNNING)
        .as("the duplicate in the same launch is refused, the first one runs");
  }

  @Test
  void unknownTaskDefinitionAndUnofferedPortsAreTaskErrors() {
    start(framework());
    String web = webServer("web", 8080);
    driver.launchTasks(List.of(offer.getId()), List.of(
        task("ghost", offer, "no-such-family:1", 0.1, 32),
        task("web", offer, web, 0.1, 32)));
    assertThat(errorOf("ghost").getMessage()).contains("no-such-family");
    assertThat(errorOf("web").getMessage()).contains("host ports [8080]");
  }

  @Test
  void liveTaskIdCannotBeUsedAgain() {
    start(framework());
    driver.launchTasks(List.of(offer.getId()), List.of(task("a", offer, def, 0.1, 32)), OffersIT.refuse(0));
    awaitState("a", TaskState.TASK_RUNNING);
    Protos.Offer next = awaitOffer(1);
    driver.launchTasks(List.of(next.getId()), List.of(task("a", next, def, 0.1, 32)));
    awaitUntil(() -> scheduler.states("a").contains(TaskState.TASK_ERROR));
    assertThat(scheduler.last("a").getMessage()).contains("already used by a live task");
  }

  @Test
  void launchWithAnOfferThatIsNotOutstandingIsLost() {
    start(framework());
    driver.declineOffer(offer.getId());
    driver.launchTasks(List.of(offer.getId()), List.of(task("late", offer, def, 0.1, 32)));
    awaitUntil(() -> !scheduler.statuses("late").isEmpty());
    Protos.TaskStatus s = scheduler.last("late");
    assertThat(s.getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(s.getReason()).isEqualTo(Reason.REASON_INVALID_OFFERS);
    assertThat(s.getMessage()).contains("not outstanding");
  }

  @Test
  void invalidOffersAreDroppedForPartitionAwareFrameworks() {
    start(framework(Type.PARTITION_AWARE));
    driver.launchTasks(List.of(offer.getId(), offer.getId()), List.of(task("twice", offer, def, 0.1, 32)));
    awaitUntil(() -> !scheduler.statuses("twice").isEmpty());
    assertThat(scheduler.last("twice").getState()).isEqualTo(TaskState.TASK_DROPPED);
    assertThat(scheduler.last("twice").getReason()).isEqualTo(Reason.REASON_INVALID_OFFERS);
  }

  @Test
  void resourcesTakenBeforeStartTaskLandMakeTheTaskLost() {
    driver = started(builder(framework()).offerInterval(Duration.ofSeconds(30)));
    offer = awaitOffer(0);
    ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition(def).overrides(o -> o.cpu("1024").memory("64")));
    driver.launchTasks(List.of(offer.getId()), List.of(task("squeezed", offer, def, 0.5, 64)));
    awaitUntil(() -> !scheduler.statuses("squeezed").isEmpty());
    Protos.TaskStatus s = scheduler.last("squeezed");
    assertThat(s.getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(s.getReason()).isEqualTo(Reason.REASON_INVALID_OFFERS);
    assertThat(s.getMessage()).contains("RESOURCE:CPU");
  }

  @Test
  void reservationsAndVolumesAreIgnored() {
    start(framework());
    Protos.Offer.Operation reserve = Protos.Offer.Operation.newBuilder()
        .setType(Protos.Offer.Operation.Type.RESERVE)
        .setReserve(Protos.Offer.Operation.Reserve.newBuilder()).build();
    Protos.Offer.Operation launch = Protos.Offer.Operation.newBuilder()
        .setType(Protos.Offer.Operation.Type.LAUNCH)
        .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addTaskInfos(task("t", offer, def, 0.1, 32))).build();
    driver.acceptOffers(List.of(offer.getId()), List.of(reserve, launch), null);
    awaitState("t", TaskState.TASK_RUNNING);
  }

  @Test
  void launchGroupTasksBecomeSeparateEcsTasks() {
    start(framework());
    Protos.Offer.Operation group = Protos.Offer.Operation.newBuilder()
        .setType(Protos.Offer.Operation.Type.LAUNCH_GROUP)
        .setLaunchGroup(Protos.Offer.Operation.LaunchGroup.newBuilder()
            .setExecutor(Protos.ExecutorInfo.newBuilder().setType(Protos.ExecutorInfo.Type.DEFAULT)
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue("default")))
            .setTaskGroup(Protos.TaskGroupInfo.newBuilder()
                .addTasks(task("pod-a", offer, def, 0.1, 32))
                .addTasks(task("pod-b", offer, def, 0.1, 32))))
        .build();
    driver.acceptOffers(List.of(offer.getId()), List.of(group), Protos.Filters.getDefaultInstance());
    awaitState("pod-a", TaskState.TASK_RUNNING);
    awaitState("pod-b", TaskState.TASK_RUNNING);
  }
}
