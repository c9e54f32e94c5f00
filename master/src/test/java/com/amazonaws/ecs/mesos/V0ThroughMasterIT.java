package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.mesos.master.EcsMesosMaster;
import com.amazonaws.ecs.mesos.master.EcsMesosMasterBuilder;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;

/**
 * What a V0 driver connected to a master has that an embedded driver has not: a master that restarts (the
 * driver is disconnected, then re-registered, and the new master recovers every task from ECS), a framework
 * the master keeps while its scheduler fails over, {@code failover_timeout}, credentials, a master that is not
 * up yet, and a redirect to the leader. The rest of the contract is the driver module's suites, run through a
 * master by the {@code driver-suites-through-master} execution.
 */
class V0ThroughMasterIT extends DriverTestBase {
  private final List<EcsMesosMaster> masters = new ArrayList<>();

  @AfterEach
  void stopMasters() {
    masters.forEach(EcsMesosMaster::close);
  }

  private EcsMesosMasterBuilder masterBuilder() {
    return EcsMesosMaster.builder().ecsClient(ecs).ec2Client(ec2).cluster(CLUSTER).port(0)
        .pollInterval(Duration.ofMillis(50)).offerInterval(Duration.ofMillis(50))
        .agentDisconnectTimeout(Duration.ofMillis(300)).heartbeatInterval(Duration.ofMillis(300));
  }

