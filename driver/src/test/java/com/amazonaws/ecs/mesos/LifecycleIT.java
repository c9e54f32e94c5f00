package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;

/** start/stop/abort/join/run semantics, registration and configuration. */
class LifecycleIT extends DriverTestBase {

  @Test
  void constructorsRejectNullArguments() {
    Protos.FrameworkInfo fw = framework();
    assertThatThrownBy(() -> new ECSSchedulerDriver(null, fw, "ecs://x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ECSSchedulerDriver(scheduler, null, "ecs://x"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ECSSchedulerDriver(scheduler, fw, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ECSSchedulerDriver(scheduler, fw, "ecs://x", (Protos.Credential) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ECSSchedulerDriver(scheduler, fw, null, "ecs://x", true))
        .isInstanceOf(NullPointerException.class);
    assertThat(new ECSSchedulerDriver(scheduler, fw, List.of("r"), "zk://localhost:2181/mesos", false,
        Protos.Credential.newBuilder().setPrincipal("p").build()).join()).isEqualTo(Status.DRIVER_NOT_STARTED);
  }

  @Test
  void neverStartedDriverJoinsAtOnceAndIgnoresCalls() {
    ECSSchedulerDriver driver = builder(framework()).build();
    assertThat(driver.join()).isEqualTo(Status.DRIVER_NOT_STARTED);
    assertThat(driver.reviveOffers()).isEqualTo(Status.DRIVER_NOT_STARTED);
    assertThat(driver.stop()).isEqualTo(Status.DRIVER_NOT_STARTED);
    assertThat(driver.abort()).isEqualTo(Status.DRIVER_NOT_STARTED);
  }

  @Test
  void registersWithAssignedFrameworkIdAndMasterInfo() {
    ECSSchedulerDriver driver = started(builder(framework()));
    assertThat(driver.start()).isEqualTo(Status.DRIVER_RUNNING);

    assertThat(scheduler.names()).first().isEqualTo("registered");
    assertThat(scheduler.frameworkId().getValue()).isNotEmpty();
    Protos.MasterInfo master = scheduler.masterInfo();
    assertThat(master.getVersion()).isEqualTo("1.11.0");
    assertThat(master.getId()).isNotEmpty();
    assertThat(master.getHostname()).isEqualTo("127.0.0.1");
    assertThat(master.getDomain().getFaultDomain().getRegion().getName()).isEqualTo("us-east-1");
    assertThat(scheduler.threads()).doesNotContain(Thread.currentThread());
  }

  @Test
  @EmbeddedOnly("the embedded driver's master is the ECS endpoint; a master names itself")
  void theEmbeddedDriversMasterIsTheEcsEndpointAndCluster() {
    started(builder(framework()));
    Protos.MasterInfo master = scheduler.masterInfo();
    assertThat(master.getId()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:cluster/test");
    assertThat(master.getPort()).isEqualTo(ecsLocal.port());
  }

  @Test
  void frameworkWithIdIsRegisteredUnderThatId() {
    Protos.FrameworkInfo fw = framework().toBuilder().setId(Protos.FrameworkID.newBuilder().setValue("fw-42")).build();
    started(builder(fw));
    assertThat(scheduler.frameworkId().getValue()).isEqualTo("fw-42");
  }

  @Test
  @EmbeddedOnly("an ecs:// master string selects embedded mode")
  void clusterFromMasterString() {
    ECSSchedulerDriver driver = track(ECSSchedulerDriver.builder(scheduler, framework()).ecsClient(ecs)
        .hostnamesFromEc2(false).master("ecs://" + CLUSTER + "?region=us-east-1").build());
    driver.start();
    awaitUntil(() -> scheduler.has("registered"));
    assertThat(scheduler.masterInfo().getId()).endsWith("cluster/" + CLUSTER);
  }

  @Test
  @EmbeddedOnly("the cluster is the master's setting: a master on a missing cluster does not start")
  void missingClusterAbortsWithError() {
    ECSSchedulerDriver driver = track(build(builder(framework()).cluster("no-such-cluster")));
    assertThat(driver.start()).isEqualTo(Status.DRIVER_RUNNING);
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    awaitUntil(() -> scheduler.has("error"));
    assertThat(scheduler.names()).containsExactly("error");
    assertThat((String) scheduler.args("error").get(0)).contains("no-such-cluster");
  }

  @Test
  @EmbeddedOnly("an ecs:// master string selects embedded mode")
  void malformedEcsMasterStringAbortsWithError() {
    ECSSchedulerDriver driver = track(ECSSchedulerDriver.builder(scheduler, framework()).ecsClient(ecs)
        .master("ecs://" + CLUSTER + "?zone=us-east-1a").build());
    driver.start();
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    awaitUntil(() -> scheduler.has("error"));
    assertThat((String) scheduler.args("error").get(0)).contains("zone");
  }

  @Test
  void runReturnsWhenStoppedFromACallback() throws Exception {
    scheduler.onRegistered = (d, id) -> assertThat(d.stop()).isEqualTo(Status.DRIVER_STOPPED);
    ECSSchedulerDriver driver = track(build(builder(framework())));
    CompletableFuture<Status> run = CompletableFuture.supplyAsync(driver::run);
    assertThat(run.get(15, TimeUnit.SECONDS)).isEqualTo(Status.DRIVER_STOPPED);
    assertThat(driver.start()).isEqualTo(Status.DRIVER_STOPPED);
    assertThat(driver.reviveOffers()).isEqualTo(Status.DRIVER_STOPPED);
  }

  @Test
  void abortStopsCallbacksAndStopAfterAbortReturnsAborted() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    awaitOffer(0);
    assertThat(driver.abort()).isEqualTo(Status.DRIVER_ABORTED);
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    int callbacks = scheduler.events().size();
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    assertThat(driver.reviveOffers()).isEqualTo(Status.DRIVER_ABORTED);
    waiting().during(300, TimeUnit.MILLISECONDS).until(() -> scheduler.events().size() == callbacks);
    assertThat(driver.stop()).isEqualTo(Status.DRIVER_ABORTED);
    assertThat(driver.join()).isEqualTo(Status.DRIVER_STOPPED);
  }

  @Test
  void throwingCallbackAbortsWithoutError() {
    scheduler.onRegistered = (d, id) -> {
      throw new IllegalStateException("boom");
    };
    ECSSchedulerDriver driver = track(build(builder(framework())));
    driver.start();
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    assertThat(scheduler.names()).containsExactly("registered");
  }

  @Test
  void explicitAcknowledgementWithImplicitAcknowledgementsIsAnError() {
    ECSSchedulerDriver driver = started(builder(framework()));
    driver.acknowledgeStatusUpdate(Protos.TaskStatus.newBuilder().setTaskId(taskId("x"))
        .setState(TaskState.TASK_RUNNING).build());
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    awaitUntil(() -> scheduler.has("error")); // Mesos's order: abort, then error()
    assertThat(scheduler.names()).containsExactly("registered", "error");
  }

  /** A driver whose two tasks, "a" and "b", run. */
  private ECSSchedulerDriver twoTasksRunning() {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    String def = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("a", offer, def, 0.25, 64), task("b", offer, def, 0.25, 64)));
    awaitState("a", TaskState.TASK_RUNNING);
    awaitState("b", TaskState.TASK_RUNNING);
    return driver;
  }

