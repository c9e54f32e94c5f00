package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;

/**
 * Between full instance sweeps, the driver offers what it knows: launches it made are subtracted, and the
 * agents where a task ended are described alone so their freed resources come back to offers.
 */
class InstanceSweepIT extends DriverTestBase {

  private static double cpus(Protos.Offer offer) {
    return offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }

  @Test
  @EmbeddedOnly("reads the embedded driver's own ECS call counts")
  void resourcesOfAnEndedTaskAreOfferedAgainByDescribingOnlyItsAgent() {
    ecsLocal.addInstances(CLUSTER, 3, 1024, 2048);
    String def = taskDefinition("short", "sleep", "5");
    ECSSchedulerDriver driver = started(builder(framework()).instanceSweepInterval(Duration.ofHours(1)));
    awaitUntil(() -> scheduler.offers().size() >= 3);
    Protos.Offer offer = scheduler.offers().get(0);
    long listsBefore = ecsLocal.stats().calls().get("ListContainerInstances");
    // Whatever the agent offers while the task runs is declined, so a new offer can follow.
    scheduler.onOffers = (d, offers) -> offers.stream().filter(o -> cpus(o) < 1.0)
        .forEach(o -> d.declineOffer(o.getId(), Protos.Filters.newBuilder().setRefuseSeconds(0).build()));

    driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, def, 1.0, 128)),
        Protos.Filters.newBuilder().setRefuseSeconds(0).build());
    awaitState("t1", TaskState.TASK_FINISHED);

    awaitUntil(() -> scheduler.offers().stream().skip(3)
        .anyMatch(o -> o.getSlaveId().equals(offer.getSlaveId()) && cpus(o) == 1.0));
    assertThat(ecsLocal.stats().calls().get("ListContainerInstances"))
        .as("no full sweep happened: the hour has not passed").isEqualTo(listsBefore);
    // The ended task's hold is released at once (the agent's last description predates the task), so the
    // offer may come before the describing of its agent returns: wait for that, do not race it.
    awaitUntil(() -> driver.metrics().ecsCalls("DescribeContainerInstances") >= 2);
    assertThat(ecsLocal.stats().calls().get("ListContainerInstances")).isEqualTo(listsBefore);
  }

  @Test
  void aLaunchIsSubtractedFromOffersBeforeTheNextFullSweep() {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 2048);
    String def = taskDefinition("long", "sleep", "3600");
    ECSSchedulerDriver driver = started(builder(framework()).instanceSweepInterval(Duration.ofHours(1)));
    Protos.Offer offer = awaitOffer(0);

    driver.launchTasks(List.of(offer.getId()), List.of(task("t1", offer, def, 0.25, 128)),
        Protos.Filters.newBuilder().setRefuseSeconds(0).build());
    awaitState("t1", TaskState.TASK_RUNNING);

    // The next offer of the agent subtracts the launch although ECS has not been asked about the agent again.
    Protos.Offer next = awaitOffer(1);
    assertThat(cpus(next)).isEqualTo(0.75);
  }
}
