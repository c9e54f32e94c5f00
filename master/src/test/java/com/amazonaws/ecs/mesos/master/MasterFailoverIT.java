package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.CallListener;
import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.test.TestingServer;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

/**
 * Three masters in ZooKeeper, three V0 frameworks given {@code zk://}, launching while the leader dies: every task
 * ends TASK_FINISHED, none has two ECS tasks, and launching resumes through the new leader within 15 s.
 */
class MasterFailoverIT extends MasterTestBase {
  static final int TASKS_PER_FRAMEWORK = 100;
  private TestingServer zk;
  private final List<EcsMesosMaster> masters = new ArrayList<>();
  private final List<ECSSchedulerDriver> drivers = new ArrayList<>();

  @BeforeEach
  void startZooKeeper() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stopAll2() throws Exception {
    for (ECSSchedulerDriver d : drivers) {
      d.stop(true);
    }
    for (EcsMesosMaster m : masters) {
      m.close();
    }
    zk.close();
  }

  /** Wants its tasks finished once each: launches them from offers, and again when one is lost or dropped. */
  static final class Relauncher implements Scheduler {
    private final String prefix;
    private final Set<String> pending = new LinkedHashSet<>();
    private final Map<String, Protos.TaskState> last = new HashMap<>();
    /** Every task launched, with its last state (TASK_STAGING until an update says otherwise). */
    private final Map<String, Protos.TaskState> launched = new HashMap<>();
    private final Map<String, Integer> finished = new HashMap<>();

    Relauncher(String prefix, int tasks) {
      this.prefix = prefix;
      for (int i = 0; i < tasks; i++) {
        pending.add(prefix + i);
      }
    }

    synchronized int finishedTasks() {
      return finished.size();
    }

    synchronized Map<String, Integer> finished() {
      return new HashMap<>(finished);
    }

    @Override
    public synchronized void resourceOffers(SchedulerDriver driver, List<Protos.Offer> offers) {
      for (Protos.Offer offer : offers) {
        double cpus = offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
            .mapToDouble(r -> r.getScalar().getValue()).sum();
        List<Protos.TaskInfo> launch = new ArrayList<>();
        for (String id : new ArrayList<>(pending)) {
          if (cpus < 0.1) {
            break;
          }
          cpus -= 0.1;
          pending.remove(id);
          launched.put(id, Protos.TaskState.TASK_STAGING);
          launch.add(Protos.TaskInfo.newBuilder().setName(id).setTaskId(Protos.TaskID.newBuilder().setValue(id))
              .setSlaveId(offer.getSlaveId())
              .addResources(Protos.Resource.newBuilder().setName("cpus").setType(Protos.Value.Type.SCALAR)
                  .setScalar(Protos.Value.Scalar.newBuilder().setValue(0.1)))
              .addResources(Protos.Resource.newBuilder().setName("mem").setType(Protos.Value.Type.SCALAR)
                  .setScalar(Protos.Value.Scalar.newBuilder().setValue(16)))
              .setCommand(Protos.CommandInfo.newBuilder().setValue("sleep 2")).build());
        }
        driver.launchTasks(List.of(offer.getId()), launch, Protos.Filters.newBuilder().setRefuseSeconds(0).build());
      }
    }

    @Override
    public synchronized void statusUpdate(SchedulerDriver driver, Protos.TaskStatus status) {
      String id = status.getTaskId().getValue();
      last.put(id, status.getState());
      launched.put(id, status.getState());
      switch (status.getState()) {
        case TASK_FINISHED:
          finished.merge(id, 1, Integer::sum);
          break;
        case TASK_LOST:
        case TASK_DROPPED:
        case TASK_GONE:
        case TASK_FAILED:
        case TASK_KILLED:
        case TASK_ERROR:
          if (!finished.containsKey(id)) {
            pending.add(id); // as Marathon would: its task must run, so it is launched again
          }
          break;
        default:
          break;
      }
    }

