package com.amazonaws.ecs.cli.bench;

import com.amazonaws.ecs.cli.CommandFailure;
import com.amazonaws.ecs.local.EcsLocal;
import com.amazonaws.ecs.local.Stats;
import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.mesos.Protos;
import org.apache.curator.test.TestingServer;

/**
 * {@code bench --masters M}: M {@code ecs-mesos master} processes contending in a ZooKeeper (embedded in the bench's
 * JVM), F frameworks launching the tasks through them (all but the last given {@code zk://}, the last the list of
 * masters), and the leading master killed with SIGKILL once a share of the ECS tasks exist. The frameworks launch
 * again what is reported lost, as Marathon does; the run then checks that every task finished, none has two ECS
 * tasks, and says how long each framework went without an ECS task created after the kill.
 */
final class FailoverBench {
  private final PrintWriter out;
  private final EcsLocal ecsLocal;
  private final EcsTaskChanges changes;
  private final String taskDefinition;
  private final int masters;
  private final int frameworkCount;
  private final int tasks;
  private final double killAt;
  private final java.time.Duration zkSessionTimeout;
  private final LongSupplier nanos = System::nanoTime;

  FailoverBench(PrintWriter out, EcsLocal ecsLocal, EcsTaskChanges changes, String taskDefinition, int masters,
      int frameworkCount, int tasks, double killAt, java.time.Duration zkSessionTimeout) {
    this.zkSessionTimeout = zkSessionTimeout;
    this.out = out;
    this.ecsLocal = ecsLocal;
    this.changes = changes;
    this.taskDefinition = taskDefinition;
    this.masters = masters;
    this.frameworkCount = frameworkCount;
    this.tasks = tasks;
    this.killAt = killAt;
  }

