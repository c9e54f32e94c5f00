package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.FrameworkInfo.Capability.Type;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/** ECS task lifecycle → Mesos updates, end to end: exits, kills, external stops, lost instances. */
class TaskStatesIT extends DriverTestBase {

  /** Starts a driver, launches one task of {@code def} and returns the driver. */
  private ECSSchedulerDriver launchOne(ECSSchedulerDriver.Builder builder, String id, String def) {
    ECSSchedulerDriver driver = started(builder);
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task(id, offer, def, 0.25, 64)));
    return driver;
  }

  @Test
  void nonZeroExitIsFailedWithTheExitCode() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    launchOne(builder(framework()), "t", taskDefinition("fails", "sh", "-c", "sleep 1; exit 3"));
    awaitState("t", TaskState.TASK_FAILED);
    Protos.TaskStatus failed = scheduler.last("t");
    assertThat(failed.getReason()).isEqualTo(Reason.REASON_COMMAND_EXECUTOR_FAILED);
    assertThat(failed.getMessage()).contains("exited with code 3");
    assertThat(scheduler.states("t")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_FAILED);
  }

  @Test
  void outOfMemoryIsAMemoryLimitation() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    launchOne(builder(framework()), "t", taskDefinition("oom", "sh", "-c", "sleep 1; oom"));
    awaitState("t", TaskState.TASK_FAILED);
    assertThat(scheduler.last("t").getReason()).isEqualTo(Reason.REASON_CONTAINER_LIMITATION_MEMORY);
  }

  @Test
  void imageThatCannotBePulledFailsToLaunch() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ecs.registerTaskDefinition(r -> r.family("nopull").containerDefinitions(ContainerDefinition.builder()
        .name("main").image("busybox:notfound").memory(64).essential(true).build()));
    launchOne(builder(framework()), "t", "nopull");
    awaitState("t", TaskState.TASK_FAILED);
    assertThat(scheduler.last("t").getReason()).isEqualTo(Reason.REASON_CONTAINER_LAUNCH_FAILED);
    assertThat(scheduler.states("t")).doesNotContain(TaskState.TASK_RUNNING);
  }

  @Test
  void killIsKillingThenKilledForCapableFrameworks() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = launchOne(builder(framework(Type.TASK_KILLING_STATE)), "t",
        taskDefinition("forever", "serve"));
    awaitState("t", TaskState.TASK_RUNNING);
    assertThat(driver.killTask(taskId("t"))).isEqualTo(Protos.Status.DRIVER_RUNNING);
    awaitState("t", TaskState.TASK_KILLED);
    assertThat(scheduler.states("t")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_KILLING, TaskState.TASK_KILLED);
  }

  @Test
  void killWithoutCapabilityIsKilledAndAKillOfAFinishedTaskResendsItsState() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = launchOne(builder(framework()), "t", taskDefinition("forever", "serve"));
    awaitState("t", TaskState.TASK_RUNNING);
    driver.killTask(taskId("t"));
    awaitState("t", TaskState.TASK_KILLED);
    assertThat(scheduler.states("t")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_KILLED);
    driver.killTask(taskId("t"));
    awaitUntil(() -> scheduler.statuses("t").size() == 4);
    Protos.TaskStatus again = scheduler.last("t");
    assertThat(again.getState()).isEqualTo(TaskState.TASK_KILLED);
    assertThat(again.hasUuid()).isFalse();
  }

  @Test
  void killOfAnUnknownTaskIsAnsweredByReconciliation() {
    ECSSchedulerDriver driver = started(builder(framework()));
    driver.killTask(taskId("nobody"));
    awaitUntil(() -> !scheduler.statuses("nobody").isEmpty());
    Protos.TaskStatus s = scheduler.last("nobody");
    assertThat(s.getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(s.getReason()).isEqualTo(Reason.REASON_RECONCILIATION);
    assertThat(s.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_MASTER);
  }

  @Test
  void taskStoppedOutsideTheFrameworkIsKilledWithAMessage() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    launchOne(builder(framework()), "t", taskDefinition("forever", "serve"));
    awaitState("t", TaskState.TASK_RUNNING);
    String arn = ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns().get(0);
    ecs.stopTask(r -> r.cluster(CLUSTER).task(arn).reason("operator"));
    awaitState("t", TaskState.TASK_KILLED);
    assertThat(scheduler.last("t").getMessage()).contains("outside the framework").contains("operator");
  }

  @Test
  void terminatedInstanceLosesItsTasks() {
    String instance = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    launchOne(builder(framework()), "t", taskDefinition("forever", "serve"));
    awaitState("t", TaskState.TASK_RUNNING);
    ecsLocal.terminateInstance(CLUSTER, instance);
    awaitState("t", TaskState.TASK_LOST);
    Protos.TaskStatus lost = scheduler.last("t");
    assertThat(lost.getReason()).isEqualTo(Reason.REASON_SLAVE_REMOVED);
    assertThat(lost.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_MASTER);
    assertThat(lost.hasUuid()).isFalse();
    awaitUntil(() -> scheduler.has("slaveLost"));
  }

  @Test
  void deregisteredInstanceIsGoneForPartitionAwareFrameworks() {
    String instance = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    launchOne(builder(framework(Type.PARTITION_AWARE)), "t", taskDefinition("forever", "serve"));
    awaitState("t", TaskState.TASK_RUNNING);
    ecsLocal.removeInstance(CLUSTER, instance);
    awaitState("t", TaskState.TASK_GONE);
    assertThat(scheduler.last("t").getReason()).isEqualTo(Reason.REASON_SLAVE_REMOVED);
  }

  @Test
  void disconnectedAgentLosesItsTasksAndTheyAreStoppedWhenItReturns() {
    String instance = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    launchOne(builder(framework()).agentDisconnectTimeout(Duration.ofMillis(200)), "t",
        taskDefinition("forever", "serve"));
    awaitState("t", TaskState.TASK_RUNNING);
    ecsLocal.disconnectAgent(CLUSTER, instance);
    awaitState("t", TaskState.TASK_LOST);
    assertThat(scheduler.last("t").getReason()).isEqualTo(Reason.REASON_SLAVE_DISCONNECTED);
    ecsLocal.reconnectAgent(CLUSTER, instance);
    waiting().until(() -> ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns().isEmpty());
    assertThat(scheduler.states("t")).endsWith(TaskState.TASK_LOST);
  }

  @Test
  void disconnectedAgentMakesTasksUnreachableThenRunningForPartitionAwareFrameworks() {
    String instance = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    launchOne(builder(framework(Type.PARTITION_AWARE)).agentDisconnectTimeout(Duration.ofMillis(200)), "t",
        taskDefinition("forever", "serve"));
    awaitState("t", TaskState.TASK_RUNNING);
    ecsLocal.disconnectAgent(CLUSTER, instance);
    awaitState("t", TaskState.TASK_UNREACHABLE);
    Protos.TaskStatus unreachable = scheduler.last("t");
    assertThat(unreachable.getUnreachableTime().getNanoseconds()).isEqualTo((long) (unreachable.getTimestamp() * 1e9));
    ecsLocal.reconnectAgent(CLUSTER, instance);
    awaitUntil(() -> scheduler.last("t").getState() == TaskState.TASK_RUNNING);
    assertThat(scheduler.states("t")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_UNREACHABLE, TaskState.TASK_RUNNING);
    waiting().during(200, TimeUnit.MILLISECONDS).until(() -> scheduler.statuses("t").size() == 4);
  }

  @Test
  void containerHealthBecomesTheHealthyFlag() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    for (String family : List.of("healthy", "sick")) {
      String check = family.equals("healthy") ? "exit 0" : "exit 1";
      ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(ContainerDefinition.builder()
          .name("main").image("busybox").memory(64).essential(true).command("serve")
          .healthCheck(h -> h.command("CMD-SHELL", check)).build()));
    }
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("ok", offer, "healthy", 0.1, 32), task("bad", offer, "sick", 0.1,
        32)));
    awaitUntil(() -> scheduler.statuses("ok").stream().anyMatch(s -> s.hasHealthy() && s.getHealthy()));
    awaitUntil(() -> scheduler.statuses("bad").stream().anyMatch(s -> s.hasHealthy() && !s.getHealthy()));
    assertThat(scheduler.last("ok").getState()).isEqualTo(TaskState.TASK_RUNNING);
  }
}
