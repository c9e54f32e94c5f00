package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.InstanceSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;

/** Offers: contents, filters, decline, suppress/revive, rescind, lost agents. */
class OffersIT extends DriverTestBase {

  static Protos.Filters refuse(double seconds) {
    return Protos.Filters.newBuilder().setRefuseSeconds(seconds).build();
  }

  /** Every port the offer's {@code ports} resource holds. */
  static List<Long> offeredPorts(Protos.Offer offer) {
    List<Long> out = new java.util.ArrayList<>();
    for (Protos.Resource r : offer.getResourcesList()) {
      if (r.getName().equals("ports")) {
        for (Protos.Value.Range range : r.getRanges().getRangeList()) {
          for (long p = range.getBegin(); p <= range.getEnd(); p++) {
            out.add(p);
          }
        }
      }
    }
    return out;
  }

  @Test
  void theMasterStringCanWidenTheOfferedPorts() {
    ecsLocal.addInstance(InstanceSpec.of(2048, 4096).inCluster(CLUSTER));
    // Frameworks built with the constructors (Marathon) can only use the master string.
    started(builder(framework()).master("ecs://" + CLUSTER + "?ports=80,31000-32000"));
    Protos.Resource ports = awaitOffer(0).getResourcesList().stream().filter(r -> r.getName().equals("ports"))
        .findFirst().orElseThrow();
    assertThat(ports.getRanges().getRangeList()).extracting(r -> r.getBegin() + "-" + r.getEnd())
        .containsExactly("80-80", "31000-32000");
  }

  @Test
  void offerDescribesTheContainerInstance() {
    String arn = ecsLocal.addInstance(InstanceSpec.of(2048, 4096).inCluster(CLUSTER).withZone("us-east-1b")
        .withAttribute("stack", "blue"));
    started(builder(framework()).diskPerAgentMb(5000));
    Protos.Offer offer = awaitOffer(0);

    assertThat(offer.getSlaveId().getValue()).isEqualTo(arn.substring(arn.lastIndexOf('/') + 1));
    assertThat(offer.getFrameworkId()).isEqualTo(scheduler.frameworkId());
    assertThat(offer.getHostname()).matches("ip-10-0-\\d+-\\d+\\.ec2\\.internal");
    assertThat(scalarOf(offer, "cpus")).isEqualTo(2.0);
    assertThat(scalarOf(offer, "mem")).isEqualTo(4096.0);
    assertThat(scalarOf(offer, "disk")).isEqualTo(5000.0);
    Protos.Resource ports = offer.getResourcesList().stream().filter(r -> r.getName().equals("ports")).findFirst()
        .orElseThrow();
    assertThat(ports.getRanges().getRange(0).getBegin()).isEqualTo(31000);
    assertThat(ports.getRanges().getRange(0).getEnd()).isEqualTo(32000);
    assertThat(offer.getResourcesList()).allSatisfy(r -> assertThat(r.getAllocationInfo().getRole()).isEqualTo("*"));
    assertThat(offer.getAllocationInfo().getRole()).isEqualTo("*");
    assertThat(offer.getAttributesList()).anySatisfy(a -> {
      assertThat(a.getName()).isEqualTo("stack");
      assertThat(a.getText().getValue()).isEqualTo("blue");
    });
    assertThat(offer.getDomain().getFaultDomain().getZone().getName()).isEqualTo("us-east-1b");
    assertThat(offer.getDomain().getFaultDomain().getRegion().getName()).isEqualTo("us-east-1");
  }

  @Test
  void oneOfferPerAgentUntilDeclinedAndRefusedForTheFilterTime() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer first = awaitOffer(0);
    waiting().during(200, TimeUnit.MILLISECONDS).until(() -> scheduler.offers().size() == 1);

