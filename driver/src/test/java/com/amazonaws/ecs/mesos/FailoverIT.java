package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.CallListener;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Tag;

/** What a successor driver (same framework ID) recovers from ECS, and what it does with it. */
class FailoverIT extends DriverTestBase {
  private static final Protos.FrameworkInfo FRAMEWORK = framework().toBuilder()
      .setId(Protos.FrameworkID.newBuilder().setValue("fw-failover")).build();

  private String instance;
  private String agent;

  /** One agent; the first driver launches {@code tasks} on its first offer and waits until they run. */
  private ECSSchedulerDriver firstRuns(ECSSchedulerDriver.Builder builder, Protos.TaskInfo.Builder... tasks) {
    instance = ecsLocal.addInstances(CLUSTER, 1, 2048, 2048).get(0);
    agent = instance.substring(instance.lastIndexOf('/') + 1);
    ECSSchedulerDriver first = started(builder);
    Protos.Offer offer = awaitOffer(0);
    List<Protos.TaskInfo> infos = new ArrayList<>();
    for (Protos.TaskInfo.Builder t : tasks) {
      infos.add(t.setSlaveId(offer.getSlaveId()).build());
    }
    first.launchTasks(offer.getId(), infos);
    for (Protos.TaskInfo t : infos) {
      awaitState(t.getTaskId().getValue(), TaskState.TASK_RUNNING);
    }
    return first;
  }

  private static Protos.TaskInfo.Builder task(String id, String command, double cpus, double mem) {
    return Protos.TaskInfo.newBuilder().setName(id).setTaskId(taskId(id)).addResources(scalar("cpus", cpus))
        .addResources(scalar("mem", mem)).setCommand(Protos.CommandInfo.newBuilder().setValue(command));
  }

  private static void failover(ECSSchedulerDriver first) {
    first.stop(true);
    first.join();
  }

  private ECSSchedulerDriver successor(RecordingScheduler second, ECSSchedulerDriver.Builder builder) {
    ECSSchedulerDriver driver = track(build(builder));
    driver.start();
    awaitUntil(() -> second.has("registered"));
    return driver;
  }

  private List<String> desiredRunning() {
    return ecs.listTasks(r -> r.cluster(CLUSTER).startedBy(FrameworkTags.startedBy("fw-failover"))).taskArns();
  }

  /**
   * A terminal update the framework has not acknowledged keeps its task in implicit reconciliation, as the
   * Mesos master keeps such tasks among the framework's until acknowledged.
   */
  @Test
  void implicitReconciliationIncludesTerminalTasksWhoseUpdateIsNotAcknowledged() {
    String later = taskDefinition("later", "sleep", "60");
    String forever = taskDefinition("forever", "serve");
    ECSSchedulerDriver first = firstRuns(builder(FRAMEWORK), task("ends", later, 0.1, 32),
        task("live", forever, 0.1, 32));
    failover(first);
    waiting().until(() -> desiredRunning().size() == 1);

    RecordingScheduler second = new RecordingScheduler();
    ECSSchedulerDriver successor = successor(second, builder(second, FRAMEWORK).implicitAcknowledgements(false));
    awaitUntil(() -> second.statuses().size() == 2);
    assertThat(second.last("ends").getState()).isEqualTo(TaskState.TASK_FINISHED);

    successor.reconcileTasks(List.of());
    awaitUntil(() -> second.statuses().stream().filter(s -> !s.hasUuid()).count() == 2);
    assertThat(second.statuses().stream().filter(s -> !s.hasUuid()).map(s -> s.getTaskId().getValue()))
        .containsExactlyInAnyOrder("ends", "live");

    successor.acknowledgeStatusUpdate(second.statuses("ends").get(0));
    int before = second.statuses().size();
    successor.reconcileTasks(List.of());
    awaitUntil(() -> second.statuses().size() == before + 1);
    assertThat(second.statuses().get(before).getTaskId().getValue()).isEqualTo("live");
  }

