package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.FrameworkInfo.Capability.Type;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.Test;

/** Implicit and explicit reconciliation, answered from the TaskBook. */
class ReconciliationIT extends DriverTestBase {

  private static Protos.TaskStatus ask(String taskId, String agentId) {
    Protos.TaskStatus.Builder s = Protos.TaskStatus.newBuilder().setTaskId(taskId(taskId))
        .setState(TaskState.TASK_RUNNING);
    if (agentId != null) {
      s.setSlaveId(Protos.SlaveID.newBuilder().setValue(agentId));
    }
    return s.build();
  }

  private static void assertReconciliation(Protos.TaskStatus s) {
    assertThat(s.getReason()).isEqualTo(Reason.REASON_RECONCILIATION);
    assertThat(s.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_MASTER);
    assertThat(s.hasUuid()).isFalse();
  }

  @Test
  void implicitAndExplicitReconciliationOfKnownTasks() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String forever = taskDefinition("forever", "serve");
    String quick = taskDefinition("quick", "sleep", "1");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("live", offer, forever, 0.1, 32),
        task("done", offer, quick, 0.1, 32)));
    awaitState("live", TaskState.TASK_RUNNING);
    awaitState("done", TaskState.TASK_FINISHED);
    int before = scheduler.statuses().size();

    driver.reconcileTasks(List.of());
    awaitUntil(() -> scheduler.statuses().size() == before + 1);
    Protos.TaskStatus implicit = scheduler.last("live");
    assertThat(implicit.getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(implicit.getMessage()).isEqualTo("Reconciliation: Latest task state");
    assertThat(implicit.getSlaveId()).isEqualTo(offer.getSlaveId());
    assertReconciliation(implicit);

    driver.reconcileTasks(List.of(ask("done", offer.getSlaveId().getValue())));
    awaitUntil(() -> scheduler.statuses().size() == before + 2);
    assertThat(scheduler.last("done").getState()).isEqualTo(TaskState.TASK_FINISHED);
    assertReconciliation(scheduler.last("done"));
  }

  @Test
  void unknownTasksAreLostOrUnknown() {
    String instance = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    String agent = instance.substring(instance.lastIndexOf('/') + 1);
    ECSSchedulerDriver driver = started(builder(framework()));
    awaitOffer(0);
    driver.reconcileTasks(List.of(ask("fake-on-real", agent), ask("fake", "fake-agent")));
    awaitUntil(() -> scheduler.statuses().size() == 2);
    Protos.TaskStatus onKnown = scheduler.last("fake-on-real");
    assertThat(onKnown.getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(onKnown.getMessage()).isEqualTo("Reconciliation: Task is unknown to the agent");
    assertThat(onKnown.getSlaveId().getValue()).isEqualTo(agent);
    Protos.TaskStatus onUnknown = scheduler.last("fake");
    assertThat(onUnknown.getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(onUnknown.getSlaveId().getValue()).isEqualTo("fake-agent");
    assertReconciliation(onKnown);
    assertReconciliation(onUnknown);
  }

  @Test
  void partitionAwareFrameworksGetGoneAndUnknown() {
    String instance = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    String agent = instance.substring(instance.lastIndexOf('/') + 1);
    ECSSchedulerDriver driver = started(builder(framework(Type.PARTITION_AWARE)));
    awaitOffer(0);
    driver.reconcileTasks(List.of(ask("a", agent), ask("b", "nowhere"), ask("c", null)));
    awaitUntil(() -> scheduler.statuses().size() == 3);
    assertThat(scheduler.last("a").getState()).isEqualTo(TaskState.TASK_GONE);
    assertThat(scheduler.last("b").getState()).isEqualTo(TaskState.TASK_UNKNOWN);
    assertThat(scheduler.last("c").getState()).isEqualTo(TaskState.TASK_UNKNOWN);
  }

  /**
   * A task the driver does not know, on an agent that is registered but unreachable: Mesos cannot tell
   * whether the agent runs it, and answers TASK_UNREACHABLE (TASK_LOST for frameworks that are not
   * PARTITION_AWARE); it used to answer TASK_GONE, which says the task is surely not running.
   */
  @Test
  void anUnknownTaskOnAnUnreachableAgentIsUnreachable() {
    String instance = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    String agent = instance.substring(instance.lastIndexOf('/') + 1);
    ECSSchedulerDriver driver = started(builder(framework(Type.PARTITION_AWARE)));
    awaitOffer(0);
    long disconnectedAt = System.currentTimeMillis();
    ecsLocal.disconnectAgent(CLUSTER, instance);
    awaitUntil(() -> scheduler.has("slaveLost"));
    driver.reconcileTasks(List.of(ask("x", agent)));
    awaitUntil(() -> !scheduler.statuses("x").isEmpty());
    Protos.TaskStatus answer = scheduler.last("x");
    assertThat(answer.getState()).isEqualTo(TaskState.TASK_UNREACHABLE);
    assertThat(answer.getMessage()).isEqualTo("Reconciliation: Task is unreachable");
    assertThat(answer.getSlaveId().getValue()).isEqualTo(agent);
    // When the agent became unreachable: before this answer, and not before the agent was disconnected.
    assertThat(answer.hasUnreachableTime()).isTrue();
    assertThat(answer.getUnreachableTime().getNanoseconds()).isBetween(disconnectedAt * 1_000_000L,
        (long) (answer.getTimestamp() * 1e9) + 1_000_000L);
    assertReconciliation(answer);
  }

  @Test
  void marathonHeartbeatIsAnsweredAtOnceFromInsideACallback() {
    ECSSchedulerDriver driver = started(builder(framework()));
    // Marathon reconciles a fake task from its own threads and from callbacks; the answer needs no ECS call.
    scheduler.onStatus = (d, s) -> {
      if (s.getTaskId().getValue().equals("heartbeat-1")) {
        d.reconcileTasks(List.of(ask("heartbeat-2", "fake-agent")));
      }
    };
    // With every ECS call failing, the answers can only come from the driver's memory.
    ecsLocal.injectFaults("server-error:*:1.0");
    driver.reconcileTasks(List.of(ask("heartbeat-1", "fake-agent")));
    awaitUntil(() -> !scheduler.statuses("heartbeat-2").isEmpty());
    assertThat(scheduler.statuses("heartbeat-1").get(0).getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(scheduler.overlaps()).isZero();
  }
}
