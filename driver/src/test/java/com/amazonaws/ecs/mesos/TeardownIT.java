package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.CallListener;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;

/**
 * {@code stop(false)} and kills at scale, under ECS's rate limits (the driver's own limiter: 40 StartTask and
 * StopTask calls per second, 100 burst).
 */
class TeardownIT extends DriverTestBase {
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private void recordCalls() {
    ecsLocal.onCall(CallListener.before((action, body) -> calls.add(action)));
  }

  /** The calls recorded from {@code from} on, copied: a view of the list would fail as calls keep coming. */
  private List<String> callsFrom(int from) {
    List<String> copy = new ArrayList<>(calls);
    return copy.subList(from, copy.size());
  }

  private int count(String action, int from, int to) {
    int n = 0;
    for (String c : callsFrom(from).subList(0, to - from)) {
      n += c.equals(action) ? 1 : 0;
    }
    return n;
  }

  private List<String> ecsTasks(DesiredStatus desired) {
    String startedBy = FrameworkTags.startedBy(scheduler.frameworkId().getValue());
    return ecs.listTasksPaginator(r -> r.cluster(CLUSTER).startedBy(startedBy).desiredStatus(desired)).taskArns()
        .stream().toList();
  }

  /** Launches {@code perAgent} tasks of 0.1 cpu on each offer as it comes, up to {@code total}. */
  private List<String> launchOnEveryOffer(String def, int perAgent, int total) {
    List<String> ids = new CopyOnWriteArrayList<>();
    scheduler.onOffers = (d, offers) -> {
      for (Protos.Offer offer : offers) {
        List<Protos.TaskInfo> batch = new ArrayList<>();
        for (int i = 0; i < perAgent && ids.size() < total; i++) {
          String id = "t" + ids.size();
          ids.add(id);
          batch.add(task(id, offer, def, 0.1, 32));
        }
        if (batch.isEmpty()) {
          d.declineOffer(offer.getId(), OffersIT.refuse(3600));
        } else {
          d.launchTasks(List.of(offer.getId()), batch, OffersIT.refuse(3600));
        }
      }
    };
    return ids;
  }

  private long running() {
    return scheduler.statuses().stream().filter(s -> s.getState() == TaskState.TASK_RUNNING).count();
  }

  /**
   * 800 tasks accepted, {@code stop(false)} while most StartTask calls still wait for the rate limiter: none
   * of those leaves the driver, and every task ECS started is stopped before {@code join()} returns. (The
   * queued StartTasks used to go out after the stop, the StopTasks waited behind them, and the teardown
   * timeout cut the rest: 659 of 800 left running.)
   */
  @Test
  @EmbeddedOnly("the embedded driver is the master: join() returns once its teardown is done; Mesos's driver returns once the TEARDOWN is sent, and the master's teardown follows")
  void stopAfterALargeAcceptSendsNoMoreStartTasksAndStopsEveryTaskEcsHas() {
    ecsLocal.addInstances(CLUSTER, 32, 4096, 8192);
    String def = taskDefinition("forever", "serve");
    recordCalls();
    launchOnEveryOffer(def, 25, 800);
    ECSSchedulerDriver driver = started(builder(framework()));
    awaitUntil(() -> running() >= 50);

    int atStop = calls.size();
    assertThat(driver.stop(false)).isEqualTo(Protos.Status.DRIVER_STOPPED);
    assertThat(driver.join()).isEqualTo(Protos.Status.DRIVER_STOPPED);

    int startsBefore = count(LAUNCH, 0, atStop);
    int startsAfter = count(LAUNCH, atStop, calls.size());
    assertThat(startsBefore).isLessThan(400);
    assertThat(startsAfter).as("StartTasks already on their way when stop(false) was called").isLessThanOrEqualTo(16);
    assertThat(ecsTasks(DesiredStatus.RUNNING)).as("tasks left running").isEmpty();
    assertThat(ecsTasks(DesiredStatus.STOPPED)).hasSize(startsBefore + startsAfter);
  }

  /**
   * 200 running tasks and a teardown timeout of 1 s: the StopTasks need about 2.5 s at ECS's rate, and the
   * teardown takes them, because it only gives up when no task is stopped for that long. (It used to end
   * after 1 s whatever was left.)
   */
  @Test
  @EmbeddedOnly("the embedded driver is the master: join() returns once its teardown is done; Mesos's driver returns once the TEARDOWN is sent, and the master's teardown follows")
  void theTeardownTimeoutCountsTimeWithoutProgressNotTheTeardownsLength() {
    ecsLocal.addInstances(CLUSTER, 8, 4096, 8192);
    String def = taskDefinition("forever", "serve");
    launchOnEveryOffer(def, 25, 200);
    ECSSchedulerDriver driver = started(builder(framework()).teardownTimeout(Duration.ofSeconds(1)));
    awaitUntil(() -> running() == 200);
    recordCalls();
    long start = System.nanoTime();
    driver.stop(false);
    driver.join();
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(ecsTasks(DesiredStatus.RUNNING)).isEmpty();
    assertThat(count("StopTask", 0, calls.size())).isEqualTo(200);
    assertThat(tookMillis).as("longer than the teardown timeout: it was not cut short").isGreaterThan(1000);
  }

  /**
   * A kill goes to ECS with the next token of the modify bucket, ahead of the StartTasks still waiting for
   * theirs (it used to wait behind all of them: about 7 s here, 250 s with 10,000 launches).
   */
  @Test
  @EmbeddedOnly("counts the StartTasks after the instant killTask is called; a remote kill reaches the master after the driver's earlier calls, one HTTP round trip each")
  void aKillIsNotQueuedBehindWaitingLaunches() {
    ecsLocal.addInstances(CLUSTER, 1, 4096, 8192);
    String def = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer first = awaitOffer(0);
    driver.launchTasks(List.of(first.getId()), List.of(task("victim", first, def, 0.1, 32)), OffersIT.refuse(3600));
    awaitState("victim", TaskState.TASK_RUNNING);
    List<String> ids = launchOnEveryOffer(def, 25, 400);
    ecsLocal.addInstances(CLUSTER, 16, 4096, 8192);
    awaitUntil(() -> ids.size() == 400);
    recordCalls();
    // The bucket's burst (100) is spent: the other launches wait for tokens, 40 per second.
    awaitUntil(() -> count(LAUNCH, 0, calls.size()) >= 120);
    int atKill = calls.size();
    driver.killTask(taskId("victim"));
    awaitUntil(() -> callsFrom(atKill).contains("StopTask"));
    int stopAt = atKill + callsFrom(atKill).indexOf("StopTask");
    assertThat(count(LAUNCH, atKill, stopAt)).as("StartTasks sent between the kill and its StopTask")
        .isLessThanOrEqualTo(16);
    awaitState("victim", TaskState.TASK_KILLED);
  }
}