  int run() throws Exception {
    Path dir = Files.createTempDirectory("ecs-mesos-failover-bench");
    List<Process> processes = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    List<ECSSchedulerDriver> drivers = new ArrayList<>();
    try (TestingServer zk = new TestingServer(freePort(), dir.resolve("zk").toFile(), true)) {
      String zkUrl = "zk://" + zk.getConnectString() + "/mesos";
      for (int i = 0; i < masters; i++) {
        int port = freePort();
        ports.add(port);
        processes.add(master(zkUrl, port, dir.resolve("master-" + (i + 1) + ".log").toFile()));
      }
      int leader = awaitLeader(ports, processes);
      out.printf(Locale.ROOT, "failover: %d masters in %s (ZooKeeper session timeout %d ms; logs in %s), leader on "
          + "port %d%n", masters, zkUrl, zkSessionTimeout.toMillis(), dir, leader);
      out.flush();
      StringBuilder list = new StringBuilder();
      for (int p : ports) {
        list.append(list.length() == 0 ? "" : ",").append("http://127.0.0.1:").append(p);
      }
      List<BenchFramework> frameworks = new ArrayList<>();
      for (int i = 0; i < frameworkCount; i++) {
        int share = tasks / frameworkCount + (i < tasks % frameworkCount ? 1 : 0);
        BenchFramework f = new BenchFramework(share, BenchFramework.TASK_ID_PREFIX + (i + 1) + "-", taskDefinition,
            nanos).relaunchingLost();
        frameworks.add(f);
        String master = i < frameworkCount - 1 ? zkUrl : list.toString();
        drivers.add(ECSSchedulerDriver.builder(f, Protos.FrameworkInfo.newBuilder().setName("failover bench " + (i + 1))
            .setUser("").setFailoverTimeout(3600).build()).master(master).build());
      }
      long start = nanos.getAsLong();
      drivers.forEach(ECSSchedulerDriver::start);
      long killNanos = 0;
      long electedNanos = 0;
      int killedPort = 0;
      long lastSeen = start;
      int lastCreated = -1;
      while (!frameworks.stream().allMatch(f -> f.progress().finished() >= f.tasks())) {
        Thread.sleep(250); // a progress poll, not a wait for a condition: the loop checks its own condition
        int created = changes.created();
        if (created != lastCreated) {
          lastCreated = created;
          lastSeen = nanos.getAsLong();
        }
        if (killNanos == 0 && created >= killAt * tasks) {
          int port = leaderPort(ports);
          Process p = processes.get(ports.indexOf(port));
          killNanos = nanos.getAsLong();
          killedPort = port;
          p.destroyForcibly();
          out.printf(Locale.ROOT, "failover: %d ECS tasks created; killed the leader (port %d, pid %d) with SIGKILL at "
              + "%s (load average %.2f)%n", created, port, p.pid(), java.time.Instant.now(),
              java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
          out.flush();
        }
        if (killNanos != 0 && electedNanos == 0) {
          // A survivor's /redirect names the old leader until its ZooKeeper session expires, then the new one.
          List<Integer> survivors = new ArrayList<>(ports);
          survivors.remove(Integer.valueOf(killedPort));
          int now = leaderPort(survivors);
          if (now != 0 && now != killedPort) {
            electedNanos = nanos.getAsLong();
            out.printf(Locale.ROOT, "failover: the master on port %d leads, %.1f s after the kill%n", now,
                (electedNanos - killNanos) / 1e9);
            out.flush();
          }
        }
        if (nanos.getAsLong() - Math.max(lastSeen, maxChange(frameworks)) > BenchCommand.STALL.toNanos()) {
          throw new CommandFailure("nothing changed for " + BenchCommand.STALL.toSeconds() + " s");
        }
      }
      double wall = (nanos.getAsLong() - start) / 1e9;
      return report(frameworks, killNanos, electedNanos, wall);
    } finally {
      for (ECSSchedulerDriver d : drivers) {
        d.stop(true);
      }
      for (Process p : processes) {
        p.destroyForcibly();
      }
    }
  }

  private static long maxChange(List<BenchFramework> frameworks) {
    long max = 0;
    for (BenchFramework f : frameworks) {
      max = Math.max(max, f.lastChangeNanos());
    }
    return max;
  }

  private int report(List<BenchFramework> frameworks, long killNanos, long electedNanos, double wall) {
    Stats stats = ecsLocal.stats();
    List<EcsTaskChanges.Seen> seen = changes.tasks();
    Map<String, String> idByArn = BenchCommand.mesosTaskIds(ecsLocal, seen);
    Map<String, Integer> ecsTasksById = new HashMap<>();
    Map<String, List<Long>> createdAfterKill = new HashMap<>();
    for (EcsTaskChanges.Seen s : seen) {
      String id = idByArn.get(s.arn());
      if (id == null) {
        continue;
      }
      ecsTasksById.merge(id, 1, Integer::sum);
      String prefix = id.substring(0, id.indexOf('-', BenchFramework.TASK_ID_PREFIX.length()) + 1);
      if (s.createdNanos() > killNanos) {
        createdAfterKill.computeIfAbsent(prefix, k -> new ArrayList<>()).add(s.createdNanos());
      }
    }
    int finished = 0;
    int relaunched = 0;
    List<String> gaps = new ArrayList<>();
    double maxGap = 0;
    List<String> backs = new ArrayList<>();
    double maxBack = 0;
    for (BenchFramework f : frameworks) {
      finished += f.progress().finished();
      relaunched += f.relaunched();
      List<Long> created = createdAfterKill.get(f.idPrefix());
      double gap = longestPause(killNanos, created);
      long back = created == null ? 0 : created.stream().mapToLong(Long::longValue).filter(n -> n > electedNanos)
          .min().orElse(0);
      if (back != 0 && electedNanos != 0) {
        maxBack = Math.max(maxBack, (back - killNanos) / 1e9);
        backs.add(String.format(Locale.ROOT, "%.1f", (back - killNanos) / 1e9));
      } else {
        backs.add("-");
      }
      if (created != null && !created.isEmpty()) {
        long[] window = longestPauseWindow(killNanos, created);
        out.printf(Locale.ROOT, "failover: %s back to launching (its first ECS task from the new leader) %s s after "
            + "the kill; longest pause %.1f s (%.1f to %.1f s after the kill)%n", f.idPrefix(),
            backs.get(backs.size() - 1), gap, (window[0] - killNanos) / 1e9, (window[1] - killNanos) / 1e9);
      }
      maxGap = Double.isNaN(gap) ? maxGap : Math.max(maxGap, gap);
      gaps.add(Double.isNaN(gap) ? "-" : String.format(Locale.ROOT, "%.1f", gap));
    }
    long duplicates = ecsTasksById.values().stream().filter(n -> n > 1).count();
    int lost = tasks - finished;
    out.printf(Locale.ROOT, "ECS calls: %d received, %d throttled%n", stats.totalCalls(), stats.throttled());
    out.printf(Locale.ROOT, "RESULT tasks=%d finished=%d lost=%d duplicates=%d frameworks=%d masters=%d "
        + "relaunched=%d back_s_max=%.1f back_s=%s gap_s_max=%.1f gaps_s=%s api_calls=%d throttled=%d wall_s=%.1f%n",
        tasks, finished, lost, duplicates, frameworkCount, masters, relaunched, maxBack, String.join(",", backs),
        maxGap, String.join(",", gaps), stats.totalCalls(),
        stats.throttled(), wall);
    out.flush();
    if (lost > 0 || duplicates > 0) {
      throw new CommandFailure(lost + " of " + tasks + " tasks lost, " + duplicates + " with more than one ECS task");
    }
    return 0;
  }

  /**
   * The longest time, from the kill on, a framework went without an ECS task of its own being created: the kill and
   * each creation after it, in order, and the largest step between two. NaN when it created none after the kill
   * (all its tasks existed before).
   */
  static double longestPause(long killNanos, List<Long> createdAfterKill) {
    if (createdAfterKill == null || createdAfterKill.isEmpty()) {
      return Double.NaN;
    }
    long[] window = longestPauseWindow(killNanos, createdAfterKill);
    return (window[1] - window[0]) / 1e9;
  }

  /** Where the longest pause of {@link #longestPause} lies: its start and end (nanos). */
  static long[] longestPauseWindow(long killNanos, List<Long> createdAfterKill) {
    List<Long> points = new ArrayList<>(createdAfterKill);
    points.add(killNanos);
    points.sort(null);
    long[] longest = {killNanos, killNanos};
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i) - points.get(i - 1) > longest[1] - longest[0]) {
        longest = new long[] {points.get(i - 1), points.get(i)};
      }
    }
    return longest;
  }

  /** One {@code ecs-mesos master} process, a candidate in {@code zkUrl}, on ecs-local. */
  private Process master(String zkUrl, int port, File log) throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder b = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "com.amazonaws.ecs.cli.EcsMesos", "master", "--endpoint", ecsLocal.endpoint().toString(), "--region",
        ecsLocal.region(), "--cluster", BenchCommand.CLUSTER, "--zk", zkUrl, "--port", Integer.toString(port),
        "--zk-session-timeout", zkSessionTimeout.toMillis() + "ms", "--log-level", "INFO");
    b.environment().put("AWS_ACCESS_KEY_ID", "bench");
    b.environment().put("AWS_SECRET_ACCESS_KEY", "bench");
    b.environment().put("AWS_ENDPOINT_URL_EC2", ecsLocal.endpoint().toString());
    b.redirectErrorStream(true).redirectOutput(log);
    return b.start();
  }

  /** Waits for a master to lead (its peers redirect to it); its port. */
  private int awaitLeader(List<Integer> ports, List<Process> processes) throws Exception {
    long deadline = nanos.getAsLong() + 120_000_000_000L;
    while (nanos.getAsLong() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new CommandFailure("a master exited at start (code " + p.exitValue() + "); see its log");
        }
      }
      int port = leaderPort(ports);
      if (port > 0) {
        return port;
      }
      Thread.sleep(200); // polling the masters' /redirect until one names a leader
    }
    throw new CommandFailure("no master was elected within 120 s");
  }

  /** The port of the leader, as any live master's {@code /redirect} says; 0 when none does yet. */
  private static int leaderPort(List<Integer> ports) {
    for (int p : ports) {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + p + "/redirect").toURL()
            .openConnection();
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        int status = c.getResponseCode();
        String location = c.getHeaderField("Location");
        c.disconnect();
        if (status == 307 && location != null) {
          return Integer.parseInt(location.substring(location.lastIndexOf(':') + 1).replaceAll("[^0-9].*$", ""));
        }
      } catch (IOException | RuntimeException e) {
        // that master is not up, or was killed: ask the next
      }
    }
    return 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
