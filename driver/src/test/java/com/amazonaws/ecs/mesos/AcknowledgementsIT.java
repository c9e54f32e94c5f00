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

  private ECSSchedulerDriver explicitDriver() {
    return started(builder(framework()).implicitAcknowledgements(false)
        .statusUpdateRetry(Duration.ofMillis(200), Duration.ofMillis(400)));
  }

  /** Waits until the driver has decided (and queued) an update of this state for some task. */
  private static void awaitDecided(ECSSchedulerDriver driver, TaskState state) {
    awaitUntil(() -> driver.metrics().statusUpdates().getOrDefault(state.name(), 0L) > 0);
  }

  /**
   * A terminal update the driver generates as the master (here: the instance is gone) ends the task's
   * stream: the unacknowledged STARTING is not resent after it and the queued RUNNING never comes. (It used
   * to be delivered around the stream: STARTING, LOST, STARTING, RUNNING.)
   */
  @Test
  @EmbeddedOnly("waits on the updates the embedded driver decided (its metrics); through a master, the master decides them")
  void aTerminalUpdateFromTheMasterEndsTheStreamSoNothingFollowsIt() {
    String instance = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    String def = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = explicitDriver();
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("t", offer, def, 0.1, 32)));
    awaitState("t", TaskState.TASK_STARTING);
    awaitDecided(driver, TaskState.TASK_RUNNING); // queued behind the unacknowledged STARTING

    ecsLocal.terminateInstance(CLUSTER, instance);
    awaitState("t", TaskState.TASK_LOST);
    int delivered = scheduler.statuses("t").size();
    // Several resend intervals pass: nothing more is delivered for the task.
    waiting().during(1200, TimeUnit.MILLISECONDS).until(() -> scheduler.statuses("t").size() == delivered);
    assertThat(scheduler.states("t")).containsOnly(TaskState.TASK_STARTING, TaskState.TASK_LOST);
    assertThat(scheduler.last("t").getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(scheduler.last("t").getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_SLAVE_REMOVED);
  }

  /**
   * Reconciliation and a kill of a finished task answer with the state the task's stream has reached (the
   * unacknowledged STARTING), never with the FINISHED still queued behind it: the framework never sees the
   * task go from FINISHED back to RUNNING.
   */
  @Test
  @EmbeddedOnly("waits on the updates the embedded driver decided (its metrics); through a master, the master decides them")
  void answersReportTheStateTheStreamReachedNotOneStillQueued() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("short", "sleep", "1");
    ECSSchedulerDriver driver = explicitDriver();
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("t", offer, def, 0.1, 32)));
    awaitState("t", TaskState.TASK_STARTING);
    Protos.TaskStatus starting = scheduler.statuses("t").get(0);
    awaitDecided(driver, TaskState.TASK_FINISHED);

    driver.reconcileTasks(List.of(Protos.TaskStatus.newBuilder().setTaskId(taskId("t"))
        .setState(TaskState.TASK_RUNNING).build()));
    awaitUntil(() -> scheduler.statuses("t").stream().anyMatch(s -> !s.hasUuid()));
    driver.killTask(taskId("t"));
    awaitUntil(() -> scheduler.statuses("t").stream().filter(s -> !s.hasUuid()).count() == 2);
    assertThat(scheduler.statuses("t").stream().filter(s -> !s.hasUuid()))
        .allSatisfy(s -> assertThat(s.getState()).isEqualTo(TaskState.TASK_STARTING));

    driver.acknowledgeStatusUpdate(starting);
    awaitState("t", TaskState.TASK_RUNNING);
    driver.acknowledgeStatusUpdate(scheduler.last("t"));
    awaitState("t", TaskState.TASK_FINISHED);
    List<TaskState> seen = scheduler.states("t");
    assertThat(seen.indexOf(TaskState.TASK_FINISHED)).isEqualTo(seen.size() - 1);
    assertThat(seen.lastIndexOf(TaskState.TASK_STARTING)).isLessThan(seen.indexOf(TaskState.TASK_RUNNING));
  }

  /**
   * A task ID is not free again until its terminal update is acknowledged (Mesos: "Task has duplicate ID");
   * reusing it earlier would mix the two tasks' streams, and the old terminal update would be resent for as
   * long as the new task lives.
   */
  @Test
  void aTaskIdIsReusableOnlyOnceItsTerminalUpdateIsAcknowledged() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String quick = taskDefinition("quick", "sleep", "1");
    String forever = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = explicitDriver();
    scheduler.onStatus = (d, s) -> {
      if (s.hasUuid() && s.getState() != TaskState.TASK_FINISHED) {
        d.acknowledgeStatusUpdate(s);
      }
    };
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("x", offer, quick, 0.1, 32)));
    awaitState("x", TaskState.TASK_FINISHED);
    Protos.TaskStatus finished = scheduler.last("x");

    Protos.Offer again = awaitOfferAfter(offer);
    driver.launchTasks(again.getId(), List.of(task("x", again, forever, 0.1, 32)));
    awaitState("x", TaskState.TASK_ERROR);
    Protos.TaskStatus error = scheduler.statuses("x").stream().filter(s -> s.getState() == TaskState.TASK_ERROR)
        .findFirst().orElseThrow();
    assertThat(error.getMessage()).contains("duplicate ID").contains("TASK_FINISHED");
    assertThat(error.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_TASK_INVALID);

    driver.acknowledgeStatusUpdate(finished);
    Protos.Offer third = awaitOfferAfter(again);
    int before = scheduler.statuses("x").size();
    driver.launchTasks(third.getId(), List.of(task("x", third, forever, 0.1, 32)));
    awaitUntil(() -> scheduler.statuses("x").size() > before
        && scheduler.last("x").getState() == TaskState.TASK_RUNNING);
    assertThat(scheduler.statuses("x").subList(before, scheduler.statuses("x").size()))
        .noneMatch(s -> s.getState() == TaskState.TASK_FINISHED);
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
