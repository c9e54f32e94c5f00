package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;

/**
 * With a manual clock the driver's timers are deterministic: an unacknowledged update is resent after 10 s,
 * 20 s, 40 s, ... up to every 10 minutes (Mesos's status update manager), and never before.
 */
class ResendBackoffIT extends DriverTestBase {

  private void advanceAndExpect(ManualClock clock, Duration step, int deliveries) {
    clock.advance(step.minusMillis(100));
    waiting().during(150, TimeUnit.MILLISECONDS).until(() -> scheduler.statuses("t").size() == deliveries - 1);
    clock.advance(Duration.ofMillis(100));
    awaitUntil(() -> scheduler.statuses("t").size() >= deliveries);
    assertThat(scheduler.statuses("t")).as("after %s", step).hasSize(deliveries);
  }

  @Test
  void unacknowledgedUpdateIsResentWithDoublingBackoffUpToTenMinutes() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("forever", "serve");
    ManualClock clock = new ManualClock();
    ECSSchedulerDriver driver = started(ECSSchedulerDriver.builder(scheduler, framework()).ecsClient(ecs)
        .ec2Client(ec2).cluster(CLUSTER).clock(clock).implicitAcknowledgements(false));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("t", offer, def, 0.1, 32)));
    awaitUntil(() -> scheduler.statuses("t").size() == 1);
    Protos.TaskStatus starting = scheduler.statuses("t").get(0);
    assertThat(starting.getState()).isEqualTo(TaskState.TASK_STARTING);

    int n = 1;
    for (long seconds : new long[] {10, 20, 40, 80, 160, 320, 600, 600}) {
      advanceAndExpect(clock, Duration.ofSeconds(seconds), ++n);
      assertThat(scheduler.last("t")).isEqualTo(starting);
    }
    driver.acknowledgeStatusUpdate(starting);
    awaitUntil(() -> scheduler.last("t").getState() == TaskState.TASK_RUNNING);
  }
}
