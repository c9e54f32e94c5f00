package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.EcsLocal;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A cluster's Fargate capacity offered as one agent per availability zone of the configured subnets, tasks run
 * there with RunTask on FARGATE or FARGATE_SPOT, at a valid Fargate size, with their private IP in their updates.
 */
class FargateIT extends DriverTestBase {
  static final List<String> SUBNETS = List.of("subnet-a", "subnet-b", "subnet-c");

  @Override
  protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
    return super.configure(builder).fargate(com.amazonaws.ecs.local.FargateOptions.defaults()
        .withSubnets("subnet-a=us-east-1a:10.0.1.0/24", "subnet-b=us-east-1b:10.0.2.0/24",
            "subnet-c=us-east-1a:10.0.3.0/24")
        .withVcpuQuotas(12, 6));
  }

  ECSSchedulerDriver.Builder onFargate(Protos.FrameworkInfo framework) {
    return builder(framework).fargate(SUBNETS, List.of("sg-1"), false).fargateCpus(8);
  }

  private List<Task> ecsTasks() {
    List<String> arns = new ArrayList<>(ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns());
    arns.addAll(ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(DesiredStatus.STOPPED)).taskArns());
    return arns.isEmpty() ? List.of() : ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns)).tasks();
  }

  private Protos.Offer offerIn(String zone) {
    awaitUntil(() -> scheduler.offers().stream().anyMatch(o -> o.getHostname().equals("fargate-" + zone)));
    return scheduler.offers().stream().filter(o -> o.getHostname().equals("fargate-" + zone)).reduce((a, b) -> b)
        .orElseThrow();
  }

  private static String attribute(Protos.Offer offer, String name) {
    return offer.getAttributesList().stream().filter(a -> a.getName().equals(name))
        .map(a -> a.getText().getValue()).findFirst().orElse(null);
  }

  @Test
  void oneAgentPerZoneOffersAnEqualShareOfTheCeiling() {
    started(onFargate(framework()));
    Protos.Offer a = offerIn("us-east-1a");
    Protos.Offer b = offerIn("us-east-1b");
    assertThat(a.getSlaveId().getValue()).isEqualTo("fargate-us-east-1a");
    assertThat(scalarOf(a, "cpus")).isEqualTo(4.0);
    assertThat(scalarOf(b, "cpus")).isEqualTo(4.0);
    assertThat(scalarOf(a, "mem")).isEqualTo(4 * 8192.0);
    assertThat(attribute(a, "ecs.availability-zone")).isEqualTo("us-east-1a");
    assertThat(attribute(a, "ecs.launch-type")).isEqualTo("FARGATE");
    assertThat(attribute(a, "ecs.capacity-provider")).isEqualTo("FARGATE");
    assertThat(a.getDomain().getFaultDomain().getZone().getName()).isEqualTo("us-east-1a");
    assertThat(scheduler.offers()).extracting(o -> o.getSlaveId().getValue()).doesNotHaveDuplicates();
  }

  @Test
  void withoutACeilingTheAgentsShareTheAccountsVcpuQuota() {
    started(builder(framework()).fargate(SUBNETS, List.of(), false));
    assertThat(scalarOf(offerIn("us-east-1a"), "cpus")).isEqualTo(6.0); // On-Demand quota 12, two zones
    assertThat(ecsLocal.stats().calls()).containsEntry("GetServiceQuota", 1L);
  }

  @Test
  void aSpotCeilingIsTheSpotQuota() {
    started(builder(framework()).fargate(SUBNETS, List.of(), false).fargateSpot(true));
    assertThat(scalarOf(offerIn("us-east-1b"), "cpus")).isEqualTo(3.0); // Spot quota 6, two zones
  }

  @Test
  void aTaskRunsAtARoundedUpSizeWithItsPrivateIpInItsUpdates() {
    ECSSchedulerDriver driver = started(onFargate(framework()));
    Protos.Offer offer = offerIn("us-east-1a");
    driver.launchTasks(List.of(offer.getId()), List.of(task("f", offer, "sleep 3", 0.3, 600)));
    awaitState("f", TaskState.TASK_FINISHED);
    assertThat(scheduler.states("f")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_FINISHED);
    Protos.TaskStatus running = scheduler.statuses("f").get(1);
    assertThat(running.getMessage()).startsWith("Fargate task size 0.5 vCPU / 1024 MiB (the task asked for 0.3 cpus "
        + "and 600 MiB)");
    String ip = running.getContainerStatus().getNetworkInfos(0).getIpAddresses(0).getIpAddress();
    assertThat(ip).matches("10\\.0\\.[13]\\.\\d+");
    Task ecsTask = ecsTasks().get(0);
    assertThat(ecsTask.launchTypeAsString()).isEqualTo("FARGATE");
    assertThat(ecsTask.capacityProviderName()).isEqualTo("FARGATE");
    assertThat(ecsTask.cpu()).isEqualTo("512");
    assertThat(ecsTask.memory()).isEqualTo("1024");
    assertThat(ecsTask.availabilityZone()).isEqualTo("us-east-1a");
    assertThat(ecsLocal.stats().calls()).doesNotContainKey("StartTask");
  }

  @Test
  void whatATaskHoldsIsItsFargateSizeUntilItEnds() {
    ECSSchedulerDriver driver = started(onFargate(framework()));
    Protos.Offer offer = offerIn("us-east-1b");
    driver.launchTasks(List.of(offer.getId()), List.of(task("f", offer, "sleep infinity", 0.3, 600)),
        Protos.Filters.newBuilder().setRefuseSeconds(0).build());
    awaitState("f", TaskState.TASK_RUNNING);
    awaitUntil(() -> scheduler.offers().stream().anyMatch(o -> o.getHostname().equals("fargate-us-east-1b")
        && scalarOf(o, "cpus") == 3.5));
    driver.killTask(taskId("f"));
    awaitState("f", TaskState.TASK_KILLED);
  }

  @Test
  void aRunTaskWhoseAnswerIsLostIsSentAgainAndStartsOneTask() {
    ECSSchedulerDriver driver = started(onFargate(framework()));
    Protos.Offer offer = offerIn("us-east-1a");
    ecsLocal.injectFaults("drop:RunTask:x1"); // carried out, then the connection closes without an answer
    driver.launchTasks(List.of(offer.getId()), List.of(task("once", offer, "sleep infinity", 0.25, 512)));
    awaitState("once", TaskState.TASK_RUNNING);
    assertThat(ecsTasks()).hasSize(1);
    assertThat(ecsLocal.stats().calls().get("RunTask")).isGreaterThanOrEqualTo(2L);
  }

  @Test
  void aTaskLargerThanFargateRunsIsAnError() {
    ECSSchedulerDriver driver = started(builder(framework()).fargate(SUBNETS, List.of(), false).fargateCpus(64));
    Protos.Offer offer = offerIn("us-east-1a");
    driver.launchTasks(List.of(offer.getId()), List.of(task("big", offer, "sleep 1", 17, 1024)));
    awaitState("big", TaskState.TASK_ERROR);
    assertThat(scheduler.last("big").getMessage()).contains("largest Fargate task is 16 vCPU and 120 GiB");
    assertThat(ecsTasks()).isEmpty();
  }

  @Test
  void aSpotInterruptionIsTheTasksLoss() {
    ECSSchedulerDriver driver = started(builder(framework(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE))
        .fargate(SUBNETS, List.of(), true).fargateSpot(true).fargateCpus(8));
    Protos.Offer offer = offerIn("us-east-1b");
    assertThat(attribute(offer, "ecs.capacity-provider")).isEqualTo("FARGATE_SPOT");
    driver.launchTasks(List.of(offer.getId()), List.of(task("spot", offer, "sleep infinity", 0.25, 512)));
    awaitState("spot", TaskState.TASK_RUNNING);
    assertThat(ecsLocal.interruptSpot(ecsTasks().get(0).taskArn())).isTrue();
    awaitState("spot", TaskState.TASK_GONE);
    assertThat(scheduler.last("spot").getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_SLAVE_REMOVED);
    assertThat(scheduler.last("spot").getMessage())
        .contains("Fargate took back the task's capacity (FARGATE_SPOT): SpotInterruption");
  }

  @Test
  void aTaskGroupIsOneFargateTaskSharingOneAddress() {
    ECSSchedulerDriver driver = started(onFargate(framework()));
    Protos.Offer offer = offerIn("us-east-1a");
    driver.acceptOffers(List.of(offer.getId()), List.of(TaskGroupIT.launchGroup(TaskGroupIT.defaultExecutor(),
        task("a", offer, "sleep infinity", 0.25, 128), task("b", offer, "sleep infinity", 0.25, 128),
        task("c", offer, "sleep 2; exit 1", 0.25, 128))), Protos.Filters.getDefaultInstance());
    awaitState("a", TaskState.TASK_RUNNING);
    awaitState("c", TaskState.TASK_FAILED);
    awaitState("a", TaskState.TASK_KILLED);
    awaitState("b", TaskState.TASK_KILLED);
    String ipA = scheduler.statuses("a").get(1).getContainerStatus().getNetworkInfos(0).getIpAddresses(0)
        .getIpAddress();
    String ipB = scheduler.statuses("b").get(1).getContainerStatus().getNetworkInfos(0).getIpAddresses(0)
        .getIpAddress();
    assertThat(ipA).isEqualTo(ipB);
    List<Task> ecsTasks = ecsTasks();
    assertThat(ecsTasks).hasSize(1);
    assertThat(ecsTasks.get(0).launchTypeAsString()).isEqualTo("FARGATE");
    assertThat(ecsTasks.get(0).cpu()).isEqualTo("1024"); // 0.85 cpus, 416 MiB rounded up
  }

  @Test
  void ec2AndFargateAgentsAreBothOfferedAndAttributesTellThemApart() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 2048);
    started(onFargate(framework()));
    awaitUntil(() -> scheduler.offers().stream().map(o -> attribute(o, "ecs.launch-type")).distinct().count() == 2);
    assertThat(scheduler.offers()).anySatisfy(o -> assertThat(o.getHostname()).startsWith("ip-"));
  }
}
