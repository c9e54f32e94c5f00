package com.amazonaws.ecs.mesos.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.ecs.local.EcsLocal;
import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/** A real driver against ecs-local (cluster time 100× faster): one task's life shows in the registry. */
class EcsSchedulerDriverMetricsIT {
  private static final String CLUSTER = "test";

  private EcsLocal ecsLocal;
  private EcsClient ecs;
  private ECSSchedulerDriver driver;

  @BeforeEach
  void startEcsLocal() {
    ecsLocal = EcsLocal.builder().timeFactor(100).build();
    ecsLocal.createCluster(CLUSTER);
    ecsLocal.addInstances(CLUSTER, 1, 2048, 4096);
    ecs = EcsClient.builder().endpointOverride(ecsLocal.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
        .build();
    ecs.registerTaskDefinition(r -> r.family("short").containerDefinitions(ContainerDefinition.builder()
        .name("main").image("busybox").memory(64).essential(true).command("sleep", "5").build()));
  }

  @AfterEach
  void stopAll() {
    if (driver != null) {
      driver.stop();
    }
    ecs.close();
    ecsLocal.close();
  }

  @Test
  void aFinishedTaskShowsAsOneRunTaskAndOneTaskFinished() {
    OneTask scheduler = new OneTask();
    driver = ECSSchedulerDriver.builder(scheduler,
            Protos.FrameworkInfo.newBuilder().setName("micrometer-it").setUser("").build())
        .ecsClient(ecs)
        .cluster(CLUSTER)
        .pollInterval(Duration.ofMillis(50))
        .offerInterval(Duration.ofMillis(50))
        .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new EcsSchedulerDriverMetrics(driver, Tags.of("framework", "micrometer-it")).bindTo(registry);

    assertThat(registry.get("ecs.scheduler.driver.ecs.calls").tags("action", "RunTask", "outcome", "ok")
        .functionCounter().count()).isZero();
    driver.start();

    // Snapshots are at most a second old: waiting covers that as well as the task's life.
    await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(registry.get("ecs.scheduler.driver.status.updates").tags("state", "TASK_FINISHED")
            .functionCounter().count()).isEqualTo(1));
    assertThat(registry.get("ecs.scheduler.driver.ecs.calls").tags("action", "RunTask", "outcome", "ok")
        .functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("ecs.scheduler.driver.tasks.launched").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("ecs.scheduler.driver.offers").tags("event", "accepted").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("ecs.scheduler.driver.status.updates").tags("state", "TASK_RUNNING")
        .functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("ecs.scheduler.driver.status.latency").tags("quantile", "0.5").gauge().value())
        .isGreaterThanOrEqualTo(0);
    assertThat(registry.get("ecs.scheduler.driver.ecs.calls").tags("outcome", "throttled").functionCounters())
        .allSatisfy(c -> assertThat(c.count()).isZero());
    assertThat(scheduler.errors).isEmpty();
  }

  /** Launches one task on the first offer, declines the rest. */
  private static final class OneTask implements Scheduler {
    private final AtomicBoolean launched = new AtomicBoolean();
    final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void resourceOffers(SchedulerDriver d, List<Protos.Offer> offers) {
      for (Protos.Offer offer : offers) {
        if (launched.compareAndSet(false, true)) {
          d.launchTasks(List.of(offer.getId()), List.of(Protos.TaskInfo.newBuilder()
              .setName("t1")
              .setTaskId(Protos.TaskID.newBuilder().setValue("t1"))
              .setSlaveId(offer.getSlaveId())
              .addResources(scalar("cpus", 0.5))
              .addResources(scalar("mem", 128))
              .setCommand(Protos.CommandInfo.newBuilder().setValue("short"))
              .build()));
        } else {
          d.declineOffer(offer.getId());
        }
      }
    }

    private static Protos.Resource scalar(String name, double value) {
      return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
          .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }

    @Override
    public void error(SchedulerDriver d, String message) {
      errors.add(message);
    }

    @Override
    public void registered(SchedulerDriver d, Protos.FrameworkID id, Protos.MasterInfo master) { }

    @Override
    public void reregistered(SchedulerDriver d, Protos.MasterInfo master) { }

    @Override
    public void offerRescinded(SchedulerDriver d, Protos.OfferID offerId) { }

    @Override
    public void statusUpdate(SchedulerDriver d, Protos.TaskStatus status) { }

    @Override
    public void frameworkMessage(SchedulerDriver d, Protos.ExecutorID e, Protos.SlaveID s, byte[] data) { }

    @Override
    public void disconnected(SchedulerDriver d) { }

    @Override
    public void slaveLost(SchedulerDriver d, Protos.SlaveID slaveId) { }

    @Override
    public void executorLost(SchedulerDriver d, Protos.ExecutorID e, Protos.SlaveID s, int status) { }
  }
}
