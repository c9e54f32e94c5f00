package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.CallListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Masters contending in a real ZooKeeper (in this JVM): one leads and serves, the others redirect to it, Mesos's
 * node layout says who leads, a new leader takes over when the leader dies, and a leader whose ZooKeeper
 * connection goes stops acting on ECS.
 */
class MasterHaIT extends MasterTestBase {
  private TestingServer zk;
  private final List<EcsMesosMaster> masters = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void startZooKeeper() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stopMasters() throws Exception {
    for (EcsMesosMaster m : masters) {
      m.close();
    }
    zk.close();
  }

  private EcsMesosMaster candidate() throws Exception {
    EcsMesosMaster m = masterBuilder().zk("zk://" + zk.getConnectString() + "/mesos")
        .zkSessionTimeout(Duration.ofSeconds(4)).build().start();
    masters.add(m);
    return m;
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void oneLeadsTheOthersRedirectToItAndZooKeeperSaysWhoLeadsInMesossLayout() throws Exception {
    EcsMesosMaster first = candidate();
    awaitUntil(first::leading);
    EcsMesosMaster second = candidate();
    assertThat(second.leading()).isFalse();

    String leaderLocation = "//127.0.0.1:" + first.port();
    awaitUntil(() -> get(second.url(), "/redirect").headers().firstValue("Location").orElse("")
        .equals(leaderLocation));
    assertThat(get(second.url(), "/redirect").statusCode()).isEqualTo(307);
    assertThat(get(first.url(), "/master/redirect").headers().firstValue("Location")).hasValue(leaderLocation);
    HttpResponse<String> subscribe = http.send(HttpRequest.newBuilder(second.url().resolve("/api/v1/scheduler"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(subscribe.statusCode()).isEqualTo(307);
    assertThat(subscribe.headers().firstValue("Location")).hasValue(leaderLocation + "/api/v1/scheduler");
    assertThat(get(second.url(), "/master/state").body()).contains("\"leader\":\"master@127.0.0.1:" + first.port());

    try (CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      client.start();
      List<String> nodes = client.getChildren().forPath("/mesos");
      assertThat(nodes).hasSize(2).allSatisfy(n -> assertThat(n).matches("json\\.info_\\d{10}"));
      String lowest = nodes.stream().sorted().findFirst().orElseThrow();
      assertThat("/mesos/" + lowest).isEqualTo(first.zkNode());
      String json = new String(client.getData().forPath("/mesos/" + lowest), StandardCharsets.UTF_8);
      assertThat(json).contains("\"hostname\":\"127.0.0.1\"").contains("\"port\":" + first.port())
          .contains("\"version\":\"1.11.0\"").contains("\"address\":{");
    }
  }

  @Test
  void whenTheLeaderDiesAnotherLeadsAndAFrameworkGetsItsTaskBackFromEcs() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    String def = taskDefinition("forever", "serve");
    EcsMesosMaster first = candidate();
    awaitUntil(first::leading);
    EcsMesosMaster second = candidate();

    V1Client c = new V1Client(first.url(), false);
    c.subscribe(subscribe(framework("ha", 3600)));
    awaitUntil(() -> !offers(c).isEmpty());
    Protos.FrameworkID id = frameworkId(c);
    Protos.Offer offer = offers(c).get(0);
    c.call(accept(id, offer, task("t1", offer, def, 0.1, 32)));
    awaitUntil(() -> acknowledged(c, "t1").contains(TaskState.TASK_RUNNING));
    c.close();

    first.close(); // the leader's process dies: its ZooKeeper session ends with it
    awaitUntil(second::leading);

    V1Client again = new V1Client(second.url(), false);
    again.subscribe(subscribe(framework("ha", 3600).toBuilder().setId(id).build()));
    awaitUntil(() -> !again.events(org.apache.mesos.v1.scheduler.Protos.Event.Type.SUBSCRIBED).isEmpty());
    again.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder().setFrameworkId(id)
        .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.RECONCILE)
        .setReconcile(org.apache.mesos.v1.scheduler.Protos.Call.Reconcile.getDefaultInstance()).build());
    awaitUntil(() -> acknowledged(again, "t1").contains(TaskState.TASK_RUNNING));
    assertThat(ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns()).hasSize(1);
    again.close();
  }

  private final java.util.Set<com.google.protobuf.ByteString> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The task's states so far, acknowledging each update as a framework does (the next one waits for it). */
  private List<TaskState> acknowledged(V1Client c, String taskId) throws Exception {
    List<Protos.TaskStatus> all = updates(c, taskId);
    for (Protos.TaskStatus s : all) {
      if (s.hasUuid() && acked.add(s.getUuid())) {
        c.call(acknowledge(frameworkId(c), s));
      }
    }
    return all.stream().map(Protos.TaskStatus::getState).toList();
  }

  /**
   * An unmodified V0 framework given {@code zk://} (as Marathon is): its driver finds the leader in ZooKeeper,
   * and when the leader dies it hears {@code disconnected()}, then {@code reregistered()} with the new leader.
   */
  @Test
  void aV0DriverGivenZkFollowsTheLeader() throws Exception {
    followsTheLeader((scheduler, framework) -> com.amazonaws.ecs.mesos.ECSSchedulerDriver.builder(scheduler,
        framework).master("zk://" + zk.getConnectString() + "/mesos").build());
  }

  /**
   * The drop-in jar's {@code MesosSchedulerDriver(scheduler, framework, master)}, as Marathon calls it with its
   * {@code --master zk://...}, builds the driver with this constructor: it finds and follows the leader too.
   */
  @Test
  void theConstructorTheDropInJarCallsFollowsTheLeaderGivenZk() throws Exception {
    followsTheLeader((scheduler, framework) -> new com.amazonaws.ecs.mesos.ECSSchedulerDriver(scheduler, framework,
        "zk://" + zk.getConnectString() + "/mesos"));
  }

  private void followsTheLeader(java.util.function.BiFunction<com.amazonaws.ecs.mesos.RecordingScheduler,
      org.apache.mesos.Protos.FrameworkInfo, com.amazonaws.ecs.mesos.ECSSchedulerDriver> make) throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 1024, 1024);
    EcsMesosMaster first = candidate();
    awaitUntil(first::leading);
    EcsMesosMaster second = candidate();
    com.amazonaws.ecs.mesos.RecordingScheduler scheduler = new com.amazonaws.ecs.mesos.RecordingScheduler();
    com.amazonaws.ecs.mesos.ECSSchedulerDriver driver = make.apply(scheduler,
        org.apache.mesos.Protos.FrameworkInfo.newBuilder().setName("marathon").setUser("")
            .setFailoverTimeout(3600).build());
    try {
      driver.start();
      awaitUntil(() -> scheduler.has("registered"));
      assertThat(scheduler.masterInfo().getPort()).isEqualTo(first.port());
      first.close();
      awaitUntil(() -> scheduler.has("reregistered"));
      assertThat(scheduler.names()).containsSubsequence("registered", "disconnected", "reregistered");
      assertThat(second.leading()).isTrue();
      org.apache.mesos.Protos.MasterInfo again = scheduler.<org.apache.mesos.Protos.MasterInfo>args("reregistered")
          .get(0);
      assertThat(again.getPort()).as("reregistered with the new leader").isEqualTo(second.port());
    } finally {
      driver.stop(true);
    }
  }

  /** A V0 framework given the list of masters: subscribes through whichever answers, and moves on when one dies. */
  @Test
  void aV0DriverGivenTheMasterListFollowsTheLeader() throws Exception {
    EcsMesosMaster first = candidate();
    awaitUntil(first::leading);
    EcsMesosMaster second = candidate();
    com.amazonaws.ecs.mesos.RecordingScheduler scheduler = new com.amazonaws.ecs.mesos.RecordingScheduler();
    com.amazonaws.ecs.mesos.ECSSchedulerDriver driver = com.amazonaws.ecs.mesos.ECSSchedulerDriver.builder(scheduler,
        org.apache.mesos.Protos.FrameworkInfo.newBuilder().setName("listed").setUser("")
            .setFailoverTimeout(3600).build())
        .master(first.url() + "," + second.url()).build();
    try {
      driver.start();
      awaitUntil(() -> scheduler.has("registered"));
      first.close();
      awaitUntil(() -> scheduler.has("reregistered"));
      assertThat(scheduler.names()).containsSubsequence("registered", "disconnected", "reregistered");
    } finally {
      driver.stop(true);
    }
  }

  @Test
  void aLeaderThatLosesZooKeeperStopsActingOnEcs() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    EcsMesosMaster leader = candidate();
    awaitUntil(leader::leading);
    AtomicInteger calls = new AtomicInteger();
    ecsLocal.onCall(CallListener.before((action, body) -> calls.incrementAndGet()));
    awaitUntil(() -> calls.get() > 0); // it sweeps the cluster while it leads

    zk.stop(); // the ensemble is gone: the leader cannot know whether its session lives
    String why = leader.terminated().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(why).contains("ZooKeeper connection");
    assertThat(leader.leading()).isFalse();
    int after = calls.get();
    waiting().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> calls.get() == after);
  }
}
