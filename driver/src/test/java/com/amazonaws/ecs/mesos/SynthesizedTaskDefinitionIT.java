package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.ContainerInfo;
import org.apache.mesos.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.Task;

/** Tasks that name no task definition: shell commands and Docker images run from one the driver registers. */
class SynthesizedTaskDefinitionIT extends DriverTestBase {

  private long registrations() {
    return ecsLocal.stats().calls().getOrDefault("RegisterTaskDefinition", 0L);
  }

  private Task onlyEcsTask() {
    List<String> arns = new ArrayList<>(ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns());
    arns.addAll(ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(DesiredStatus.STOPPED)).taskArns());
    assertThat(arns).hasSize(1);
    return ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns)).tasks().get(0);
  }

  @Test
  void shellCommandRunsAndFinishes() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(List.of(offer.getId()), List.of(task("t", offer, "sleep 2", 0.1, 32)));
    awaitState("t", TaskState.TASK_FINISHED);
    assertThat(scheduler.states("t")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_FINISHED);
    assertThat(registrations()).isEqualTo(1);
    Task ecsTask = onlyEcsTask();
    assertThat(ecsTask.taskDefinitionArn()).contains("task-definition/mesos-");
    assertThat(ecsTask.containers().get(0).image()).isEqualTo("public.ecr.aws/docker/library/busybox:stable");
    assertThat(scheduler.last("t").getMessage()).doesNotContain("shell command");
  }

  @Test
  void defaultImageFromTheBuilder() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()).defaultImage("alpine:3"));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(List.of(offer.getId()), List.of(task("t", offer, "sleep 2", 0.1, 32)));
    awaitState("t", TaskState.TASK_FINISHED);
    assertThat(onlyEcsTask().containers().get(0).image()).isEqualTo("alpine:3");
  }

  @Test
  void nonZeroExitOfAShellCommandFails() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    // shell=true: the container runs sh -c "exit 3"; shell=false: the same, given as arguments.
    Protos.TaskInfo shell = task("shell", offer, "exit 3", 0.1, 32);
    Protos.TaskInfo args = task("args", offer, "", 0.1, 32).toBuilder().setCommand(Protos.CommandInfo.newBuilder()
        .setShell(false).setValue("sh").addArguments("-c").addArguments("exit 3")).build();
    driver.launchTasks(List.of(offer.getId()), List.of(shell, args));
    awaitState("shell", TaskState.TASK_FAILED);
    awaitState("args", TaskState.TASK_FAILED);
    assertThat(scheduler.last("shell").getMessage()).contains("exited with code 3");
    assertThat(scheduler.last("args").getMessage()).contains("exited with code 3");
  }

  @Test
  void identicalTasksRegisterOnceAndARestartedDriverReusesTheFamily() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    List<Protos.TaskInfo> twenty = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      twenty.add(task("t" + i, offer, "sleep 2", 0.04, 16));
    }
    driver.launchTasks(List.of(offer.getId()), twenty);
    for (int i = 0; i < 20; i++) {
      awaitState("t" + i, TaskState.TASK_FINISHED);
    }
    assertThat(registrations()).isEqualTo(1);
    assertThat(ecsLocal.stats().calls().get("DescribeTaskDefinition")).as("20 launches share one lookup")
        .isEqualTo(1);
    driver.stop(false);

    RecordingScheduler second = new RecordingScheduler();
    ECSSchedulerDriver restarted = track(build(builder(second, framework())));
    restarted.start();
    awaitUntil(() -> !second.offers().isEmpty());
    Protos.Offer again = second.offers().get(0);
    restarted.launchTasks(List.of(again.getId()), List.of(task("after", again, "sleep 2", 0.04, 16)));
    awaitUntil(() -> second.states("after").contains(TaskState.TASK_FINISHED));
    assertThat(registrations()).as("the family registered before the restart is found again").isEqualTo(1);
  }

  @Test
  void tasksWithTheirOwnEnvironmentShareOneRegistrationAndGetTheirVariablesAsOverrides() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    List<Protos.TaskInfo> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Protos.TaskInfo t = task("e" + i, offer, "sleep 2", 0.1, 32);
      tasks.add(t.toBuilder().setCommand(t.getCommand().toBuilder().setEnvironment(Protos.Environment.newBuilder()
          .addVariables(Protos.Environment.Variable.newBuilder().setName("EXECUTOR_ID").setValue("" + i)))).build());
    }
    driver.launchTasks(List.of(offer.getId()), tasks);
    for (int i = 0; i < 5; i++) {
      awaitState("e" + i, TaskState.TASK_FINISHED);
    }

    assertThat(registrations()).as("one family for all five").isEqualTo(1);
    List<String> arns = ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(DesiredStatus.STOPPED)).taskArns();
    assertThat(ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns)).tasks())
        .extracting(t -> t.overrides().containerOverrides().get(0).environment().get(0).value())
        .containsExactlyInAnyOrder("0", "1", "2", "3", "4");
  }

  @Test
  void fetcherUrisAreFetchedByTheTaskBeforeItsCommand() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    Protos.TaskInfo t = task("f", offer, "./app/run; sleep 2", 0.1, 32);
    t = t.toBuilder().setCommand(t.getCommand().toBuilder().addUris(Protos.CommandInfo.URI.newBuilder()
        .setValue("https://artifacts.example.com/app.tgz"))).build();

    driver.launchTasks(List.of(offer.getId()), List.of(t));
    awaitState("f", TaskState.TASK_FINISHED);

    String family = onlyEcsTask().taskDefinitionArn().replaceAll(".*task-definition/", "").replaceAll(":\\d+$", "");
    List<String> command = ecs.describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition()
        .containerDefinitions().get(0).command();
    assertThat(command.get(2)).contains("cd '/mnt/mesos/sandbox'")
        .contains("fetch 'https://artifacts.example.com/app.tgz' 'app.tgz' || exit")
        .contains("tar -xf 'app.tgz' || exit").endsWith("./app/run; sleep 2");
  }

  @Test
  void fetcherUrisOfATaskRunningARegisteredDefinitionAreATaskError() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("short", "sleep", "2");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    Protos.TaskInfo t = task("g", offer, def, 0.1, 32);
    t = t.toBuilder().setCommand(t.getCommand().toBuilder().addUris(Protos.CommandInfo.URI.newBuilder()
        .setValue("https://artifacts.example.com/app.tgz"))).build();

    driver.launchTasks(List.of(offer.getId()), List.of(t));
    awaitState("g", TaskState.TASK_ERROR);

    assertThat(scheduler.last("g").getMessage()).contains("CommandInfo.uris (https://artifacts.example.com/app.tgz)")
        .contains("registered task definition short");
    assertThat(ecsLocal.stats().calls()).doesNotContainKeys("StartTask", "RunTask");
  }

  @Test
  void dockerImageWithAPortMappingGetsItsBinding() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    Protos.TaskInfo web = task("web", offer, "", 0.1, 32).toBuilder()
        .addResources(ports(31005, 31005))
        .setCommand(Protos.CommandInfo.newBuilder().setShell(false))
        .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER).setDocker(DockerInfo.newBuilder()
            .setImage("nginx:1.25").setNetwork(DockerInfo.Network.BRIDGE)
            .addPortMappings(DockerInfo.PortMapping.newBuilder().setContainerPort(80).setHostPort(31005))))
        .build();
    driver.launchTasks(List.of(offer.getId()), List.of(web));
    awaitState("web", TaskState.TASK_RUNNING);
    Container container = onlyEcsTask().containers().get(0);
    assertThat(container.image()).isEqualTo("nginx:1.25");
    assertThat(container.networkBindings()).extracting(NetworkBinding::containerPort, NetworkBinding::hostPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(80, 31005));
  }

  @Test
  void familyLookingValueWithoutSuchDefinitionRunsAsCommandAndSaysSo() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(List.of(offer.getId()), List.of(task("typo", offer, "sleep2", 0.1, 32)));
    awaitState("typo", TaskState.TASK_RUNNING);
    assertThat(scheduler.statuses("typo")).extracting(Protos.TaskStatus::getState)
        .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
    assertThat(scheduler.statuses("typo")).allSatisfy(s -> assertThat(s.getMessage())
        .startsWith("ran \"sleep2\" as a shell command in public.ecr.aws/docker/library/busybox:stable: "
            + "no task definition \"sleep2\""));
    driver.killTask(taskId("typo"));
    awaitState("typo", TaskState.TASK_KILLED);
    assertThat(scheduler.last("typo").getMessage()).startsWith("ran \"sleep2\" as a shell command");

    Protos.Offer next = awaitOfferAfter(offer);
    driver.launchTasks(List.of(next.getId()), List.of(task("typo2", next, "sleep2", 0.1, 32)));
    awaitState("typo2", TaskState.TASK_RUNNING);
    assertThat(ecsLocal.stats().calls().get("DescribeTaskDefinition"))
        .as("the missing name and the synthesized family are each asked once").isEqualTo(2);
  }

  @Test
  void unexpressibleTaskIsATaskErrorWithTheReason() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    Protos.TaskInfo withVolume = task("vol", offer, "sleep 2", 0.1, 32).toBuilder()
        .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
            .setDocker(DockerInfo.newBuilder().setImage("alpine"))
            .addVolumes(Protos.Volume.newBuilder().setContainerPath("/data").setMode(Protos.Volume.Mode.RW)))
        .build();
    driver.launchTasks(List.of(offer.getId()), List.of(withVolume));
    awaitState("vol", TaskState.TASK_ERROR);
    Protos.TaskStatus error = scheduler.last("vol");
    assertThat(error.getReason()).isEqualTo(Reason.REASON_TASK_INVALID);
    assertThat(error.getMessage()).contains("ContainerInfo.volumes cannot be expressed on ECS");
    assertThat(registrations()).isZero();
  }

  @Test
  void definitionEcsRejectsIsATaskErrorSayingWhatWasRegistered() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(List.of(offer.getId()), List.of(task("tiny", offer, "sleep 2", 0.1, 4)));
    awaitState("tiny", TaskState.TASK_ERROR);
    assertThat(scheduler.last("tiny").getMessage()).contains("ECS rejected the task definition mesos-")
        .contains("[sh, -c, sleep 2]").contains("at least 6 MiB");
  }

  @Test
  void seedStyleFamilyRevisionStillRunsTheRegisteredDefinition() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    taskDefinition("sleeper", "sleep", "2");
    long before = registrations();
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(List.of(offer.getId()), List.of(task("seed", offer, "sleeper:1", 0.1, 32),
        task("bare", offer, "sleeper", 0.1, 32)));
    awaitState("seed", TaskState.TASK_FINISHED);
    awaitState("bare", TaskState.TASK_FINISHED);
    assertThat(registrations()).isEqualTo(before);
    assertThat(scheduler.last("bare").getMessage()).doesNotContain("shell command");
  }
}
