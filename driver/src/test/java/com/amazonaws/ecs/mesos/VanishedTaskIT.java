package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.EcsLocal;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** A task ECS forgot before the driver saw it end (DescribeTasks: MISSING) gets an honest terminal state. */
@PollingOnly("a vanished task is found by describing it (MISSING); with events, by the slow check")
class VanishedTaskIT extends DriverTestBase {

  @Override
  protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
    Duration step = Duration.ofMillis(200);
    // Stopped tasks are forgotten after 1 s of cluster time (10 ms here) instead of an hour.
    return builder.timeFactor(100).timings(step, step, step, step, step, step, Duration.ofSeconds(1));
  }

  @Test
  void taskThatVanishedFromEcsIsLost() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("blink", "sleep", "5");
    ECSSchedulerDriver driver = started(builder(framework()).pollInterval(Duration.ofMillis(700))
        .missingGrace(Duration.ZERO));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("t", offer, def, 0.1, 32)));
    awaitState("t", TaskState.TASK_LOST);
    Protos.TaskStatus lost = scheduler.last("t");
    assertThat(scheduler.states("t")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_LOST);
    assertThat(lost.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN);
    assertThat(lost.getMessage()).contains("MISSING");
  }
}
