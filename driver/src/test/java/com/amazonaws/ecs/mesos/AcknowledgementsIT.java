package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** Explicit acknowledgements: one update at a time per task, resent until acknowledged. */
class AcknowledgementsIT extends DriverTestBase {

  @Test
  void nextUpdateWaitsForTheAcknowledgementAndUnacknowledgedOnesAreResent() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("short", "sleep", "2");
    ECSSchedulerDriver driver = started(builder(framework()).implicitAcknowledgements(false)
        .statusUpdateRetry(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("t", offer, def, 0.1, 32)));

    awaitUntil(() -> !scheduler.statuses("t").isEmpty());
    Protos.TaskStatus starting = scheduler.statuses("t").get(0);
    assertThat(starting.getState()).isEqualTo(TaskState.TASK_STARTING);
    // The task finishes on ECS meanwhile, but nothing else is delivered until STARTING is acknowledged...
    waiting().during(200, TimeUnit.MILLISECONDS).until(() -> scheduler.statuses("t").size() == 1);
    // ...except STARTING itself again, after the resend interval, with the same uuid.
    awaitUntil(() -> scheduler.statuses("t").size() == 2);
    assertThat(scheduler.statuses("t").get(1)).isEqualTo(starting);

    driver.acknowledgeStatusUpdate(starting);
    awaitUntil(() -> scheduler.states("t").contains(TaskState.TASK_RUNNING));
    Protos.TaskStatus running = scheduler.last("t");
    waiting().during(150, TimeUnit.MILLISECONDS).until(() -> scheduler.last("t").equals(running));
    driver.acknowledgeStatusUpdate(running);
    awaitState("t", TaskState.TASK_FINISHED);
    driver.acknowledgeStatusUpdate(scheduler.last("t"));
    assertThat(scheduler.states("t")).containsSubsequence(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_FINISHED);
  }

  @Test
  void acknowledgementsWithoutUuidAreIgnored() {
    ECSSchedulerDriver driver = started(builder(framework()).implicitAcknowledgements(false));
    assertThat(driver.acknowledgeStatusUpdate(Protos.TaskStatus.newBuilder().setTaskId(taskId("x"))
        .setState(TaskState.TASK_LOST).build())).isEqualTo(Protos.Status.DRIVER_RUNNING);
    driver.reconcileTasks(List.of());
    waiting().during(200, TimeUnit.MILLISECONDS).until(() -> !scheduler.has("error"));
  }
}
