package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** A new driver with the framework's ID rebuilds the TaskBook from ECS before answering anything. */
class RecoveryIT extends DriverTestBase {
  private static final Protos.FrameworkInfo FRAMEWORK = framework().toBuilder()
      .setId(Protos.FrameworkID.newBuilder().setValue("marathon-1")).build();

  private static Protos.TaskStatus ask(String id) {
    return Protos.TaskStatus.newBuilder().setTaskId(taskId(id)).setState(TaskState.TASK_RUNNING).build();
  }

  /**
   * The successor sends each recovered task's current state as an update with a uuid, as Mesos's agents
   * resend unacknowledged updates to a framework's new instance: a task that ended while no driver ran is
   * reported (it used to be found only by explicit reconciliation of its ID).
   */
  @Test
  @EmbeddedOnly("a successor driver recovers its tasks from ECS itself; through a master the master kept them and, as Mesos, resends only unacknowledged updates (a restarted master recovering from ECS: V0ThroughMasterIT)")
  void successorRecoversRunningAndStoppedTasksAndReportsTheirStates() {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    String forever = taskDefinition("forever", "serve");
    String quick = taskDefinition("quick", "sleep", "1");
    String later = taskDefinition("later", "sleep", "60");
    ECSSchedulerDriver first = started(builder(FRAMEWORK));
    Protos.Offer offer = awaitOffer(0);
    first.launchTasks(offer.getId(), List.of(task("live", offer, forever, 0.1, 32),
        task("done", offer, quick, 0.1, 32), task("ends-while-down", offer, later, 0.1, 32)));
    awaitState("live", TaskState.TASK_RUNNING);
    awaitState("done", TaskState.TASK_FINISHED);
    awaitState("ends-while-down", TaskState.TASK_RUNNING);
    first.stop(true);
    first.join();
    // The 60 s (cluster time) task ends while no driver runs.
    waiting().until(() -> ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus("STOPPED")).taskArns().size() == 2);

    RecordingScheduler second = new RecordingScheduler();
    ECSSchedulerDriver successor = track(build(builder(second, FRAMEWORK)));
    successor.start();
    awaitUntil(() -> second.has("registered"));
    assertThat(second.frameworkId().getValue()).isEqualTo("marathon-1");
    awaitUntil(() -> second.statuses().size() == 3);
    assertThat(second.names().get(0)).as("updates come after registered()").isEqualTo("registered");
    assertThat(second.last("ends-while-down").getState()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(second.last("ends-while-down").hasUuid()).isTrue();
    assertThat(second.last("ends-while-down").getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_SLAVE);
    assertThat(second.last("live").getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(second.last("live").hasUuid()).isTrue();
    assertThat(second.last("done").getState()).isEqualTo(TaskState.TASK_FINISHED);
    int updates = second.statuses().size();

    successor.reconcileTasks(List.of(ask("live"), ask("done"), ask("ends-while-down"), ask("never")));
    awaitUntil(() -> second.statuses().size() == updates + 4);
    assertThat(second.last("live").getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(second.last("live").getSlaveId()).isEqualTo(offer.getSlaveId());
    assertThat(second.last("done").getState()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(second.last("ends-while-down").getState()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(second.last("never").getState()).isEqualTo(TaskState.TASK_LOST);

    successor.reconcileTasks(List.of());
    awaitUntil(() -> second.statuses().size() == updates + 5);
    assertThat(second.statuses().get(updates + 4).getTaskId().getValue()).isEqualTo("live");

    successor.killTask(taskId("live"));
    awaitUntil(() -> second.last("live").getState() == TaskState.TASK_KILLED);
    assertThat(second.last("live").hasUuid()).isTrue();
  }

  @Test
  @EmbeddedOnly("a successor driver recovers its tasks from ECS itself; through a master the master kept them (a restarted master recovering from ECS: V0ThroughMasterIT)")
  void recoveryReadsEveryPage() {
    ecsLocal.addInstances(CLUSTER, 1, 8192, 16384);
    String forever = taskDefinition("forever", "serve");
    ECSSchedulerDriver first = started(builder(FRAMEWORK));
    Protos.Offer offer = awaitOffer(0);
    List<Protos.TaskInfo> many = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      many.add(task("t" + i, offer, forever, 0.05, 32));
    }
    first.launchTasks(offer.getId(), many);
    awaitUntil(() -> scheduler.statuses().stream().filter(s -> s.getState() == TaskState.TASK_RUNNING).count() == 130);
    first.stop(true);
    first.join();

    RecordingScheduler second = new RecordingScheduler();
    ECSSchedulerDriver successor = track(build(builder(second, FRAMEWORK)));
    successor.start();
    awaitUntil(() -> second.has("registered"));
    awaitUntil(() -> second.statuses().size() == 130);
    successor.reconcileTasks(List.of());
    awaitUntil(() -> second.statuses().size() == 260);
    assertThat(second.statuses()).allSatisfy(s -> assertThat(s.getState()).isEqualTo(TaskState.TASK_RUNNING));
    assertThat(second.statuses().stream().map(s -> s.getTaskId().getValue()).distinct()).hasSize(130);
  }
}
