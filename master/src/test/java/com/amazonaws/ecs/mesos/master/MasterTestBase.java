package com.amazonaws.ecs.mesos.master;

import static org.awaitility.Awaitility.await;

import com.amazonaws.ecs.local.EcsLocal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/** ecs-local (cluster time 100× faster), real SDK clients pointed at it, and a master on a free port. */
abstract class MasterTestBase {
  static final String CLUSTER = "test";

  protected EcsLocal ecsLocal;
  protected EcsClient ecs;
  protected Ec2Client ec2;
  protected EcsMesosMaster master;
  private final List<AutoCloseable> closing = new ArrayList<>();

  /** How much faster than real time the cluster runs; 100 unless a test needs real time from the start. */
  double timeFactor() {
    return 100;
  }

  /** Whether ecs-local delivers ECS events through its SQS endpoint (off unless a test needs them). */
  boolean events() {
    return false;
  }

  @BeforeEach
  void startEcsLocal() {
    ecsLocal = EcsLocal.builder().timeFactor(timeFactor()).events(events()).build();
    ecsLocal.createCluster(CLUSTER);
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret"));
    ecs = EcsClient.builder().endpointOverride(ecsLocal.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).build();
    ec2 = Ec2Client.builder().endpointOverride(ecsLocal.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).build();
  }

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (master != null) {
      master.close();
    }
    ecs.close();
    ec2.close();
    ecsLocal.close();
  }

  EcsMesosMasterBuilder masterBuilder() {
    return EcsMesosMaster.builder().ecsClient(ecs).ec2Client(ec2).cluster(CLUSTER).port(0)
        .pollInterval(Duration.ofMillis(50)).offerInterval(Duration.ofMillis(50))
        .agentDisconnectTimeout(Duration.ofMillis(300)).heartbeatInterval(Duration.ofMillis(500));
  }

  EcsMesosMaster startMaster(EcsMesosMasterBuilder builder) throws Exception {
    master = builder.build().start();
    return master;
  }

  V1Client client(boolean json) {
    V1Client c = new V1Client(master.url(), json);
    closing.add(c);
    return c;
  }

  static ConditionFactory waiting() {
    return await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(10));
  }

  static void awaitUntil(Callable<Boolean> condition) {
    waiting().until(condition);
  }

  /** Registers a one-container task definition whose container runs {@code command}. */
  String taskDefinition(String family, String... command) {
    ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(ContainerDefinition.builder()
        .name("main").image("busybox").memory(64).essential(true).command(command).build()));
    return family;
  }

  static Protos.FrameworkInfo framework(String name, double failoverTimeout) {
    return Protos.FrameworkInfo.newBuilder().setUser("u").setName(name).setFailoverTimeout(failoverTimeout).build();
  }

  static Call subscribe(Protos.FrameworkInfo info) {
    Call.Builder c = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
    if (info.hasId()) {
      c.setFrameworkId(info.getId());
    }
    return c.build();
  }

  static Protos.FrameworkID frameworkId(V1Client c) {
    return c.events(Event.Type.SUBSCRIBED).get(0).getSubscribed().getFrameworkId();
  }

  static Protos.Resource scalar(String name, double value) {
    return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
  }

  static Protos.TaskInfo task(String id, Protos.Offer offer, String command, double cpus, double mem) {
    return Protos.TaskInfo.newBuilder().setName(id).setTaskId(Protos.TaskID.newBuilder().setValue(id))
        .setAgentId(offer.getAgentId()).addResources(scalar("cpus", cpus)).addResources(scalar("mem", mem))
        .setCommand(Protos.CommandInfo.newBuilder().setValue(command)).build();
  }

  static Call accept(Protos.FrameworkID id, Protos.Offer offer, Protos.TaskInfo... tasks) {
    Protos.Offer.Operation.Launch.Builder launch = Protos.Offer.Operation.Launch.newBuilder();
    for (Protos.TaskInfo t : tasks) {
      launch.addTaskInfos(t);
    }
    return Call.newBuilder().setFrameworkId(id).setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId()).addOperations(Protos.Offer.Operation.newBuilder()
            .setType(Protos.Offer.Operation.Type.LAUNCH).setLaunch(launch))
        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))).build();
  }

  static Call acknowledge(Protos.FrameworkID id, Protos.TaskStatus status) {
    return Call.newBuilder().setFrameworkId(id).setType(Call.Type.ACKNOWLEDGE).setAcknowledge(
        Call.Acknowledge.newBuilder().setAgentId(status.getAgentId()).setTaskId(status.getTaskId())
            .setUuid(status.getUuid())).build();
  }

  /** Every UPDATE the client got for the task, in order. */
  static List<Protos.TaskStatus> updates(V1Client c, String taskId) {
    return c.events(Event.Type.UPDATE).stream().map(e -> e.getUpdate().getStatus())
        .filter(s -> s.getTaskId().getValue().equals(taskId)).toList();
  }

  static List<Protos.Offer> offers(V1Client c) {
    return c.events(Event.Type.OFFERS).stream().flatMap(e -> e.getOffers().getOffersList().stream()).toList();
  }

  URI url() {
    return master.url();
  }
}
