package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.CallListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * The master takes task status from ECS events: two frameworks' tasks live and end by the events ecs-local
 * delivers through its SQS endpoint, each framework hears only of its own tasks, and no task is described.
 */
class MasterEventsIT extends MasterTestBase {

  @Override
  boolean events() {
    return true;
  }

  @Test
  void twoFrameworksTasksLiveAndEndByEventsWithoutADescribeTasks() throws Exception {
    String queue = ecsLocal.setUpEvents(CLUSTER, "master-events");
    AtomicInteger describeTasks = new AtomicInteger();
    ecsLocal.onCall(CallListener.before((action, body) -> {
      if (action.equals("DescribeTasks")) {
        describeTasks.incrementAndGet();
      }
    }));
    startMaster(masterBuilder().eventsQueueUrl(queue).eventsCheckInterval(Duration.ofMinutes(10)));
    ecsLocal.addInstances(CLUSTER, 2, 1024, 2048); // their registrations are the first events
    awaitUntil(() -> master.metrics().statusFromEvents());
    String def = taskDefinition("short", "sleep", "5");
    int describedBefore = describeTasks.get();
    V1Client done = null;
    for (String name : List.of("a", "b")) {
      V1Client c = client(false);
      c.subscribe(subscribe(framework(name, 60)));
      V1Client previous = done;
      awaitUntil(() -> {
        if (previous != null) {
          declineAll(previous);
        }
        return !offers(c).isEmpty();
      });
      Protos.FrameworkID id = frameworkId(c);
      List<Protos.Offer> offers = offers(c);
      c.call(accept(id, offers.get(0), task(name + "-task", offers.get(0), def, 0.1, 32)));
      for (Protos.Offer other : offers.subList(1, offers.size())) {
        c.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
            .addOfferIds(other.getId()).setFilters(Protos.Filters.newBuilder().setRefuseSeconds(3600))).build());
      }
      java.util.Set<com.google.protobuf.ByteString> acked = new java.util.HashSet<>();
      awaitUntil(() -> {
        for (Protos.TaskStatus s : updates(c, name + "-task")) {
          if (s.hasUuid() && acked.add(s.getUuid())) {
            c.call(acknowledge(id, s)); // the next update of a task follows the acknowledgement of the last
          }
        }
        return updates(c, name + "-task").stream().anyMatch(s -> s.getState() == TaskState.TASK_FINISHED);
      });
      assertThat(updates(c, name + "-task")).extracting(Protos.TaskStatus::getState)
          .containsSubsequence(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
      assertThat(c.events(Event.Type.UPDATE)).allMatch(e -> e.getUpdate().getStatus().getTaskId().getValue()
          .startsWith(name + "-"));
      // Done: no more offers for this framework; what it still holds goes back while the next one waits.
      c.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.SUPPRESS).build());
      done = c;
    }
    assertThat(describeTasks.get()).as("DescribeTasks calls while events flow").isEqualTo(describedBefore);
    assertThat(master.metrics().eventsApplied()).isPositive();
  }

  /** Declines every offer the client got (those used or declined already are ignored by the master). */
  private static void declineAll(V1Client c) throws Exception {
    Protos.FrameworkID id = frameworkId(c);
    for (Protos.Offer held : offers(c)) {
      c.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
          .addOfferIds(held.getId()).setFilters(Protos.Filters.newBuilder().setRefuseSeconds(3600))).build());
    }
  }
}