  private List<String> tasksDesiredRunning() {
    String startedBy = com.amazonaws.ecs.mesos.internal.translate.FrameworkTags.startedBy(
        scheduler.frameworkId().getValue());
    return ecs.listTasks(r -> r.cluster(CLUSTER).startedBy(startedBy).desiredStatus(DesiredStatus.RUNNING))
        .taskArns();
  }

  @Test
  void stopWithoutFailoverStopsTheFrameworksTasks() {
    ECSSchedulerDriver driver = twoTasksRunning();
    assertThat(driver.stop(false)).isEqualTo(Status.DRIVER_STOPPED);
    assertThat(driver.join()).isEqualTo(Status.DRIVER_STOPPED);
    assertThat(tasksDesiredRunning()).isEmpty();
  }

  @Test
  void failoverStopAndAbortLeaveTasksRunning() {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    String def = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(offer.getId(), List.of(task("a", offer, def, 0.25, 64)));
    awaitState("a", TaskState.TASK_RUNNING);
    assertThat(driver.stop(true)).isEqualTo(Status.DRIVER_STOPPED);
    assertThat(driver.join()).isEqualTo(Status.DRIVER_STOPPED);

    RecordingScheduler second = new RecordingScheduler();
    ECSSchedulerDriver other = track(build(builder(second, framework())));
    other.start();
    awaitUntil(() -> second.has("registered"));
    assertThat(other.abort()).isEqualTo(Status.DRIVER_ABORTED);

    String startedBy = com.amazonaws.ecs.mesos.internal.translate.FrameworkTags.startedBy(
        scheduler.frameworkId().getValue());
    assertThat(ecs.listTasks(r -> r.cluster(CLUSTER).startedBy(startedBy).desiredStatus(DesiredStatus.RUNNING))
        .taskArns()).hasSize(1);
  }

