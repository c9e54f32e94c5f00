package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.ecs.local.CallListener;
import com.amazonaws.ecs.local.EcsLocal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Task status from ECS events, as ecs-local delivers them through EventBridge's rule into its SQS endpoint, read
 * by the real SDK SQS client: no task is described while events flow, misbehaving events (dropped, doubled,
 * reordered, late) lose nothing and set no wrong state, and a queue that cannot be read or goes silent hands
 * status back to polling until events flow again.
 */
@EmbeddedOnly("the events queue is the embedded driver's setting; the master's is tested in the master module")
class EventsIT extends DriverTestBase {
  private final AtomicInteger describeTasks = new AtomicInteger();

  @Override
  protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
    return builder.timeFactor(100).events(true);
  }

  private String queue() {
    if (eventsQueue == null) {
      eventsQueue = ecsLocal.setUpEvents(CLUSTER, EVENTS_QUEUE_NAME);
    }
    ecsLocal.onCall(CallListener.before((action, body) -> {
      if (action.equals("DescribeTasks")) {
        describeTasks.incrementAndGet();
      }
    }));
    return eventsQueue;
  }

  /** A driver that describes tasks only when events fail for minutes: what it learns, events told it. */
  private ECSSchedulerDriver eventsOnly() {
    ECSSchedulerDriver driver = started(builder(framework(Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE))
        .eventsQueueUrl(queue()).eventsCheckInterval(Duration.ofMinutes(10)).eventsSilence(Duration.ofMinutes(1)));
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048); // its registration is the first event
    awaitUntil(() -> driver.metrics().statusFromEvents());
    return driver;
  }

  @Test
  void aTaskLivesAndEndsByItsEventsWithoutADescribeTasks() {
    ECSSchedulerDriver driver = eventsOnly();
    String def = taskDefinition("short", "sleep", "5");
    Protos.Offer offer = awaitOffer(0);
    int describedBefore = describeTasks.get();
    driver.launchTasks(offer.getId(), List.of(task("t", offer, def, 0.1, 32)));
    awaitState("t", TaskState.TASK_FINISHED);
    assertThat(scheduler.states("t")).containsSubsequence(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED)
        .containsOnlyOnce(TaskState.TASK_FINISHED);
    assertThat(describeTasks.get()).as("DescribeTasks calls while events flow").isEqualTo(describedBefore);
    assertThat(driver.metrics().eventsApplied()).isPositive();
  }

  @Test
  void aKillEndsWithTheStoppedEvent() {
    ECSSchedulerDriver driver = eventsOnly();
    String def = taskDefinition("long", "sleep", "100000");
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("k", offer, def, 0.1, 32)));
    awaitState("k", TaskState.TASK_RUNNING);
    int describedBefore = describeTasks.get();
    driver.killTask(taskId("k"));
    awaitState("k", TaskState.TASK_KILLED);
    assertThat(scheduler.states("k")).containsSubsequence(TaskState.TASK_RUNNING, TaskState.TASK_KILLING,
        TaskState.TASK_KILLED);
    assertThat(describeTasks.get()).isEqualTo(describedBefore);
  }

  @Test
  void anInstanceRegisteredOrDisconnectedIsSeenByItsEventNotByASweep() {
    ECSSchedulerDriver driver = eventsOnly();
    Protos.Offer first = awaitOffer(0);
    // Full instance sweeps are 20 minutes apart while events flow: only the events can tell these.
    String second = ecsLocal.addInstances(CLUSTER, 1, 2048, 2048).get(0);
    String secondId = second.substring(second.lastIndexOf('/') + 1);
    awaitUntil(() -> scheduler.offers().stream().anyMatch(o -> o.getSlaveId().getValue().equals(secondId)));
    ecsLocal.disconnectAgent(CLUSTER, first.getSlaveId().getValue());
    awaitUntil(() -> scheduler.has("offerRescinded"));
    assertThat(scheduler.<Protos.OfferID>args("offerRescinded")).contains(first.getId());
    assertThat(driver.metrics().statusFromEvents()).isTrue();
  }

  @Test
  void droppedDoubledReorderedAndLateEventsLoseNothingAndSetNoWrongState() {
    ecsLocal.injectFaults("event-drop:task:0.2,event-duplicate:*:0.2,event-reorder:*:0.2,event-delay:*:300ms@0.2");
    ECSSchedulerDriver driver = started(builder(framework()).eventsQueueUrl(queue())
        .eventsCheckInterval(Duration.ofSeconds(1)).eventsSilence(Duration.ofMillis(300)));
    ecsLocal.addInstances(CLUSTER, 2, 4096, 4096);
    String ok = taskDefinition("ok", "sleep", "20");
    String bad = taskDefinition("bad", "sh", "-c", "sleep 10; exit 3");
    List<String> ids = new ArrayList<>();
    scheduler.onOffers = (d, offers) -> {
      for (Protos.Offer o : offers) {
        List<Protos.TaskInfo> batch = new ArrayList<>();
        synchronized (ids) {
          while (ids.size() < 30 && batch.size() < 10) {
            String id = "f" + ids.size();
            ids.add(id);
            batch.add(task(id, o, ids.size() % 3 == 0 ? bad : ok, 0.1, 32));
          }
        }
        d.launchTasks(List.of(o.getId()), batch);
      }
    };
    awaitUntil(() -> {
      synchronized (ids) {
        return ids.size() == 30 && ids.stream().allMatch(id -> scheduler.states(id).stream()
            .anyMatch(s -> s == TaskState.TASK_FINISHED || s == TaskState.TASK_FAILED));
      }
    });
    for (int i = 0; i < 30; i++) {
      String id = "f" + i;
      List<TaskState> states = scheduler.states(id);
      TaskState want = (i + 1) % 3 == 0 ? TaskState.TASK_FAILED : TaskState.TASK_FINISHED;
      assertThat(states).as(id).endsWith(want).containsOnlyOnce(want)
          .doesNotContain(TaskState.TASK_LOST, TaskState.TASK_KILLED);
      assertThat(states.indexOf(TaskState.TASK_RUNNING)).as(id + " ran before it ended").isBetween(0,
          states.size() - 2);
    }
    assertThat(ecsLocal.stats().calls().getOrDefault("RunTask", 0L)).as("one RunTask per task").isEqualTo(30L);
    assertThat(driver.metrics().eventsApplied()).isPositive();
  }

  @Test
  void aQueueThatCannotBeReadHandsStatusToPollingUntilEventsFlowAgain() {
    ECSSchedulerDriver driver = eventsOnly();
    String def = taskDefinition("short", "sleep", "5");
    try (SqsClient sqs = sqs()) {
      sqs.deleteQueue(b -> b.queueUrl(eventsQueue));
      // The read waiting when the queue went (up to 20 s), then the driver's outage timeout (2 s here): polling.
      await().atMost(40, TimeUnit.SECONDS).until(() -> !driver.metrics().statusFromEvents());
      Protos.Offer offer = awaitOffer(0);
      driver.launchTasks(offer.getId(), List.of(task("p", offer, def, 0.1, 32)));
      awaitState("p", TaskState.TASK_FINISHED);
      assertThat(describeTasks.get()).as("status by polling").isPositive();

      assertThat(ecsLocal.setUpEvents(CLUSTER, EVENTS_QUEUE_NAME)).isEqualTo(eventsQueue);
      Protos.Offer again = awaitOfferAfter(offer);
      driver.launchTasks(again.getId(), List.of(task("e", again, def, 0.1, 32)));
      awaitUntil(() -> driver.metrics().statusFromEvents());
      awaitState("e", TaskState.TASK_FINISHED);
    }
  }

  @Test
  void aSilentQueueHandsStatusToPollingWhenDescriptionsFindWhatNoEventSaid() {
    ECSSchedulerDriver driver = started(builder(framework()).eventsQueueUrl(queue())
        .eventsCheckInterval(Duration.ofSeconds(1)).eventsSilence(Duration.ofMillis(200)));
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    awaitUntil(() -> driver.metrics().statusFromEvents());
    String def = taskDefinition("long", "sleep", "100000");
    try (EventBridgeClient events = eventBridge()) {
      String rule = events.listRules(b -> b.namePrefix("")).rules().get(0).name();
      List<String> targets = events.listTargetsByRule(b -> b.rule(rule)).targets().stream()
          .map(t -> t.id()).toList();
      events.removeTargets(b -> b.rule(rule).ids(targets));
      Protos.Offer offer = awaitOffer(0);
      driver.launchTasks(offer.getId(), List.of(task("s", offer, def, 0.1, 32)));
      awaitState("s", TaskState.TASK_RUNNING);
      awaitUntil(() -> !driver.metrics().statusFromEvents());
      assertThat(Set.copyOf(scheduler.states("s"))).doesNotContain(TaskState.TASK_LOST);
    }
  }

  private SqsClient sqs() {
    return SqsClient.builder().endpointOverride(ecsLocal.sqsEndpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
        .build();
  }

  private EventBridgeClient eventBridge() {
    return EventBridgeClient.builder().endpointOverride(ecsLocal.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
        .build();
  }
}