  private EcsMesosMaster start(EcsMesosMasterBuilder b) throws Exception {
    EcsMesosMaster m = b.build().start();
    masters.add(m);
    return m;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Protos.FrameworkInfo framework(double failoverTimeoutSeconds) {
    return framework().toBuilder().setFailoverTimeout(failoverTimeoutSeconds).build();
  }

  private List<String> ecsTaskArns(DesiredStatus desired) {
    return ecs.listTasksPaginator(r -> r.cluster(CLUSTER).desiredStatus(desired)).taskArns().stream().toList();
  }

  /**
   * {@code stop(false)} through a master keeps the embedded guarantee: {@code join()} returns once ECS has
   * accepted a StopTask for every task (the master answers TEARDOWN then), even when ECS is slow to.
   */
  @Test
  void stopWithoutFailoverReturnsFromJoinOnceEveryTaskIsStopped() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 4096, 4096);
    String forever = taskDefinition("forever", "serve");
    EcsMesosMaster master = start(masterBuilder());
    ECSSchedulerDriver driver = started(builder(framework(3600)).master(master.url().toString()));
    Protos.Offer offer = awaitOffer(0);
    List<Protos.TaskInfo> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tasks.add(task("t" + i, offer, forever, 0.1, 32));
    }
    driver.launchTasks(offer.getId(), tasks);
    awaitUntil(() -> scheduler.statuses().stream().filter(s -> s.getState() == TaskState.TASK_RUNNING).count() == 5);
    ecsLocal.injectFaults("latency:StopTask:300ms");

    assertThat(driver.stop(false)).isEqualTo(Status.DRIVER_STOPPED);
    assertThat(driver.join()).isEqualTo(Status.DRIVER_STOPPED);

    assertThat(ecsTaskArns(DesiredStatus.RUNNING)).isEmpty();
  }

  @Test
  void aRestartedMasterRecoversEveryTaskAndTheDriverReregisters() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 8192, 16384);
    String forever = taskDefinition("forever", "serve");
    int port = freePort();
    EcsMesosMaster first = start(masterBuilder().port(port));
    ECSSchedulerDriver driver = started(builder(framework(3600)).master(first.url().toString()));
    Protos.Offer offer = awaitOffer(0);
    List<Protos.TaskInfo> many = new ArrayList<>();
    for (int i = 0; i < 130; i++) { // more than a page of ListTasks (100)
      many.add(task("t" + i, offer, forever, 0.05, 32));
    }
    driver.launchTasks(offer.getId(), many, Protos.Filters.newBuilder().setRefuseSeconds(0).build());
    awaitUntil(() -> scheduler.statuses().stream().filter(s -> s.getState() == TaskState.TASK_RUNNING).count() == 130);
    awaitUntil(() -> scheduler.offers().size() > 1);
    Protos.Offer heldAcrossTheRestart = scheduler.offers().get(scheduler.offers().size() - 1);

    first.close();
    awaitUntil(() -> scheduler.has("disconnected"));
    // libmesos's answer to a launch while the master is away, without asking anyone.
    driver.launchTasks(heldAcrossTheRestart.getId(), List.of(task("while-away", heldAcrossTheRestart, forever, 0.05,
        32)));
    awaitUntil(() -> !scheduler.statuses("while-away").isEmpty());
    assertThat(scheduler.last("while-away").getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(scheduler.last("while-away").getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_MASTER_DISCONNECTED);
    int before = scheduler.statuses().size();

    start(masterBuilder().port(port));
    awaitUntil(() -> scheduler.has("reregistered"));
    List<String> names = scheduler.names();
    assertThat(names.subList(names.indexOf("disconnected"), names.indexOf("reregistered")))
        .as("nothing but the driver's own TASK_LOST while disconnected").containsOnly("disconnected", "statusUpdate");
    // The new master recovers the framework's tasks from ECS (every page) and reports each one's state.
    awaitUntil(() -> scheduler.statuses().size() >= before + 130);
    List<Protos.TaskStatus> recovered = scheduler.statuses().subList(before, before + 130);
    assertThat(recovered).allSatisfy(s -> assertThat(s.getState()).isEqualTo(TaskState.TASK_RUNNING));
    assertThat(recovered.stream().map(s -> s.getTaskId().getValue()).distinct()).hasSize(130);
    assertThat(ecsTaskArns(DesiredStatus.RUNNING)).hasSize(130);

    driver.reconcileTasks(List.of());
    awaitUntil(() -> scheduler.statuses().stream().filter(s -> s.getReason()
        == Protos.TaskStatus.Reason.REASON_RECONCILIATION).count() == 130);
    assertThat(scheduler.count("error")).isZero();
  }

  @Test
  void aFailedOverSchedulerGetsWhatItsPredecessorLeftUnacknowledged() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    String forever = taskDefinition("forever", "serve");
    String later = taskDefinition("later", "sleep", "100"); // 1 s of cluster time
    EcsMesosMaster master = start(masterBuilder());
    Protos.FrameworkInfo fw = framework(3600).toBuilder().setId(Protos.FrameworkID.newBuilder().setValue("fw-v0"))
        .build();
    ECSSchedulerDriver first = started(builder(fw).master(master.url().toString()));
    Protos.Offer offer = awaitOffer(0);
    first.launchTasks(offer.getId(), List.of(task("live", offer, forever, 0.1, 32),
        task("ends-while-away", offer, later, 0.1, 32)));
    awaitState("live", TaskState.TASK_RUNNING);
    awaitState("ends-while-away", TaskState.TASK_RUNNING);
    first.stop(true);
    first.join();
    waiting().until(() -> ecsTaskArns(DesiredStatus.STOPPED).size() == 1);
    assertThat(ecsTaskArns(DesiredStatus.RUNNING)).as("the master kept the framework's tasks").hasSize(1);

    RecordingScheduler second = new RecordingScheduler();
    ECSSchedulerDriver successor = track(builder(second, fw).master(master.url().toString()).build());
    successor.start();
    awaitUntil(() -> second.has("registered"));
    assertThat(second.frameworkId().getValue()).isEqualTo("fw-v0");
    awaitUntil(() -> second.last("ends-while-away") != null);
    assertThat(second.last("ends-while-away").getState()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(second.last("ends-while-away").hasUuid()).isTrue();
    // What the predecessor acknowledged is not sent again (Mesos): "live" only answers a reconciliation.
    waiting().during(300, TimeUnit.MILLISECONDS).until(() -> second.statuses("live").isEmpty());
    successor.reconcileTasks(List.of(Protos.TaskStatus.newBuilder().setTaskId(taskId("live"))
        .setState(TaskState.TASK_RUNNING).build()));
    awaitUntil(() -> second.last("live") != null);
    assertThat(second.last("live").getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(second.last("live").getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_RECONCILIATION);
  }

  /**
   * As in Mesos, and unlike an embedded driver (which is its own master): a framework without a
   * {@code failover_timeout} is removed when its scheduler goes, and its tasks are killed.
   */
  @Test
  void withoutAFailoverTimeoutTheMasterRemovesTheFrameworkWhenItsDriverStops() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    String forever = taskDefinition("forever", "serve");
    EcsMesosMaster master = start(masterBuilder());
    ECSSchedulerDriver driver = started(builder(framework()).master(master.url().toString()));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("t", offer, forever, 0.1, 32)));
    awaitState("t", TaskState.TASK_RUNNING);
    driver.stop(true);
    driver.join();
    waiting().until(() -> ecsTaskArns(DesiredStatus.RUNNING).isEmpty());
  }

  @Test
  void credentialsOfTheDriverAuthenticateItAndWrongOnesAreAnError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(file, "{\"credentials\":[{\"principal\":\"marathon\",\"secret\":\"m4rathon-s3cret\"}]}");
    EcsMesosMaster master = start(masterBuilder().credentials(
        com.amazonaws.ecs.mesos.master.internal.Credentials.read(file)));
    Protos.FrameworkInfo fw = framework().toBuilder().setPrincipal("marathon").build();
    started(builder(fw).master(master.url().toString())
        .credential(Protos.Credential.newBuilder().setPrincipal("marathon").setSecret("m4rathon-s3cret").build()));
    assertThat(scheduler.names()).first().isEqualTo("registered");

    RecordingScheduler wrong = new RecordingScheduler();
    ECSSchedulerDriver impostor = track(builder(wrong, fw).master(master.url().toString())
        .credential(Protos.Credential.newBuilder().setPrincipal("marathon").setSecret("guess").build()).build());
    impostor.start();
    assertThat(impostor.join()).isEqualTo(Status.DRIVER_ABORTED);
    awaitUntil(() -> wrong.has("error"));
    assertThat((String) wrong.args("error").get(0)).contains("401").doesNotContain("guess");
    assertThat(wrong.names()).containsExactly("error");
  }

  @Test
  void aMasterThatIsNotUpYetIsWaitedFor() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    int port = freePort();
    // A bare host:port, as Marathon's --master: nothing names an ECS cluster, so the driver connects.
    ECSSchedulerDriver driver = track(ECSSchedulerDriver.builder(scheduler, framework())
        .environment(java.util.Map.of()).master("127.0.0.1:" + port).build());
    driver.start();
    waiting().during(500, TimeUnit.MILLISECONDS).until(() -> scheduler.names().isEmpty());
    start(masterBuilder().port(port));
    awaitUntil(() -> scheduler.has("registered"));
    awaitOffer(0);
    assertThat(scheduler.names()).doesNotContain("error", "disconnected");
  }

  @Test
  void aRedirectLeadsToTheLeadingMaster() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    EcsMesosMaster leader = start(masterBuilder());
    HttpServer follower = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    follower.createContext("/", exchange -> {
      // What a Mesos master that is not the leader answers.
      exchange.getResponseHeaders().add("Location", "//127.0.0.1:" + leader.port() + "/api/v1/scheduler");
      exchange.sendResponseHeaders(307, -1);
      exchange.close();
    });
    follower.start();
    try {
      String taskDef = taskDefinition("short", "sleep", "10");
      ECSSchedulerDriver driver = started(builder(framework()).master("http://127.0.0.1:"
          + follower.getAddress().getPort()));
      Protos.Offer offer = awaitOffer(0);
      driver.launchTasks(offer.getId(), List.of(task("t", offer, taskDef, 0.1, 32)));
      awaitState("t", TaskState.TASK_FINISHED);
    } finally {
      follower.stop(0);
    }
  }

  @Test
  void aMasterAddressThatCannotBeUsedAbortsWithAnError() {
    ECSSchedulerDriver driver = track(builder(framework()).master("http:///nowhere").build());
    driver.start();
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    awaitUntil(() -> scheduler.has("error"));
    assertThat((String) scheduler.args("error").get(0)).contains("no host");
  }

  @Test
  void anEcsClientGivenToTheBuilderKeepsABareHostPortEmbedded() {
    // Deployments that name their cluster keep working as before whatever --master says (the environment
    // variable AWS_ECS_CLUSTER does the same: MasterAddressTest).
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = track(ECSSchedulerDriver.builder(scheduler, framework()).ecsClient(ecs).ec2Client(ec2)
        .cluster(CLUSTER).environment(java.util.Map.of()).master("127.0.0.1:5050")
        .pollInterval(Duration.ofMillis(50)).offerInterval(Duration.ofMillis(50)).build());
    driver.start();
    awaitUntil(() -> scheduler.has("registered"));
    assertThat(scheduler.masterInfo().getId()).as("ECS is the master").endsWith("cluster/" + CLUSTER);
    awaitOffer(0);
  }
}
