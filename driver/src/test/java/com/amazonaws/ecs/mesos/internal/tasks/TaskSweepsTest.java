package com.amazonaws.ecs.mesos.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.ecs.RateLimiter;
import com.amazonaws.ecs.mesos.internal.ecs.RetryPolicy;
import com.amazonaws.ecs.mesos.internal.process.Callbacks;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.loop.Lifecycle;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;

/** A status sweep costs ⌈T/100⌉ DescribeTasks for T live tasks and nothing for finished ones. */
class TaskSweepsTest {
  private final List<Integer> describeSizes = new CopyOnWriteArrayList<>();
  private final ExecutorService io = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final DriverLoop loop = new DriverLoop("test-loop", Clock.systemUTC(), (w, t) -> { });

  /** An ECS client that only answers DescribeTasks, with nothing. */
  private final EcsClient ecs = new EcsClient() {
    @Override
    public DescribeTasksResponse describeTasks(DescribeTasksRequest request) {
      describeSizes.add(request.tasks().size());
      return DescribeTasksResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "ecs";
    }

    @Override
    public void close() {
    }
  };

  @AfterEach
  void stop() {
    loop.shutdown();
    io.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void sweepDescribesLiveTasksInBatchesOfAHundred() {
    EcsGateway gateway = new EcsGateway(ecs, null, "c", io, timer, RateLimiter.ecs(timer),
        new RetryPolicy(1, 0, 0, new Random(1)), Duration.ofSeconds(5), List.of());
    TaskBook tasks = new TaskBook();
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.start();
    Callbacks callbacks = new Callbacks(new org.apache.mesos.Scheduler() {
      public void registered(org.apache.mesos.SchedulerDriver d, Protos.FrameworkID f, Protos.MasterInfo m) { }
      public void reregistered(org.apache.mesos.SchedulerDriver d, Protos.MasterInfo m) { }
      public void resourceOffers(org.apache.mesos.SchedulerDriver d, List<Protos.Offer> o) { }
      public void offerRescinded(org.apache.mesos.SchedulerDriver d, Protos.OfferID o) { }
      public void statusUpdate(org.apache.mesos.SchedulerDriver d, Protos.TaskStatus s) { }
      public void frameworkMessage(org.apache.mesos.SchedulerDriver d, Protos.ExecutorID e, Protos.SlaveID s,
          byte[] b) { }
      public void disconnected(org.apache.mesos.SchedulerDriver d) { }
      public void slaveLost(org.apache.mesos.SchedulerDriver d, Protos.SlaveID s) { }
      public void executorLost(org.apache.mesos.SchedulerDriver d, Protos.ExecutorID e, Protos.SlaveID s, int i) { }
      public void error(org.apache.mesos.SchedulerDriver d, String m) { }
    }, null, lifecycle);
    StatusUpdates updates = new StatusUpdates(callbacks, loop, tasks, true, 10_000, 600_000);
    FrameworkState framework = new FrameworkState(Protos.FrameworkInfo.newBuilder().setName("f").setUser("")
        .setId(Protos.FrameworkID.newBuilder().setValue("fw")).build());
    EcsHealth health = new EcsHealth() {
      public void answered() { }
      public void failed(Throwable error) { }
    };
    AgentBook agents = new AgentBook(1000);
    TaskMonitor monitor = new TaskMonitor(loop, gateway, tasks, agents, updates, framework, health);
    TaskSweeps sweeps = new TaskSweeps(loop, gateway, tasks, agents, monitor, health, 60_000,
        new com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder());
    for (int i = 0; i < 270; i++) {
      TrackedTask t = new TrackedTask(Protos.TaskID.newBuilder().setValue("t" + i).build(), "agent", null,
          TrackedTask.Phase.STARTED);
      t.arn("arn:aws:ecs:us-east-1:1:task/c/" + i);
      if (i >= 250) {
        t.latest(Protos.TaskStatus.newBuilder().setTaskId(t.id()).setState(Protos.TaskState.TASK_FINISHED).build());
      }
      tasks.add(t);
      if (t.terminal()) {
        tasks.completed(t);
      }
    }
    loop.start();
    loop.post(sweeps::sweep);
    await().atMost(5, TimeUnit.SECONDS).until(() -> describeSizes.size() == 3);
    assertThat(describeSizes).containsExactlyInAnyOrder(100, 100, 50);
  }
}
