package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  @Test
  void successorRecoversRunningAndStoppedTasks() {
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
    ECSSchedulerDriver successor = track(builder(second, FRAMEWORK).build());
    successor.start();
    awaitUntil(() -> second.has("registered"));
    assertThat(second.frameworkId().getValue()).isEqualTo("marathon-1");
    waiting().during(200, TimeUnit.MILLISECONDS).until(() -> second.statuses().isEmpty());

    successor.reconcileTasks(List.of(ask("live"), ask("done"), ask("ends-while-down"), ask("never")));
    awaitUntil(() -> second.statuses().size() == 4);
    assertThat(second.last("live").getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(second.last("live").getSlaveId()).isEqualTo(offer.getSlaveId());
    assertThat(second.last("done").getState()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(second.last("ends-while-down").getState()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(second.last("never").getState()).isEqualTo(TaskState.TASK_LOST);

    successor.reconcileTasks(List.of());
    awaitUntil(() -> second.statuses().size() == 5);
    assertThat(second.statuses().get(4).getTaskId().getValue()).isEqualTo("live");

    successor.killTask(taskId("live"));
    awaitUntil(() -> second.last("live").getState() == TaskState.TASK_KILLED);
    assertThat(second.last("live").hasUuid()).isTrue();
  }

  @Test
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
    ECSSchedulerDriver successor = track(builder(second, FRAMEWORK).build());
    successor.start();
    awaitUntil(() -> second.has("registered"));
    successor.reconcileTasks(List.of());
    awaitUntil(() -> second.statuses().size() == 130);
    assertThat(second.statuses()).allSatisfy(s -> assertThat(s.getState()).isEqualTo(TaskState.TASK_RUNNING));
  }
}