  @Test
  void callsEcsCannotServeAreHarmless() {
    ECSSchedulerDriver driver = started(builder(framework()));
    assertThat(driver.sendFrameworkMessage(Protos.ExecutorID.newBuilder().setValue("e").build(),
        Protos.SlaveID.newBuilder().setValue("s").build(), new byte[] {1})).isEqualTo(Status.DRIVER_RUNNING);
    assertThat(driver.requestResources(List.of(Protos.Request.getDefaultInstance())))
        .isEqualTo(Status.DRIVER_RUNNING);
    assertThat(driver.updateFramework(framework(), List.of(),
        org.apache.mesos.scheduler.Protos.OfferConstraints.getDefaultInstance())).isEqualTo(Status.DRIVER_RUNNING);
    assertThat(driver.suppressOffers(List.of())).isEqualTo(Status.DRIVER_RUNNING);
    driver.reconcileTasks(List.of());
    waiting().during(200, TimeUnit.MILLISECONDS).until(() -> scheduler.names().equals(List.of("registered")));
    assertThat(driver.stop()).isEqualTo(Status.DRIVER_STOPPED);
  }

  /** This driver's threads: its loop ({@code ecs-scheduler-driver-N}) and every thread named after it. */
  private static List<String> threadsOf(String loopThread) {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.equals(loopThread) || n.startsWith(loopThread + "-")).toList();
  }

  private static java.util.Set<javax.management.ObjectName> mbeans(String frameworkName) throws Exception {
    return java.lang.management.ManagementFactory.getPlatformMBeanServer().queryNames(new javax.management.ObjectName(
        "com.amazonaws.ecs.mesos:type=ECSSchedulerDriver,framework=" + javax.management.ObjectName.quote(frameworkName)
            + ",*"), null);
  }

  /**
   * An aborted driver keeps nothing running: its loop, I/O and timer threads end and its metrics are
   * unregistered from JMX (they used to stay until the JVM exited), so a framework can build a new driver in
   * the same process as Mesos's documentation suggests.
   */
  @Test
  @EmbeddedOnly("releases the embedded driver's ECS threads and clients; connected to a master, an abort only stops callbacks (libmesos)")
  void abortReleasesTheDriversThreadsAndJmxRegistration() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    Protos.FrameworkInfo fw = framework().toBuilder().setName("abort-me").build();
    ECSSchedulerDriver driver = started(builder(fw));
    awaitOffer(0);
    String loop = scheduler.threads().iterator().next().getName();
    assertThat(threadsOf(loop)).contains(loop).hasSizeGreaterThan(1);
    assertThat(mbeans("abort-me")).hasSize(1);

    assertThat(driver.abort()).isEqualTo(Status.DRIVER_ABORTED);
    waiting().until(() -> threadsOf(loop).isEmpty() && mbeans("abort-me").isEmpty());
  }

  @Test
  @EmbeddedOnly("the cluster is the master's setting: a master on a missing cluster does not start")
  void anErrorReleasesTheDriversThreads() throws Exception {
    ECSSchedulerDriver driver = track(build(builder(framework().toBuilder().setName("error-me").build())
        .cluster("no-such-cluster")));
    driver.start();
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    awaitUntil(() -> scheduler.has("error"));
    String loop = scheduler.threads().iterator().next().getName();
    waiting().until(() -> threadsOf(loop).isEmpty() && mbeans("error-me").isEmpty());
  }

  /** As Mesos's driver, {@code stop(false)} after {@code abort()} still ends the framework's tasks. */
  @Test
  void stopWithoutFailoverAfterAbortStillStopsTheTasks() {
    ECSSchedulerDriver driver = twoTasksRunning();
    assertThat(driver.abort()).isEqualTo(Status.DRIVER_ABORTED);
    assertThat(driver.stop(false)).isEqualTo(Status.DRIVER_ABORTED);
    assertThat(driver.join()).isEqualTo(Status.DRIVER_STOPPED);
    assertThat(tasksDesiredRunning()).isEmpty();
  }
}
