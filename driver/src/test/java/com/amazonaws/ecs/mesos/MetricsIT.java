package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** What {@link ECSSchedulerDriver#metrics()} counts, against ecs-local through the real SDK client. */
@EmbeddedOnly("the embedded driver's own ECS calls, offers and JMX bean; through a master they are the master's")
class MetricsIT extends DriverTestBase {

  @Test
  void beforeStartEverythingIsZero() {
    ECSSchedulerDriver driver = track(build(builder(framework())));

    DriverMetrics m = driver.metrics();

    assertThat(m.ecsCallsTotal()).isZero();
    assertThat(m.offersMade()).isZero();
    assertThat(m.tasksLaunched()).isZero();
    assertThat(m.statusUpdates()).isEmpty();
    assertThat(m.statusLatencyCount()).isZero();
    assertThat(m.statusLatencyMillis(0.99)).isEqualTo(-1);
  }

  @Test
  void aFinishedTaskIsCountedInCallsOffersLaunchesUpdatesAndLatency() {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 4096);
    String def = taskDefinition("short", "sleep", "5");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);

    driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, def, 0.5, 128)));
    awaitState("t1", TaskState.TASK_FINISHED);

    DriverMetrics m = driver.metrics();
    assertThat(m.ecsCalls().get(LAUNCH)).containsEntry("ok", 1L);
    assertThat(m.ecsCalls().get("DescribeClusters")).containsEntry("ok", 1L);
    assertThat(m.ecsCalls("DescribeTasks")).isPositive();
    assertThat(m.ecsCallsTotal()).isGreaterThanOrEqualTo(m.ecsCalls(LAUNCH) + m.ecsCalls("DescribeTasks"));
    assertThat(m.offersMade()).isGreaterThanOrEqualTo(1);
    assertThat(m.offersAccepted()).isEqualTo(1);
    assertThat(m.tasksLaunched()).isEqualTo(1);
    assertThat(m.statusUpdates()).containsEntry("TASK_RUNNING", 1L).containsEntry("TASK_FINISHED", 1L);
    // RUNNING (startedAt) and FINISHED (stoppedAt) carry ECS's timestamps, so both have a latency.
    assertThat(m.statusLatencyCount()).isGreaterThanOrEqualTo(2);
    assertThat(m.statusLatencyMillis(0.5)).isGreaterThanOrEqualTo(0);
    assertThat(m.throttled()).isZero();
    assertThat(m.loopQueueDepth()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void aTaskRefusedAtLaunchCountsItsTaskErrorButNoLaunch() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 2048);
    String def = taskDefinition("short", "sleep", "5");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);

    driver.launchTasks(List.of(offer.getId()), List.of(task("too-big", offer, def, 8.0, 128)));
    awaitState("too-big", TaskState.TASK_ERROR);

    DriverMetrics m = driver.metrics();
    assertThat(m.statusUpdates()).containsEntry("TASK_ERROR", 1L);
    assertThat(m.tasksLaunched()).isZero();
    assertThat(m.ecsCalls(LAUNCH)).isZero();
  }

  @Test
  void throttledCallsAndTheirRetriesAreCounted() {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 4096);
    String def = taskDefinition("short", "sleep", "5");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    ecsLocal.injectFaults("throttle:" + LAUNCH + ":x2");

    driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, def, 0.5, 128)));
    awaitState("t1", TaskState.TASK_RUNNING);

    DriverMetrics m = driver.metrics();
    assertThat(m.ecsCalls().get(LAUNCH)).containsEntry("throttled", 2L).containsEntry("ok", 1L);
    assertThat(m.throttled()).isEqualTo(2);
    assertThat(m.retries()).isGreaterThanOrEqualTo(2);
    assertThat(m.ecsCalls(LAUNCH)).isEqualTo(ecsLocal.stats().calls().get(LAUNCH));
  }

  @Test
  void declinesAndLiveTasksByStateAreCounted() {
    ecsLocal.addInstances(CLUSTER, 2, 2048, 4096);
    String def = taskDefinition("long", "sleep", "3600");
    ECSSchedulerDriver driver = started(builder(framework()));
    awaitUntil(() -> scheduler.offers().size() >= 2);
    Protos.Offer first = scheduler.offers().get(0);
    Protos.Offer second = scheduler.offers().get(1);

    driver.declineOffer(second.getId(), Protos.Filters.newBuilder().setRefuseSeconds(3600).build());
    driver.launchTasks(List.of(first.getId()), List.of(task("t1", first, def, 0.5, 128)));
    awaitState("t1", TaskState.TASK_RUNNING);

    awaitUntil(() -> driver.metrics().tasksByState().getOrDefault("TASK_RUNNING", 0) == 1);
    assertThat(driver.metrics().offersDeclined()).isEqualTo(1);
    assertThat(driver.metrics().tasksByState()).containsOnlyKeys("TASK_RUNNING");
  }

  @Test
  void aRunningDriverIsReadableOverJmxUntilItStops() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 4096);
    String def = taskDefinition("short", "sleep", "5");
    javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    javax.management.ObjectName pattern = new javax.management.ObjectName(
        "com.amazonaws.ecs.mesos:type=ECSSchedulerDriver,framework=\"jmx test\",*");
    ECSSchedulerDriver driver = started(builder(Protos.FrameworkInfo.newBuilder().setName("jmx test").setUser("")
        .build()));
    Protos.Offer offer = awaitOffer(0);
    driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, def, 0.5, 128)));
    awaitState("t1", TaskState.TASK_FINISHED);

    java.util.Set<javax.management.ObjectName> names = server.queryNames(pattern, null);
    assertThat(names).hasSize(1);
    javax.management.ObjectName name = names.iterator().next();
    assertThat(server.getAttribute(name, "TasksLaunched")).isEqualTo(1L);
    assertThat((Long) server.getAttribute(name, "EcsCallsTotal")).isGreaterThanOrEqualTo(2L);
    javax.management.openmbean.TabularData updates =
        (javax.management.openmbean.TabularData) server.getAttribute(name, "StatusUpdates");
    assertThat(updates.get(new Object[] {"TASK_FINISHED"}).get("value")).isEqualTo(1L);

    driver.stop(false);
    awaitUntil(() -> server.queryNames(pattern, null).isEmpty());
  }

  @Test
  void jmxCanBeSwitchedOff() throws Exception {
    javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    javax.management.ObjectName pattern = new javax.management.ObjectName(
        "com.amazonaws.ecs.mesos:type=ECSSchedulerDriver,framework=\"no jmx\",*");
    started(builder(Protos.FrameworkInfo.newBuilder().setName("no jmx").setUser("").build()).jmx(false));

    assertThat(server.queryNames(pattern, null)).isEmpty();
  }
}
