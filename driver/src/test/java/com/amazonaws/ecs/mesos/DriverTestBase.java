package com.amazonaws.ecs.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.ecs.local.EcsLocal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;

/**
 * Starts ecs-local for each test (cluster time 100× faster), real SDK clients pointed at it, and drivers with
 * short intervals; stops them all afterwards.
 */
abstract class DriverTestBase {
  static final String CLUSTER = "test";
  /** The ECS call that launches tasks by default ({@link LaunchCall#RUN_TASK}). */
  static final String LAUNCH = "RunTask";
  /**
   * Whether this run's drivers take task status from ECS events ({@code -Ddriver.status=events}): ecs-local
   * delivers them through its SQS endpoint, and the drivers describe tasks so seldom (a check every 10 min, a
   * task silent for 1 min) that every status a test waits for must have come from an event.
   */
  static final boolean EVENTS = "events".equals(System.getProperty("driver.status"));
  /** The name of the events queue of {@link #EVENTS} runs (and of EventsIT). */
  static final String EVENTS_QUEUE_NAME = "driver-test-events";

  protected EcsLocal ecsLocal;
  protected EcsClient ecs;
  protected Ec2Client ec2;
  protected RecordingScheduler scheduler;
  private final List<ECSSchedulerDriver> drivers = new ArrayList<>();
  private DriverVia via;
  /** The SQS queue ecs-local delivers the cluster's events to, when {@link #EVENTS}. */
  protected String eventsQueue;

