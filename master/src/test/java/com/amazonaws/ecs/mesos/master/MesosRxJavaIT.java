package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.mesosphere.mesos.rx.java.AwaitableSubscription;
import com.mesosphere.mesos.rx.java.SinkOperation;
import com.mesosphere.mesos.rx.java.SinkOperations;
import com.mesosphere.mesos.rx.java.protobuf.ProtobufMesosClientBuilder;
import com.mesosphere.mesos.rx.java.protobuf.SchedulerCalls;
import com.mesosphere.mesos.rx.java.util.UserAgentEntries;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import rx.Observable;
import rx.subjects.PublishSubject;

/**
 * mesos-rxjava 0.2.0, unmodified from Maven Central, as a protobuf V1 framework (its README's client, the
 * shape of its Sleepy example): it probes /redirect, subscribes with an ID of its own, launches on offers,
 * acknowledges every update, reconciles and kills.
 */
class MesosRxJavaIT extends MasterTestBase {

  @Test
  void mesosRxJavaSubscribesLaunchesAcknowledgesReconcilesAndKills() throws Exception {
    ecsLocal.addInstances(CLUSTER, 2, 1024, 1024);
    String sleep = taskDefinition("sleep1", "sleep", "100"); // 1 s of cluster time
    String forever = taskDefinition("forever", "serve");
    startMaster(masterBuilder());

    Protos.FrameworkID fwId = Protos.FrameworkID.newBuilder().setValue("sleepy-" + UUID.randomUUID()).build();
    Map<String, List<Protos.TaskStatus>> updates = new ConcurrentHashMap<>();
    List<Event> events = new CopyOnWriteArrayList<>();
    AtomicInteger launched = new AtomicInteger();
    PublishSubject<Optional<SinkOperation<Call>>> injected = PublishSubject.create();

    AwaitableSubscription subscription = ProtobufMesosClientBuilder.schedulerUsingProtos()
        .mesosUri(URI.create(url() + "/api/v1/scheduler"))
        .applicationUserAgentEntry(UserAgentEntries.literal("ecs-mesos-it", "1"))
        .subscribe(SchedulerCalls.subscribe(fwId, Protos.FrameworkInfo.newBuilder().setId(fwId).setUser("root")
            .setName("sleepy").setFailoverTimeout(60).build()))
        .processStream(unicast -> {
          Observable<Event> shared = unicast.share();
          Observable<Optional<SinkOperation<Call>>> offers = shared
              .doOnNext(events::add)
              .filter(e -> e.getType() == Event.Type.OFFERS)
              .flatMap(e -> Observable.from(e.getOffers().getOffersList()))
              .map(offer -> Optional.of(SinkOperations.create(respond(fwId, offer, sleep, forever, launched))));
          Observable<Optional<SinkOperation<Call>>> acks = shared
              .filter(e -> e.getType() == Event.Type.UPDATE)
              .doOnNext(e -> updates.computeIfAbsent(e.getUpdate().getStatus().getTaskId().getValue(),
                  k -> new CopyOnWriteArrayList<>()).add(e.getUpdate().getStatus()))
              .filter(e -> e.getUpdate().getStatus().hasUuid())
              .map(e -> {
                Protos.TaskStatus s = e.getUpdate().getStatus();
                return Optional.of(SinkOperations.create(SchedulerCalls.ackUpdate(fwId, s.getUuid(), s.getAgentId(),
                    s.getTaskId())));
              });
          return offers.mergeWith(acks).mergeWith(injected);
        })
        .build()
        .openStream();
    try {
      awaitUntil(() -> last(updates, "task-1") == TaskState.TASK_FINISHED
          && last(updates, "task-2") == TaskState.TASK_FINISHED
          && last(updates, "task-3") == TaskState.TASK_FINISHED
          && last(updates, "long") == TaskState.TASK_RUNNING);
      assertThat(events.get(0).getType()).isEqualTo(Event.Type.SUBSCRIBED);
      assertThat(events.get(0).getSubscribed().getFrameworkId()).isEqualTo(fwId);
      assertThat(updates.get("task-1")).extracting(Protos.TaskStatus::getState)
          .containsSubsequence(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);

      Protos.TaskStatus running = updates.get("long").get(updates.get("long").size() - 1);
      injected.onNext(Optional.of(SinkOperations.create(Call.newBuilder().setFrameworkId(fwId)
          .setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder().addTasks(Call.Reconcile.Task
              .newBuilder().setTaskId(running.getTaskId()).setAgentId(running.getAgentId()))).build())));
      awaitUntil(() -> updates.get("long").stream().anyMatch(s -> !s.hasUuid()));
      Protos.TaskStatus answer = updates.get("long").stream().filter(s -> !s.hasUuid()).findFirst().orElseThrow();
      assertThat(answer.getState()).isEqualTo(TaskState.TASK_RUNNING);
      assertThat(answer.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_RECONCILIATION);

      injected.onNext(Optional.of(SinkOperations.create(Call.newBuilder().setFrameworkId(fwId)
          .setType(Call.Type.KILL).setKill(Call.Kill.newBuilder().setTaskId(running.getTaskId())
              .setAgentId(running.getAgentId())).build())));
      awaitUntil(() -> last(updates, "long") == TaskState.TASK_KILLED);
      assertThat(events).extracting(Event::getType).doesNotContain(Event.Type.ERROR);
    } finally {
      subscription.unsubscribe();
    }
  }

  private static TaskState last(Map<String, List<Protos.TaskStatus>> updates, String taskId) {
    List<Protos.TaskStatus> list = updates.get(taskId);
    return list == null || list.isEmpty() ? null : list.get(list.size() - 1).getState();
  }

  /** Three sleep tasks and one long one, then declines: as Sleepy does, but bounded. */
  private static Call respond(Protos.FrameworkID fwId, Protos.Offer offer, String sleep, String forever,
      AtomicInteger launched) {
    List<Protos.TaskInfo> tasks = new ArrayList<>();
    while (launched.get() < 4 && tasks.size() < 2) {
      int n = launched.incrementAndGet();
      String id = n <= 3 ? "task-" + n : "long";
      tasks.add(Protos.TaskInfo.newBuilder().setName(id).setTaskId(Protos.TaskID.newBuilder().setValue(id))
          .setAgentId(offer.getAgentId())
          .setCommand(Protos.CommandInfo.newBuilder().setValue(n <= 3 ? sleep : forever))
          .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32)).build());
    }
    if (tasks.isEmpty()) {
      return SchedulerCalls.decline(fwId, List.of(offer.getId()));
    }
    return Call.newBuilder().setFrameworkId(fwId).setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId()).addOperations(Protos.Offer.Operation.newBuilder()
            .setType(Protos.Offer.Operation.Type.LAUNCH)
            .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)))).build();
  }
}
