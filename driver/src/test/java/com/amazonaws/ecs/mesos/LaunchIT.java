package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;

class LaunchIT extends DriverTestBase {

  @Test
  void launchedTaskReportsStartingRunningFinishedWithUuidSourceAndAgent() {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 4096);
    String def = taskDefinition("short", "sleep", "5");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);

    assertThat(driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, def, 0.5, 128))))
        .isEqualTo(Protos.Status.DRIVER_RUNNING);
    awaitState("t1", TaskState.TASK_FINISHED);

    assertThat(scheduler.states("t1")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_FINISHED);
    for (Protos.TaskStatus s : scheduler.statuses("t1")) {
      assertThat(s.hasUuid()).isTrue();
      assertThat(s.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_SLAVE);
      assertThat(s.getSlaveId()).isEqualTo(offer.getSlaveId());
      assertThat(s.getTimestamp()).isGreaterThan(1e9);
    }
    assertThat(scheduler.statuses("t1")).extracting(Protos.TaskStatus::getTimestamp).isSorted();
    assertThat(scheduler.overlaps()).isZero();
  }
}
