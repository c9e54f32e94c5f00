package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * Two frameworks on one small cluster: each is offered only what the other does not hold, so every launch
 * of both succeeds (the embedded drivers of two frameworks on one cluster raced at StartTask and lost tasks
 * with RESOURCE:CPU).
 */
class SharedClusterIT extends MasterTestBase {

  /** When a framework held an agent's offer: from receiving it to answering it (taken before the answer is sent). */
  record Held(String framework, String agent, long fromNanos, long toNanos) {}

  /** A framework that fills every offer with tasks of 0.5 cpus until it has launched {@code total}. */
  private final class Filler implements Runnable {
    final String name;
    final V1Client client;
    final int total;
    final String definition;
    final List<String> launched = Collections.synchronizedList(new ArrayList<>());
    final List<Held> held;
    final Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
    final AtomicBoolean stop = new AtomicBoolean();

    Filler(String name, boolean json, int total, String definition, List<Held> held) {
      this.name = name;
      this.client = client(json);
      this.total = total;
      this.definition = definition;
      this.held = held;
    }

    @Override
    public void run() {
      try {
        while (!stop.get()) {
          Event e = client.take(100);
          if (e != null) {
            handle(e, System.nanoTime());
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private void handle(Event e, long receivedNanos) throws Exception {
      Protos.FrameworkID id = frameworkId(client);
      if (e.getType() == Event.Type.OFFERS) {
        for (Protos.Offer offer : e.getOffers().getOffersList()) {
          double cpus = offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
              .mapToDouble(r -> r.getScalar().getValue()).sum();
          List<Protos.TaskInfo> tasks = new ArrayList<>();
          for (double left = cpus; left >= 0.5 && launched.size() + tasks.size() < total; left -= 0.5) {
            tasks.add(task(name + "-" + (launched.size() + tasks.size()), offer, definition, 0.5, 64));
          }
          held.add(new Held(name, offer.getAgentId().getValue(), receivedNanos, System.nanoTime()));
          if (tasks.isEmpty()) {
            client.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.DECLINE).setDecline(
                Call.Decline.newBuilder().addOfferIds(offer.getId())).build());
          } else {
            tasks.forEach(t -> launched.add(t.getTaskId().getValue()));
            client.call(accept(id, offer, tasks.toArray(new Protos.TaskInfo[0])));
          }
        }
      } else if (e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().hasUuid()) {
        Protos.TaskStatus s = e.getUpdate().getStatus();
        client.call(acknowledge(id, s));
      }
    }

    List<TaskState> finalStates() {
      List<TaskState> out = new ArrayList<>();
      for (String id : new ArrayList<>(launched)) {
        List<Protos.TaskStatus> u = updates(client, id);
        out.add(u.isEmpty() ? TaskState.TASK_STAGING : u.get(u.size() - 1).getState());
      }
      return out;
    }
  }

  @Test
  void twoFrameworksShareAClusterWithoutEverHoldingTheSameAgentOrLosingALaunch() throws Exception {
    ecsLocal.addInstances(CLUSTER, 2, 1024, 2048);
    String def = taskDefinition("short", "sleep", "100"); // 1 s in cluster time at 100x
    startMaster(masterBuilder());
    List<Held> held = Collections.synchronizedList(new ArrayList<>());
    Filler a = new Filler("a", true, 12, def, held);
    Filler b = new Filler("b", false, 12, def, held);
    a.client.subscribe(subscribe(framework("a", 60)));
    b.client.subscribe(subscribe(framework("b", 60)));
    Thread ta = new Thread(a);
    Thread tb = new Thread(b);
    ta.start();
    tb.start();
    try {
      waiting().atMost(java.time.Duration.ofSeconds(60)).until(() -> a.launched.size() == 12 && b.launched.size() == 12
          && a.finalStates().stream().allMatch(s -> s == TaskState.TASK_FINISHED)
          && b.finalStates().stream().allMatch(s -> s == TaskState.TASK_FINISHED));
    } finally {
      a.stop.set(true);
      b.stop.set(true);
      ta.join();
      tb.join();
    }
    for (Filler f : List.of(a, b)) {
      assertThat(f.client.events(Event.Type.UPDATE)).extracting(e -> e.getUpdate().getStatus().getState())
          .doesNotContain(TaskState.TASK_LOST, TaskState.TASK_DROPPED, TaskState.TASK_ERROR, TaskState.TASK_FAILED);
    }
    // No agent was ever held by both frameworks at once.
    List<Held> all = new ArrayList<>(held);
    for (Held x : all) {
      for (Held y : all) {
        if (!x.framework().equals(y.framework()) && x.agent().equals(y.agent())) {
          assertThat(x.toNanos() <= y.fromNanos() || y.toNanos() <= x.fromNanos())
              .as("%s and %s held agent %s at the same time", x.framework(), y.framework(), x.agent()).isTrue();
        }
      }
    }
    assertThat(all.stream().map(Held::framework).distinct()).containsExactlyInAnyOrder("a", "b");
  }

  /**
   * One framework's TEARDOWN closes its own launches only: the other framework's launches still reach ECS.
   * (The gate that drops waiting StartTasks at a teardown was the cluster's: after any framework's TEARDOWN,
   * every other framework's launches were dropped as "not sent".)
   */
  @Test
  void aTeardownOfOneFrameworkLeavesTheOthersLaunchesGoing() throws Exception {
    ecsLocal.addInstances(CLUSTER, 2, 1024, 2048);
    String def = taskDefinition("forever", "serve");
    startMaster(masterBuilder());
    V1Client a = client(false);
    V1Client b = client(true);
    // a first, until it holds offers: had b been registered first, an allocation cycle between the two
    // subscriptions would give b every agent and a none (as Mesos would), and nothing here declines.
    a.subscribe(subscribe(framework("a", 60)));
    awaitUntil(() -> !offers(a).isEmpty());
    b.subscribe(subscribe(framework("b", 60)));
    awaitUntil(() -> b.events(Event.Type.SUBSCRIBED).size() == 1);
    assertThat(b.call(Call.newBuilder().setFrameworkId(frameworkId(b)).setType(Call.Type.TEARDOWN).build())
        .statusCode()).isEqualTo(202);
    awaitUntil(b::ended);

    Protos.Offer offer = offers(a).get(0);
    a.call(accept(frameworkId(a), offer, task("after-teardown", offer, def, 0.5, 64)));
    awaitUntil(() -> !updates(a, "after-teardown").isEmpty());
    Protos.TaskStatus first = updates(a, "after-teardown").get(0);
    assertThat(first.getState()).as(first.getMessage()).isEqualTo(TaskState.TASK_STARTING);
    a.call(acknowledge(frameworkId(a), first));
    awaitUntil(() -> updates(a, "after-teardown").stream().anyMatch(s -> s.getState() == TaskState.TASK_RUNNING));
  }
}