  /** Override to configure the endpoint under test. */
  protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
    return builder.timeFactor(100);
  }

  @BeforeEach
  void startEcsLocal() {
    com.amazonaws.ecs.mesos.internal.loop.LoopConfinement.reset();
    EcsLocal.Builder local = configure(EcsLocal.builder());
    ecsLocal = (EVENTS ? local.events(true) : local).build();
    ecsLocal.createCluster(CLUSTER);
    if (EVENTS) {
      eventsQueue = ecsLocal.setUpEvents(CLUSTER, EVENTS_QUEUE_NAME);
    }
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret"));
    ecs = EcsClient.builder().endpointOverride(ecsLocal.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).build();
    ec2 = Ec2Client.builder().endpointOverride(ecsLocal.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).build();
    scheduler = new RecordingScheduler();
    via = DriverVia.fromSystemProperty();
  }

  @AfterEach
  void stopAll() {
    assertThat(scheduler.overlaps()).as("callbacks never overlap").isZero();
    assertThat(com.amazonaws.ecs.mesos.internal.loop.LoopConfinement.violations())
        .as("loop-owned state touched only on the loop").isEmpty();
    for (ECSSchedulerDriver d : drivers) {
      d.abort();
      d.stop(true);
    }
    via.close();
    ecs.close();
    ec2.close();
    ecsLocal.close();
  }

  static Protos.FrameworkInfo framework(Protos.FrameworkInfo.Capability.Type... capabilities) {
    Protos.FrameworkInfo.Builder b = Protos.FrameworkInfo.newBuilder().setName("test-framework").setUser("");
    for (Protos.FrameworkInfo.Capability.Type c : capabilities) {
      b.addCapabilities(Protos.FrameworkInfo.Capability.newBuilder().setType(c));
    }
    return b.build();
  }

  /** A builder for a driver against ecs-local with fast intervals. */
  ECSSchedulerDriver.Builder builder(Protos.FrameworkInfo framework) {
    return builder(scheduler, framework);
  }

  ECSSchedulerDriver.Builder builder(RecordingScheduler s, Protos.FrameworkInfo framework) {
    ECSSchedulerDriver.Builder b = ECSSchedulerDriver.builder(s, framework);
    if (EVENTS) {
      b.eventsQueueUrl(eventsQueue).eventsCheckInterval(Duration.ofMinutes(10)).eventsSilence(Duration.ofMinutes(1));
    }
    return b
        .ecsClient(ecs)
        .ec2Client(ec2)
        .cluster(CLUSTER)
        .pollInterval(Duration.ofMillis(50))
        .offerInterval(Duration.ofMillis(50))
        .agentDisconnectTimeout(Duration.ofMillis(300))
        .outageTimeout(Duration.ofSeconds(2))
        .retries(4, Duration.ofMillis(20), Duration.ofMillis(200))
        .seed(7);
  }

  /** Remembers the driver so it is stopped after the test. */
  ECSSchedulerDriver track(ECSSchedulerDriver driver) {
    drivers.add(driver);
    return driver;
  }

  /** The driver for {@code builder}: embedded, or through a master when the suite runs so ({@link DriverVia}). */
  ECSSchedulerDriver build(ECSSchedulerDriver.Builder builder) {
    return via.build(builder);
  }

  ECSSchedulerDriver started(ECSSchedulerDriver.Builder builder) {
    ECSSchedulerDriver driver = track(build(builder));
    driver.start();
    awaitUntil(() -> scheduler.has("registered") || scheduler.has("error"));
    return driver;
  }

  static ConditionFactory waiting() {
    return await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(10));
  }

  static void awaitUntil(java.util.concurrent.Callable<Boolean> condition) {
    waiting().until(condition);
  }

  /** Registers a one-container task definition (bridge mode) whose container runs {@code command}. */
  String taskDefinition(String family, String... command) {
    ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(ContainerDefinition.builder()
        .name("main").image("busybox").memory(64).essential(true).command(command).build()));
    return family;
  }

  /** A task definition publishing container port 80 on host port {@code hostPort} (0 = dynamic). */
  String webServer(String family, int hostPort) {
    ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(ContainerDefinition.builder()
        .name("web").image("nginx").memory(64).essential(true)
        .portMappings(PortMapping.builder().containerPort(80).hostPort(hostPort).build()).build()));
    return family;
  }

  static Protos.Resource scalar(String name, double value) {
    return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
  }

  static Protos.Resource ports(long begin, long end) {
    return Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
        .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder().setBegin(begin)
            .setEnd(end))).build();
  }

  static Protos.TaskInfo task(String id, Protos.Offer offer, String command, double cpus, double mem) {
    return Protos.TaskInfo.newBuilder()
        .setName("task " + id)
        .setTaskId(Protos.TaskID.newBuilder().setValue(id))
        .setSlaveId(offer.getSlaveId())
        .addResources(scalar("cpus", cpus))
        .addResources(scalar("mem", mem))
        .setCommand(Protos.CommandInfo.newBuilder().setValue(command))
        .build();
  }

  static Protos.TaskID taskId(String id) {
    return Protos.TaskID.newBuilder().setValue(id).build();
  }

  static double scalarOf(Protos.Offer offer, String name) {
    return offer.getResourcesList().stream().filter(r -> r.getName().equals(name))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }

  /** Waits for an offer not yet used by the test, and returns it. */
  Protos.Offer awaitOffer(int index) {
    awaitUntil(() -> scheduler.offers().size() > index);
    return scheduler.offers().get(index);
  }

  /**
   * The newest offer once one was made after {@code used} (an offer already launched on or declined): with one
   * agent, the one the framework holds now. Waiting for "one more than now" instead races the offer that may
   * have come in the meantime, after which none follows while the framework holds it.
   */
  Protos.Offer awaitOfferAfter(Protos.Offer used) {
    awaitUntil(() -> {
      List<Protos.Offer> all = scheduler.offers();
      int i = all.indexOf(used);
      return i >= 0 && all.size() > i + 1;
    });
    List<Protos.Offer> all = scheduler.offers();
    return all.get(all.size() - 1);
  }

  void awaitState(String taskId, Protos.TaskState state) {
    awaitUntil(() -> scheduler.states(taskId).contains(state));
  }
}