  /**
   * A sidecar marked {@code essential: false} that exits 1 does not fail a task whose essential container
   * exits 0, after a failover as before it (a successor used to count every container as essential).
   */
  @Test
  void recoveredTasksKnowTheirDefinitionsEssentialContainers() {
    ecs.registerTaskDefinition(r -> r.family("with-sidecar").containerDefinitions(
        ContainerDefinition.builder().name("main").image("busybox").memory(32).essential(true)
            .command("sleep", "150").build(),
        ContainerDefinition.builder().name("sidecar").image("busybox").memory(32).essential(false)
            .command("sh", "-c", "exit 1").build()));
    ECSSchedulerDriver first = firstRuns(builder(FRAMEWORK), task("t", "with-sidecar", 0.25, 64));
    failover(first);

    RecordingScheduler second = new RecordingScheduler();
    successor(second, builder(second, FRAMEWORK));
    awaitUntil(() -> second.last("t") != null && isTerminal(second.last("t").getState()));
    assertThat(second.last("t").getState()).isEqualTo(TaskState.TASK_FINISHED);
  }

  private static boolean isTerminal(TaskState state) {
    return com.amazonaws.ecs.mesos.internal.translate.StatusMapping.isTerminal(state);
  }

  /**
   * A task recovered while its agent is unreachable is reported lost; when the agent comes back, its ECS
   * task is stopped (the framework has replaced it), as for a task reported lost by a running driver.
   */
  @Test
  void aTaskRecoveredOnAnUnreachableAgentIsStoppedWhenTheAgentReturns() {
    String forever = taskDefinition("forever", "serve");
    ECSSchedulerDriver first = firstRuns(builder(FRAMEWORK), task("t", forever, 0.1, 32));
    failover(first);
    ecsLocal.disconnectAgent(CLUSTER, instance);
    // Recovery's listings take longer than the agent disconnect timeout (300 ms in these tests).
    ecsLocal.injectFaults("latency:ListTasks:400ms");

    RecordingScheduler second = new RecordingScheduler();
    successor(second, builder(second, FRAMEWORK));
    awaitUntil(() -> second.last("t") != null);
    assertThat(second.last("t").getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(second.last("t").getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_SLAVE_DISCONNECTED);
    assertThat(desiredRunning()).hasSize(1);

    ecsLocal.clearFaults();
    ecsLocal.reconnectAgent(CLUSTER, instance);
    waiting().until(() -> desiredRunning().isEmpty());
  }

  /**
   * Disk and host ports a recovered task took from its offer (ECS accounts neither: the definition maps no
   * ports) are not offered by the successor while the task runs.
   */
  @Test
  void recoveredTasksStillHoldTheirDiskAndPorts() {
    ecs.registerTaskDefinition(r -> r.family("host-net").networkMode(NetworkMode.HOST).containerDefinitions(
        ContainerDefinition.builder().name("main").image("busybox").memory(32).essential(true).command("serve")
            .build()));
    ECSSchedulerDriver first = firstRuns(builder(FRAMEWORK).diskPerAgentMb(1000),
        task("t", "host-net", 0.1, 32).addResources(scalar("disk", 600)).addResources(ports(31000, 31001)));
    failover(first);

    RecordingScheduler second = new RecordingScheduler();
    successor(second, builder(second, FRAMEWORK).diskPerAgentMb(1000));
    awaitUntil(() -> !second.offers().isEmpty());
    Protos.Offer offer = second.offers().get(0);
    assertThat(scalarOf(offer, "disk")).isEqualTo(400);
    assertThat(OffersIT.offeredPorts(offer)).doesNotContain(31000L, 31001L).contains(31002L);
  }

  /**
   * Two ECS tasks carrying one Mesos task ID (a double start): the successor keeps the running one the framework
   * knew and stops the newer one, still starting; keeping that one would report the task starting again.
   */
  @Test
  @EmbeddedOnly("a successor driver recovers its tasks from ECS itself; through a master the master kept them")
  void anExtraEcsTaskOfOneMesosTaskIsStopped() {
    String forever = taskDefinition("forever", "serve");
    ECSSchedulerDriver first = firstRuns(builder(FRAMEWORK), task("a", forever, 0.1, 32));
    failover(first);
    String original = desiredRunning().get(0);
    ecs.startTask(r -> r.cluster(CLUSTER).taskDefinition(forever).containerInstances(instance)
        .startedBy(FrameworkTags.startedBy("fw-failover"))
        .tags(Tag.builder().key(FrameworkTags.FRAMEWORK_ID_KEY).value("fw-failover").build(),
            Tag.builder().key(FrameworkTags.TASK_ID_KEY).value("a").build()));
    assertThat(desiredRunning()).hasSize(2);

    RecordingScheduler second = new RecordingScheduler();
    successor(second, builder(second, FRAMEWORK));
    waiting().until(() -> desiredRunning().size() == 1);
    awaitUntil(() -> second.last("a") != null);
    assertThat(second.last("a").getState()).isEqualTo(TaskState.TASK_RUNNING);
    waiting().during(300, TimeUnit.MILLISECONDS).until(() -> desiredRunning().size() == 1);
    assertThat(desiredRunning()).as("the task the framework was told runs is the one kept").containsExactly(original);
  }

  /**
   * Recovery lists the framework's RUNNING tasks, then its STOPPED ones: a task that stops between the two
   * listings is in the second. Listed at the same time (as before), it was in neither: here the RUNNING
   * listing is answered after the STOPPED one, and the task stops in between.
   */
  @Test
  @EmbeddedOnly("a successor driver recovers its tasks from ECS itself; through a master the master kept them")
  void aTaskThatStopsBetweenTheTwoListingsIsStillRecovered() throws Exception {
    String forever = taskDefinition("forever", "serve");
    ECSSchedulerDriver first = firstRuns(builder(FRAMEWORK), task("t", forever, 0.1, 32));
    failover(first);
    String arn = desiredRunning().get(0);
    CountDownLatch stoppedListed = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    ecsLocal.onCall(new CallListener() {
      @Override
      public void before(String action, String body) {
        if (!"ListTasks".equals(action) || !body.contains("startedBy") || !body.contains("\"RUNNING\"")
            || !armed.compareAndSet(true, false)) {
          return;
        }
        try {
          stoppedListed.await(1, TimeUnit.SECONDS); // listed together: let the STOPPED listing go first
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ecsLocal.call("StopTask", "{\"cluster\":\"" + CLUSTER + "\",\"task\":\"" + arn + "\"}");
      }

      @Override
      public void after(String action, String body) {
        if ("ListTasks".equals(action) && body.contains("startedBy") && body.contains("\"STOPPED\"")) {
          stoppedListed.countDown();
        }
      }
    });

    RecordingScheduler second = new RecordingScheduler();
    ECSSchedulerDriver successor = successor(second, builder(second, FRAMEWORK));
    awaitUntil(() -> second.last("t") != null);
    successor.reconcileTasks(List.of(Protos.TaskStatus.newBuilder().setTaskId(taskId("t"))
        .setState(TaskState.TASK_RUNNING).build()));
    awaitUntil(() -> second.statuses("t").stream().anyMatch(s -> !s.hasUuid()));
    assertThat(second.statuses("t").stream().filter(s -> !s.hasUuid()).findFirst().orElseThrow().getMessage())
        .isEqualTo("Reconciliation: Latest task state");
    awaitUntil(() -> second.last("t").getState() == TaskState.TASK_KILLED);
  }

  @Test
  @EmbeddedOnly("a successor driver recovers its tasks from ECS itself; through a master the master kept them")
  void theFirstOffersOfASuccessorComeAfterItsRecoveredUpdates() {
    String forever = taskDefinition("forever", "serve");
    ECSSchedulerDriver first = firstRuns(builder(FRAMEWORK).pollInterval(Duration.ofMillis(50)),
        task("t", forever, 0.1, 32));
    failover(first);
    RecordingScheduler second = new RecordingScheduler();
    successor(second, builder(second, FRAMEWORK));
    awaitUntil(() -> second.has("resourceOffers") && second.has("statusUpdate"));
    List<String> names = second.names();
    assertThat(names.indexOf("statusUpdate")).isLessThan(names.indexOf("resourceOffers"));
    assertThat(names.get(0)).isEqualTo("registered");
  }
}
