package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.EcsLocal;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** ECS failures: launches with a hidden outcome (RunTask with its token, StartTask with its lookup), throttling, 5xx, outage. */
class FaultsIT extends DriverTestBase {

  @Override
  protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
    return builder.timeFactor(100).rateLimits(true);
  }

  private List<String> ecsTasksOfFramework() {
    String startedBy = FrameworkTags.startedBy(scheduler.frameworkId().getValue());
    List<String> all = new ArrayList<>(ecs.listTasks(r -> r.cluster(CLUSTER).startedBy(startedBy)).taskArns());
    all.addAll(ecs.listTasks(r -> r.cluster(CLUSTER).startedBy(startedBy).desiredStatus("STOPPED")).taskArns());
    return all;
  }

  /** One agent, a long-running task definition, the fault rule, then task "t" launched on the first offer. */
  private ECSSchedulerDriver launchOneTaskWithFault(ECSSchedulerDriver.Builder builder, String faults) {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = started(builder);
    Protos.Offer offer = awaitOffer(0);
    ecsLocal.injectFaults(faults);
    driver.launchTasks(offer.getId(), List.of(task("t", offer, def, 0.25, 64)));
    return driver;
  }

  private long calls(String action) {
    return ecsLocal.stats().calls().getOrDefault(action, 0L);
  }

  @Test
  void startTaskWithoutAnswerStartsExactlyOneEcsTask() {
    launchOneTaskWithFault(builder(framework()).launchCall(LaunchCall.START_TASK), "drop:StartTask:x1");
    awaitState("t", TaskState.TASK_RUNNING);
    assertThat(ecsLocal.stats().dropped()).isEqualTo(1);
    assertThat(ecsLocal.stats().calls().get("StartTask")).isEqualTo(1);
    assertThat(ecsTasksOfFramework()).hasSize(1);
  }

  /**
   * RunTask with its client token: a launch whose answer is lost, or that ECS did and then answered 500, is
   * simply sent again with the same token, and ECS answers with the task the first call started. No lookup,
   * no second task.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"drop:RunTask:x1", "server-error-after:RunTask:x1"})
  void runTaskWhoseOutcomeIsHiddenIsSentAgainWithItsTokenAndStartsExactlyOneEcsTask(String fault) {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = started(builder(framework()).launchCall(LaunchCall.RUN_TASK));
    Protos.Offer offer = awaitOffer(0);
    long listsBefore = calls("ListTasks"); // a master lists the framework's tasks when it subscribes
    ecsLocal.injectFaults(fault);
    driver.launchTasks(offer.getId(), List.of(task("t", offer, def, 0.25, 64)));
    awaitState("t", TaskState.TASK_RUNNING);
    assertThat(calls("RunTask")).isEqualTo(2);
    assertThat(calls("StartTask")).isZero();
    assertThat(calls("ListTasks")).as("no lookup: the token answers").isEqualTo(listsBefore);
    assertThat(ecsTasksOfFramework()).hasSize(1);
    // The answer to the second call shows the task as it is by then, often already RUNNING.
    assertThat(scheduler.states("t")).endsWith(TaskState.TASK_RUNNING)
        .isSubsetOf(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
  }

  /** An IAM policy that allows StartTask but not RunTask: the driver says so once and launches with StartTask. */
  @Test
  void aDriverDeniedRunTaskLaunchesWithStartTask() {
    launchOneTaskWithFault(builder(framework()), "access-denied:RunTask:1.0");
    awaitState("t", TaskState.TASK_RUNNING);
    assertThat(calls("RunTask")).isEqualTo(1);
    assertThat(calls("StartTask")).isEqualTo(1);
    assertThat(ecsTasksOfFramework()).hasSize(1);
    assertThat(scheduler.states("t")).doesNotContain(TaskState.TASK_ERROR, TaskState.TASK_LOST);
  }

  /**
   * ECS's lists are eventually consistent: an early listing without the task does not prove it absent. The
   * driver lists again (200, 400, 800 ms apart) until a listing made 2 s after the unknown outcome, and only
   * then starts the task again: at least three lookups of two ListTasks each, where one used to be enough.
   */
  @Test
  void startTaskServerErrorIsRetriedOnlyAfterLookingForTheTask() {
    launchOneTaskWithFault(builder(framework()).launchCall(LaunchCall.START_TASK), "server-error:StartTask:x1");
    awaitState("t", TaskState.TASK_RUNNING);
    assertThat(calls("StartTask")).isEqualTo(2);
    assertThat(calls("ListTasks")).as("lookups before starting again").isGreaterThanOrEqualTo(6);
    assertThat(ecsTasksOfFramework()).hasSize(1);
    assertThat(scheduler.states("t")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
  }

  /**
   * StartTask without an answer, and ECS refuses the lookup (the IAM policy lacks ListTasks): the launch ends
   * with TASK_LOST saying the outcome is unknown and why, instead of staying in STAGING while the driver asks
   * every 10 s forever; and stop(false) does not wait for it.
   */
  @Test
  void aStartTaskWhoseLookupIsRefusedEndsLostSayingTheOutcomeIsUnknown() {
    ECSSchedulerDriver driver = launchOneTaskWithFault(builder(framework()).launchCall(LaunchCall.START_TASK),
        "server-error:StartTask:x1,access-denied:ListTasks:1.0");
    awaitState("t", TaskState.TASK_LOST);
    Protos.TaskStatus lost = scheduler.last("t");
    assertThat(lost.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN);
    assertThat(lost.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_MASTER);
    assertThat(lost.getMessage()).contains("Whether ECS started the task is unknown")
        .contains("AccessDeniedException").contains(FrameworkTags.TASK_ID_KEY + "=t");
    assertThat(calls("StartTask")).isEqualTo(1);
    assertThat(driver.stop(false)).isEqualTo(Protos.Status.DRIVER_STOPPED);
    assertThat(driver.join()).isEqualTo(Protos.Status.DRIVER_STOPPED);
  }

  @Test
  void aClientThatNeverRetriesIsUsedWithoutThePerRequestPluginAndStillStartsOneTask() {
    try (software.amazon.awssdk.services.ecs.EcsClient noRetries = software.amazon.awssdk.services.ecs.EcsClient
        .builder().endpointOverride(ecsLocal.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDLOCAL", "secret")))
        .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
        .build()) {
      ECSSchedulerDriver driver = launchOneTaskWithFault(builder(framework()).launchCall(LaunchCall.START_TASK).ecsClient(noRetries),
          "server-error:StartTask:x1");
      awaitState("t", TaskState.TASK_RUNNING);
      assertThat(ecsLocal.stats().calls().get("StartTask")).isEqualTo(2);
      assertThat(ecsTasksOfFramework()).hasSize(1);
      driver.stop(true);
    }
  }

  @Test
  void throttlingLosesNoTask() {
    ecsLocal.addInstances(CLUSTER, 3, 4096, 4096);
    String def = taskDefinition("forever", "serve");
    List<String> ids = new ArrayList<>();
    // The framework and the faults are in place before the driver starts: the first offers may come at once.
    scheduler.onOffers = (d, offers) -> {
      for (Protos.Offer offer : offers) {
        if (ids.size() >= 60) {
          d.declineOffer(offer.getId());
          continue;
        }
        List<Protos.TaskInfo> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          String id = "t" + ids.size();
          ids.add(id);
          batch.add(task(id, offer, def, 0.1, 64));
        }
        d.launchTasks(offer.getId(), batch);
      }
    };
    ecsLocal.injectFaults("throttle:" + LAUNCH + ":x5,throttle:DescribeTasks:x3,throttle:ListContainerInstances:x2");
    started(builder(framework()).retries(8, Duration.ofMillis(20), Duration.ofMillis(500)));
    awaitUntil(() -> ids.size() == 60
        && ids.stream().allMatch(id -> scheduler.states(id).contains(TaskState.TASK_RUNNING)));
    assertThat(ecsLocal.stats().throttled()).isGreaterThanOrEqualTo(5);
    assertThat(scheduler.statuses()).noneMatch(s -> s.getState() == TaskState.TASK_LOST);
    assertThat(ecsTasksOfFramework()).hasSize(60);
  }

  @Test
  void throttlingLongerThanTheRetryBudgetDelaysTheLaunchWithoutLosingIt() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = started(builder(framework()).retries(3, Duration.ofMillis(10), Duration.ofMillis(20)));
    Protos.Offer offer = awaitOffer(0);
    ecsLocal.injectFaults("throttle:DescribeTaskDefinition:x4,throttle:" + LAUNCH + ":x7");
    driver.launchTasks(offer.getId(), List.of(task("t", offer, def, 0.25, 64)));
    awaitState("t", TaskState.TASK_RUNNING);
    assertThat(scheduler.states("t")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
    assertThat(ecsTasksOfFramework()).hasSize(1);
  }

  @Test
  @EmbeddedOnly("an ECS outage is the embedded driver's lost master; a master stays connected to its frameworks through one (the V1 API has no event for it) and answers their launches with TASK_LOST")
  void outageDisconnectsAndRecoveryReregisters() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = started(builder(framework()).outageTimeout(Duration.ofMillis(500)));
    Protos.Offer offer = awaitOffer(0);
    ecsLocal.injectFaults("server-error:*:1.0");
    awaitUntil(() -> scheduler.has("disconnected"));
    int offersBefore = scheduler.offers().size();

    driver.launchTasks(offer.getId(), List.of(task("during", offer, def, 0.1, 32)));
    awaitUntil(() -> !scheduler.statuses("during").isEmpty());
    assertThat(scheduler.last("during").getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(scheduler.last("during").getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_MASTER_DISCONNECTED);

    ecsLocal.clearFaults();
    awaitUntil(() -> scheduler.has("reregistered"));
    List<String> names = scheduler.names();
    assertThat(names.subList(names.indexOf("disconnected"), names.indexOf("reregistered")))
        .doesNotContain("resourceOffers", "offerRescinded");
    Protos.Offer after = awaitOffer(offersBefore);
    driver.launchTasks(after.getId(), List.of(task("after", after, def, 0.1, 32)));
    awaitState("after", TaskState.TASK_RUNNING);
    assertThat(scheduler.count("error")).isZero();
    waiting().during(100, TimeUnit.MILLISECONDS).until(() -> driver.reviveOffers() == Protos.Status.DRIVER_RUNNING);
  }
}