    @Override
    public void registered(SchedulerDriver driver, Protos.FrameworkID id, Protos.MasterInfo master) {
    }

    /**
     * As Marathon does on re-registering: asks after every task it launched and has not seen end, by ID, so that
     * the new leader answers TASK_LOST for a launch it never heard of (the old leader died before sending it to
     * ECS) and the task is launched again.
     */
    @Override
    public synchronized void reregistered(SchedulerDriver driver, Protos.MasterInfo master) {
      List<Protos.TaskStatus> ask = new ArrayList<>();
      for (Map.Entry<String, Protos.TaskState> e : launched.entrySet()) {
        if (!finished.containsKey(e.getKey()) && !pending.contains(e.getKey())) {
          ask.add(Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(e.getKey()))
              .setState(e.getValue()).build());
        }
      }
      driver.reconcileTasks(ask);
    }

    @Override
    public void offerRescinded(SchedulerDriver driver, Protos.OfferID id) {
    }

    @Override
    public void frameworkMessage(SchedulerDriver d, Protos.ExecutorID e, Protos.SlaveID s, byte[] data) {
    }

    @Override
    public void disconnected(SchedulerDriver driver) {
    }

    @Override
    public void slaveLost(SchedulerDriver driver, Protos.SlaveID id) {
    }

    @Override
    public void executorLost(SchedulerDriver d, Protos.ExecutorID e, Protos.SlaveID s, int status) {
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
    }
  }

  @Test
  void frameworksKeepLaunchingThroughANewLeaderAndNoTaskIsLostOrDoubled() throws Exception {
    ecsLocal.addInstances(CLUSTER, 6, 4096, 8192);
    for (int i = 0; i < 3; i++) {
      masters.add(masterBuilder().zk("zk://" + zk.getConnectString() + "/mesos")
          .zkSessionTimeout(Duration.ofSeconds(4)).build().start());
    }
    awaitUntil(() -> masters.get(0).leading());
    AtomicLong lastRunTask = new AtomicLong();
    ecsLocal.onCall(CallListener.before((action, body) -> {
      if (action.equals("RunTask")) {
        lastRunTask.set(System.nanoTime());
      }
    }));
    List<Relauncher> frameworks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Relauncher f = new Relauncher("f" + i + "-", TASKS_PER_FRAMEWORK);
      frameworks.add(f);
      ECSSchedulerDriver d = ECSSchedulerDriver.builder(f, Protos.FrameworkInfo.newBuilder().setName("f" + i)
          .setUser("").setFailoverTimeout(3600).build()).master("zk://" + zk.getConnectString() + "/mesos").build();
      drivers.add(d);
      d.start();
    }
    awaitUntil(() -> frameworks.stream().mapToInt(Relauncher::finishedTasks).sum() >= 30);

    long killed = System.nanoTime();
    masters.get(0).close(); // the leader dies in the middle of the launches
    waiting().atMost(Duration.ofSeconds(15)).until(() -> lastRunTask.get() > killed);
    double gapSeconds = (lastRunTask.get() - killed) / 1e9;

    await60(() -> frameworks.stream().mapToInt(Relauncher::finishedTasks).sum() == 3 * TASKS_PER_FRAMEWORK);
    for (Relauncher f : frameworks) {
      // TASK_FINISHED may come twice (updates are resent at least once across a failover, and reconciliation
      // answers with the last state): what matters is that every task finished and ran once.
      assertThat(f.finished()).hasSize(TASKS_PER_FRAMEWORK);
    }
    Map<String, Integer> ecsTasksById = ecsTasksByMesosTaskId();
    assertThat(ecsTasksById).hasSize(3 * TASKS_PER_FRAMEWORK);
    assertThat(ecsTasksById.values()).as("one ECS task per Mesos task").allMatch(n -> n == 1);
    assertThat(gapSeconds).as("launching resumed %.1f s after the leader died", gapSeconds).isLessThan(15);
  }

  /**
   * Issue 13's partition: the leader loses ZooKeeper but not ECS. It stops acting on ECS at once (its last call
   * comes before the new leader's first, and within the session timeout of the cut), another master leads once the
   * old session expires, and the framework's tasks all finish, each with one ECS task.
   */
  @Test
  void aLeaderCutOffFromZooKeeperStopsActingOnEcsBeforeAnotherLeads() throws Exception {
    ecsLocal.addInstances(CLUSTER, 6, 4096, 8192);
    Duration sessionTimeout = Duration.ofSeconds(4);
    CallTimes cutOff = new CallTimes();
    CallTimes successor = new CallTimes();
    try (TcpProxy toZk = new TcpProxy(zk.getPort())) {
      EcsMesosMaster first = masterBuilder().ecsClient(cutOff.client(ecsLocal.endpoint()))
          .zk("zk://127.0.0.1:" + toZk.port() + "/mesos").zkSessionTimeout(sessionTimeout).build().start();
      masters.add(first);
      awaitUntil(first::leading);
      EcsMesosMaster second = masterBuilder().ecsClient(successor.client(ecsLocal.endpoint()))
          .zk("zk://" + zk.getConnectString() + "/mesos").zkSessionTimeout(sessionTimeout).build().start();
      masters.add(second);
      Relauncher f = new Relauncher("p-", 200);
      ECSSchedulerDriver d = ECSSchedulerDriver.builder(f, Protos.FrameworkInfo.newBuilder().setName("partitioned")
          .setUser("").setFailoverTimeout(3600).build()).master("zk://" + zk.getConnectString() + "/mesos").build();
      drivers.add(d);
      d.start();
      awaitUntil(() -> f.finishedTasks() >= 20);
      assertThat(successor.count()).as("a follower makes no ECS call").isZero();

      long cut = System.nanoTime();
      toZk.cut();
      assertThat(first.terminated().get(10, java.util.concurrent.TimeUnit.SECONDS)).contains("ZooKeeper");
      awaitUntil(second::leading);
      await60(() -> f.finishedTasks() == 200);

      assertThat(cutOff.last()).as("the cut-off leader's last ECS call came before the new leader's first")
          .isLessThan(successor.first());
      assertThat(Duration.ofNanos(cutOff.last() - cut)).as("it stopped acting within the session timeout")
          .isLessThan(sessionTimeout);
      assertThat(ecsTasksByMesosTaskId()).hasSize(200).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    } finally {
      cutOff.close();
      successor.close();
    }
  }

  /**
   * A leader gone with its RunTask on the wire, which ECS carries out only after the next leader has read the
   * cluster (ecs-local holds that call 12 s; the leader is cut off from ZooKeeper and ECS as the call leaves, and its
   * 4 s session expires first): the new leader does not know that ECS task, the framework is never told of it, and
   * the orphan sweep stops it.
   */
  @Test
  void aLaunchEcsCarriesOutAfterTheNewLeaderReadTheClusterIsStopped() throws Exception {
    ecsLocal.addInstances(CLUSTER, 1, 2048, 2048);
    String def = taskDefinition("forever", "serve");
    Duration sessionTimeout = Duration.ofSeconds(4);
    CallTimes cutOffEcs = new CallTimes();
    try (TcpProxy toZk = new TcpProxy(zk.getPort());
        TcpProxy toEcs = new TcpProxy(ecsLocal.endpoint().getPort())) {
      EcsMesosMaster first = masterBuilder().ecsClient(cutOffEcs.client(
          java.net.URI.create("http://127.0.0.1:" + toEcs.port()))).zk("zk://127.0.0.1:" + toZk.port() + "/mesos")
          .zkSessionTimeout(sessionTimeout).orphanSweepInterval(Duration.ofMillis(500)).build().start();
      masters.add(first);
      awaitUntil(first::leading);
      EcsMesosMaster second = masterBuilder().zk("zk://" + zk.getConnectString() + "/mesos")
          .zkSessionTimeout(sessionTimeout).orphanSweepInterval(Duration.ofMillis(500)).build().start();
      masters.add(second);

      V1Client before = new V1Client(first.url(), true);
      before.subscribe(subscribe(framework("late", 3600)));
      awaitUntil(() -> !offers(before).isEmpty());
      org.apache.mesos.v1.Protos.FrameworkID id = frameworkId(before);
      org.apache.mesos.v1.Protos.Offer offer = offers(before).get(0);
      ecsLocal.injectFaults("latency:RunTask:12s@x1");
      before.call(accept(id, offer, task("late-1", offer, def, 0.25, 64)));
      awaitUntil(() -> ecsLocal.faults().isEmpty()); // the RunTask reached ECS, which holds it 12 s
      toZk.cut();
      toEcs.cut();
      before.close();

      awaitUntil(second::leading);
      assertThat(ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns()).as("the new leader read no task").isEmpty();
      try (V1Client after = new V1Client(second.url(), true)) {
        after.subscribe(subscribe(framework("late", 3600).toBuilder().setId(id).build()));
        awaitUntil(() -> !after.events(org.apache.mesos.v1.scheduler.Protos.Event.Type.SUBSCRIBED).isEmpty());
        await60(() -> !ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(DesiredStatus.STOPPED))
            .taskArns().isEmpty());
        String arn = ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(DesiredStatus.STOPPED)).taskArns().get(0);
        Task orphan = ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arn).include(TaskField.TAGS)).tasks().get(0);
        assertThat(orphan.tags()).contains(Tag.builder().key("mesos.task-id").value("late-1").build());
        assertThat(orphan.stoppedReason()).isEqualTo(
            "Orphan: an ECS task of a Mesos task the master does not track");
        assertThat(ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(DesiredStatus.RUNNING)).taskArns()).isEmpty();
        assertThat(updates(after, "late-1")).as("the framework never hears of the orphan").isEmpty();
      }
    } finally {
      cutOffEcs.close();
    }
  }

  /** An ECS client that records when each call of one master leaves. */
  static final class CallTimes implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
    private final java.util.concurrent.ConcurrentLinkedQueue<Long> sent =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    private software.amazon.awssdk.services.ecs.EcsClient client;

    @Override
    public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
        software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
      sent.add(System.nanoTime());
    }

    software.amazon.awssdk.services.ecs.EcsClient client(java.net.URI endpoint) {
      client = software.amazon.awssdk.services.ecs.EcsClient.builder().endpointOverride(endpoint)
          .region(software.amazon.awssdk.regions.Region.US_EAST_1)
          .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
              software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDLOCAL", "secret")))
          .overrideConfiguration(c -> c.addExecutionInterceptor(this)).build();
      return client;
    }

    int count() {
      return sent.size();
    }

    long first() {
      return sent.stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    long last() {
      return sent.stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
    }

    void close() {
      if (client != null) {
        client.close();
      }
    }
  }

  private static void await60(java.util.concurrent.Callable<Boolean> condition) {
    waiting().atMost(Duration.ofSeconds(60)).until(condition);
  }

  private Map<String, Integer> ecsTasksByMesosTaskId() {
    List<String> arns = new ArrayList<>();
    for (DesiredStatus s : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      String token = null;
      do {
        final String t = token;
        var page = ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(s).nextToken(t));
        arns.addAll(page.taskArns());
        token = page.nextToken();
      } while (token != null);
    }
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < arns.size(); i += 100) {
      List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
      for (Task t : ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(batch).include(TaskField.TAGS)).tasks()) {
        for (Tag tag : t.tags()) {
          if (tag.key().equals("mesos.task-id")) {
            out.merge(tag.value(), 1, Integer::sum);
          }
        }
      }
    }
    return out;
  }
}