    driver.declineOffer(first.getId(), refuse(0.5));
    long declined = System.nanoTime();
    Protos.Offer second = awaitOffer(1);
    assertThat(System.nanoTime() - declined).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(450));
    assertThat(second.getId()).isNotEqualTo(first.getId());
    assertThat(second.getSlaveId()).isEqualTo(first.getSlaveId());
  }

  @Test
  void declineWithoutFilterRefusesForTheDefaultAndReviveClearsIt() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    driver.declineOffer(awaitOffer(0).getId());
    waiting().during(500, TimeUnit.MILLISECONDS).until(() -> scheduler.offers().size() == 1);
    driver.reviveOffers();
    awaitOffer(1);
  }

  @Test
  void suppressStopsOffersAndReviveRolesResumesThem() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    driver.suppressOffers();
    driver.declineOffer(offer.getId(), refuse(0));
    waiting().during(300, TimeUnit.MILLISECONDS).until(() -> scheduler.offers().size() == 1);
    assertThat(driver.reviveOffers(List.of())).isEqualTo(Protos.Status.DRIVER_RUNNING); // empty: no-op
    waiting().during(200, TimeUnit.MILLISECONDS).until(() -> scheduler.offers().size() == 1);
    driver.reviveOffers(List.of("*"));
    awaitOffer(1);
  }

  @Test
  void suppressedRolesFromTheConstructorAndUpdateFramework() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = started(builder(framework()).suppressedRoles(List.of("*")));
    waiting().during(300, TimeUnit.MILLISECONDS).until(() -> scheduler.offers().isEmpty());
    driver.updateFramework(framework(), List.of());
    Protos.Offer offer = awaitOffer(0);
    driver.updateFramework(framework(), Set.of("*"));
    driver.declineOffer(offer.getId(), refuse(0));
    waiting().during(300, TimeUnit.MILLISECONDS).until(() -> scheduler.offers().size() == 1);
  }

  @Test
  void multiRoleFrameworkGetsOffersForItsFirstUnsuppressedRole() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    Protos.FrameworkInfo fw = framework(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE).toBuilder()
        .addRoles("web").addRoles("batch").build();
    ECSSchedulerDriver driver = started(builder(fw).suppressedRoles(List.of("web")));
    Protos.Offer offer = awaitOffer(0);
    assertThat(offer.getAllocationInfo().getRole()).isEqualTo("batch");
    driver.suppressOffers(List.of("batch"));
    driver.declineOffer(offer.getId(), refuse(0));
    waiting().during(300, TimeUnit.MILLISECONDS).until(() -> scheduler.offers().size() == 1);
  }

  @Test
  void whatALaunchTakesIsNeverOfferedAgainAndOfferIdsAreUnique() {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    String def = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    scheduler.onOffers = (d, offers) -> offers.forEach(o -> d.declineOffer(o.getId(), refuse(0)));
    driver.launchTasks(List.of(offer.getId()), List.of(task("a", offer, def, 0.5, 512)), refuse(0));
    awaitState("a", TaskState.TASK_RUNNING);
    // Until a description asked after StartTask's answer shows the task, the driver holds its resources
    // itself. A description asked while the answer was on its way may already count the task too: such an
    // offer is smaller than it could be for one interval, never larger.
    awaitUntil(() -> scheduler.offers().size() > 3
        && scalarOf(scheduler.offers().get(scheduler.offers().size() - 1), "cpus") == 1.5);
    List<Protos.Offer> after = scheduler.offers().subList(1, scheduler.offers().size());
    assertThat(after).allSatisfy(o -> {
      assertThat(scalarOf(o, "cpus")).isLessThanOrEqualTo(1.5);
      assertThat(scalarOf(o, "mem")).isLessThanOrEqualTo(1536.0);
    });
    List<Protos.Offer> all = scheduler.offers(); // one copy: offers keep arriving meanwhile
    assertThat(all.stream().map(Protos.Offer::getId).distinct().count()).isEqualTo(all.size());
  }

  @Test
  void drainingInstanceRescindsItsOffer() {
    String arn = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    ecs.updateContainerInstancesState(r -> r.cluster(CLUSTER).containerInstances(arn)
        .status(ContainerInstanceStatus.DRAINING));
    awaitUntil(() -> scheduler.has("offerRescinded"));
    assertThat(scheduler.<Protos.OfferID>args("offerRescinded")).containsExactly(offer.getId());
    assertThat(scheduler.has("slaveLost")).isFalse();
  }

  @Test
  void offerIsRescindedWhenSomeoneElseTakesItsResources() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    String def = taskDefinition("big", "serve");
    started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition(def).overrides(o -> o.cpu("512").memory("512")));
    awaitUntil(() -> scheduler.has("offerRescinded"));
    Protos.Offer smaller = awaitOffer(1);
    assertThat(scalarOf(smaller, "cpus")).isEqualTo(0.5);
    assertThat(smaller.getId()).isNotEqualTo(offer.getId());
  }

  @Test
  void terminatedInstanceRescindsAndIsLost() {
    String arn = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    ecsLocal.terminateInstance(CLUSTER, arn);
    awaitUntil(() -> scheduler.has("slaveLost"));
    assertThat(scheduler.<Protos.OfferID>args("offerRescinded")).containsExactly(offer.getId());
    assertThat(scheduler.<Protos.SlaveID>args("slaveLost")).containsExactly(offer.getSlaveId());
    assertThat(scheduler.names().indexOf("offerRescinded")).isLessThan(scheduler.names().indexOf("slaveLost"));
  }

  @Test
  void disconnectedAgentIsNotOfferedAndIsLostAfterTheTimeout() {
    String arn = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    started(builder(framework()).agentDisconnectTimeout(Duration.ofMillis(500)));
    Protos.Offer offer = awaitOffer(0);
    ecsLocal.disconnectAgent(CLUSTER, arn);
    awaitUntil(() -> scheduler.has("offerRescinded"));
    assertThat(scheduler.has("slaveLost")).isFalse();
    awaitUntil(() -> scheduler.has("slaveLost"));
    ecsLocal.reconnectAgent(CLUSTER, arn);
    Protos.Offer again = awaitOffer(1);
    assertThat(again.getSlaveId()).isEqualTo(offer.getSlaveId());
  }

  @Test
  void hostnameFallsBackToTheInstanceIdWithoutEc2() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    var deadEc2 = software.amazon.awssdk.services.ec2.Ec2Client.builder()
        .endpointOverride(java.net.URI.create("http://127.0.0.1:1"))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create()).build();
    try (deadEc2) {
      started(builder(framework()).ec2Client(deadEc2));
      assertThat(awaitOffer(0).getHostname()).startsWith("i-");
    }
  }

  @Test
  void hostnameIsTheInstanceIdWhenEc2IsOff() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    ECSSchedulerDriver driver = track(ECSSchedulerDriver.builder(scheduler, framework()).ecsClient(ecs)
        .cluster(CLUSTER).hostnamesFromEc2(false).offerInterval(Duration.ofMillis(50)).build());
    driver.start();
    assertThat(awaitOffer(0).getHostname()).startsWith("i-");
  }

  @Test
  void aLaunchRefusesOnlyTheUnusedPartSoTheAgentIsOfferedAgainWhenItsTaskEnds() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 2048);
    String def = taskDefinition("short", "sleep", "5");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);

    // All of the CPU, refusing the rest (memory) for an hour.
    driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, def, 1.0, 128)),
        Protos.Filters.newBuilder().setRefuseSeconds(3600).build());
    awaitState("t1", Protos.TaskState.TASK_FINISHED);

    // The CPU the task gave back was never refused: Mesos offers the agent again at the next allocation.
    Protos.Offer next = awaitOffer(1);
    assertThat(next.getSlaveId()).isEqualTo(offer.getSlaveId());
    assertThat(next.getResourcesList()).filteredOn(r -> r.getName().equals("cpus"))
        .extracting(r -> r.getScalar().getValue()).containsExactly(1.0);
  }

  /**
   * Host ports and GPUs a task took from its offer stay out of offers while it runs, even when its task
   * definition neither maps the ports (host networking with $PORT0) nor requires the GPUs, so ECS does not
   * count them. (They used to come back as soon as ECS's description of the instance showed the task.)
   */
  @Test
  void portsAndGpusATaskTookStayOutOfOffersUntilItEndsEvenWhenEcsDoesNotCountThem() {
    ecsLocal.addInstance(InstanceSpec.of(2048, 2048).withGpus(2).inCluster(CLUSTER));
    ecs.registerTaskDefinition(r -> r.family("host-net").networkMode("host").containerDefinitions(
        software.amazon.awssdk.services.ecs.model.ContainerDefinition.builder().name("main").image("busybox")
            .memory(32).essential(true).command("serve").build()));
    // Full instance sweeps every 100 ms: ECS's description showing the task lands within the offers checked.
    ECSSchedulerDriver driver = started(builder(framework()).instanceSweepInterval(Duration.ofMillis(100)));
    Protos.Offer offer = awaitOffer(0);
    assertThat(scalarOf(offer, "gpus")).isEqualTo(2);
    driver.launchTasks(offer.getId(), List.of(task("t", offer, "host-net", 0.1, 32).toBuilder()
        .addResources(ports(31000, 31000)).addResources(scalar("gpus", 1)).build()), refuse(0));
    awaitState("t", TaskState.TASK_RUNNING);

    // Decline every offer at once so the agent is offered again at each tick, after ECS's description of
    // the instance shows the task.
    scheduler.onOffers = (d, offers) -> offers.forEach(o -> d.declineOffer(o.getId(), refuse(0)));
    scheduler.offers().forEach(o -> driver.declineOffer(o.getId(), refuse(0))); // one may be outstanding
    int seen = scheduler.offers().size();
    awaitUntil(() -> scheduler.offers().size() >= seen + 20);
    assertThat(scheduler.offers().subList(seen, scheduler.offers().size())).allSatisfy(o -> {
      assertThat(offeredPorts(o)).doesNotContain(31000L).contains(31001L);
      assertThat(scalarOf(o, "gpus")).isEqualTo(1);
    });

    driver.killTask(taskId("t"));
    awaitState("t", TaskState.TASK_KILLED);
    int afterKill = scheduler.offers().size();
    awaitUntil(() -> scheduler.offers().size() > afterKill
        && offeredPorts(scheduler.offers().get(scheduler.offers().size() - 1)).contains(31000L));
    assertThat(scalarOf(scheduler.offers().get(scheduler.offers().size() - 1), "gpus")).isEqualTo(2);
  }

  /**
   * A decline's filter holds for its own time even when an older, longer filter of the agent exists: the
   * agent is not offered again before the decline's 5 s are over. (Only the longest filter used to be kept,
   * so the agent came back at the next offer tick.)
   */
  @Test
  void aDeclineIsHonouredBesideAnOlderLongerFilter() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 2048);
    String def = taskDefinition("short", "sleep", "5");
    ECSSchedulerDriver driver = started(builder(framework()));
    Protos.Offer offer = awaitOffer(0);
    // All of the CPU, refusing the rest (memory) for an hour.
    driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, def, 1.0, 128)), refuse(3600));
    awaitState("t1", TaskState.TASK_FINISHED);
    Protos.Offer whole = awaitOffer(1);
    driver.declineOffer(whole.getId(), refuse(2));
    waiting().during(1200, TimeUnit.MILLISECONDS).until(() -> scheduler.offers().size() == 2);
    assertThat(awaitOffer(2).getSlaveId()).isEqualTo(offer.getSlaveId());
  }

  /** {@code reviveOffers(roles)} clears the filters of those roles only (it used to clear every filter). */
  @Test
  void reviveOfOtherRolesKeepsThisRolesFilters() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    Protos.FrameworkInfo web = framework(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE).toBuilder()
        .addRoles("web").build();
    ECSSchedulerDriver driver = started(builder(web));
    Protos.Offer offer = awaitOffer(0);
    assertThat(offer.getAllocationInfo().getRole()).isEqualTo("web");
    driver.declineOffer(offer.getId(), refuse(3600));
    driver.reviveOffers(List.of("batch"));
    waiting().during(300, TimeUnit.MILLISECONDS).until(() -> scheduler.offers().size() == 1);
    driver.reviveOffers(List.of("web"));
    assertThat(awaitOffer(1).getSlaveId()).isEqualTo(offer.getSlaveId());
  }

  /**
   * ECS refused a StartTask for resources the offer showed (another client took them): the agent is
   * described again before it is offered, so the phantom room is not offered a second time (it used to be,
   * until the next full instance sweep).
   */
  @Test
  void anAgentWhoseStartTaskFailedForResourcesIsDescribedBeforeItIsOfferedAgain() {
    String arn = ecsLocal.addInstances(CLUSTER, 1, 1024, 1024).get(0);
    String def = taskDefinition("forever", "serve");
    ECSSchedulerDriver driver = started(builder(framework()).instanceSweepInterval(Duration.ofHours(1)));
    Protos.Offer offer = awaitOffer(0);
    assertThat(scalarOf(offer, "cpus")).isEqualTo(1.0);
    ecs.startTask(r -> r.cluster(CLUSTER).taskDefinition(def).containerInstances(arn)
        .overrides(o -> o.cpu("512").memory("128")));
    driver.launchTasks(offer.getId(), List.of(task("t", offer, def, 1.0, 128)), refuse(0));
    awaitState("t", TaskState.TASK_LOST);
    assertThat(scheduler.last("t").getMessage()).contains("RESOURCE:CPU");
    // The memory the launch left may be offered at once, without CPU; the CPU comes back as ECS has it.
    awaitUntil(() -> scheduler.offers().stream().skip(1).anyMatch(o -> scalarOf(o, "cpus") > 0));
    assertThat(scheduler.offers().stream().skip(1).mapToDouble(o -> scalarOf(o, "cpus")).filter(c -> c > 0))
        .first().isEqualTo(0.5);
  }
}
