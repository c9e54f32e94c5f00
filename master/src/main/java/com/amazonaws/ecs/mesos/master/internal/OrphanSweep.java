package com.amazonaws.ecs.mesos.master.internal;

import com.amazonaws.ecs.mesos.internal.cluster.Cluster;
import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.session.FrameworkSession;
import com.amazonaws.ecs.mesos.internal.tasks.TrackedTask;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Stops the ECS tasks that carry a subscribed framework's tags but that the master does not track. They come from a
 * master that is gone: it had a RunTask on the wire when it died (or lost its ZooKeeper session), and ECS carried it
 * out after the new leader had read the cluster. The framework has been told that task is lost, or never heard of
 * it, and may have launched it again: left alone it would run unseen, a second copy. A Mesos master likewise kills
 * the tasks an agent brings back that their framework was told are lost.
 *
 * <p>Every interval, per subscribed framework: {@code ListTasks} by its {@code startedBy}, desired RUNNING
 * (⌈T/100⌉ reads for T tasks), and a description with tags of the tasks its book does not hold. A task is stopped
 * once it has been unknown for a whole interval on this master's clock (a launch whose answer is on its way is
 * known by then; ECS's {@code createdAt} is another machine's clock) and while no launch of its Mesos task waits for
 * an answer (that launch's lookup adopts it). Loop thread.
 */
final class OrphanSweep {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);
  static final String REASON = "Orphan: an ECS task of a Mesos task the master does not track";

  private final DriverLoop loop;
  private final Cluster cluster;
  private final long intervalMillis;
  /**
   * By framework ID: when each of its ECS tasks the master does not track was first found so, by ARN. A framework's
   * map is replaced by each of its complete listings, so a task no longer listed (stopped) or now known drops out.
   */
  private final Map<String, Map<String, Long>> unknownSince = new HashMap<>();
  private int listingsInFlight;
  private boolean stopped;

  OrphanSweep(DriverLoop loop, Cluster cluster, long intervalMillis) {
    this.loop = loop;
    this.cluster = cluster;
    this.intervalMillis = intervalMillis;
  }

  /** Sweeps every interval until {@link #stop()}. */
  void start() {
    loop.schedule(intervalMillis, () -> {
      if (!stopped) {
        sweep();
        start();
      }
    });
  }

  void stop() {
    stopped = true;
  }

  /**
   * Whether {@code task}, of framework {@code frameworkId}, found unknown to the master's book since
   * {@code unknownSinceMillis}, is an orphan to stop now. {@code launchAwaitingAnswer}: the book holds a live launch
   * of the same Mesos task with no ECS task yet.
   */
  static boolean orphan(Task task, String frameworkId, boolean launchAwaitingAnswer, long unknownSinceMillis,
      long nowMillis, long graceMillis) {
    return FrameworkTags.belongsTo(task, frameworkId)
        && !"STOPPED".equals(task.desiredStatus()) && !"STOPPED".equals(task.lastStatus())
        && !launchAwaitingAnswer
        && nowMillis - unknownSinceMillis >= graceMillis;
  }

  void sweep() {
    if (listingsInFlight > 0) {
      return;
    }
    List<FrameworkSession> subscribed = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (FrameworkSession s : cluster.sessions()) {
      if (s.registered() && s.framework().id() != null) {
        subscribed.add(s);
        ids.add(s.framework().id().getValue());
      }
    }
    unknownSince.keySet().retainAll(ids);
    listingsInFlight = subscribed.size();
    for (FrameworkSession s : subscribed) {
      list(s);
    }
  }

  /** Lists one framework's tasks and judges those its book does not hold; on any failure keeps what it knew. */
  private void list(final FrameworkSession s) {
    final String frameworkId = s.framework().id().getValue();
    loop.whenDone(cluster.gateway().running(b -> b.startedBy(s.framework().startedBy())), (arns, error) -> {
      if (error != null) {
        listingsInFlight--;
        LOG.debug("Cannot list the tasks of framework {} for orphans: {}", frameworkId, EcsErrors.describe(error));
        return;
      }
      final List<String> unknown = new ArrayList<>();
      for (String arn : arns) {
        if (s.tasks().byArn(arn) == null) {
          unknown.add(arn);
        }
      }
      if (unknown.isEmpty()) {
        listingsInFlight--;
        unknownSince.remove(frameworkId);
        return;
      }
      loop.whenDone(cluster.gateway().describeTasksWithTags(unknown), (responses, describeError) -> {
        listingsInFlight--;
        if (describeError != null) {
          LOG.debug("Cannot describe {} task(s) of framework {} for orphans: {}", unknown.size(), frameworkId,
              EcsErrors.describe(describeError));
          return;
        }
        Map<String, Long> before = unknownSince.getOrDefault(frameworkId, Collections.<String, Long>emptyMap());
        Map<String, Long> after = new HashMap<>();
        for (DescribeTasksResponse r : responses) {
          for (Task task : r.tasks()) {
            judge(s, frameworkId, task, before, after);
          }
        }
        unknownSince.put(frameworkId, after);
      });
    });
  }

  /** Records {@code task} as unknown in {@code after} (since when {@code before} says) and stops it if an orphan. */
  private void judge(FrameworkSession s, String frameworkId, Task task, Map<String, Long> before,
      Map<String, Long> after) {
    String arn = task.taskArn();
    if (!FrameworkTags.belongsTo(task, frameworkId) || !cluster.sessions().contains(s)
        || s.tasks().byArn(arn) != null) {
      return; // another framework's, the framework is gone, or the task became known while it was described
    }
    long now = loop.nowMillis();
    long first = before.getOrDefault(arn, now);
    after.put(arn, first);
    String taskId = FrameworkTags.mesosTaskId(task).orElse(null);
    TrackedTask tracked = taskId == null ? null : s.tasks().get(taskId);
    boolean launchAwaitingAnswer = tracked != null && !tracked.terminal() && tracked.arn() == null;
    if (!orphan(task, frameworkId, launchAwaitingAnswer, first, now, intervalMillis)) {
      return;
    }
    LOG.warn("Stopping ECS task {} of Mesos task {} of framework {} on agent {}: the master does not track it "
        + "(a launch whose answer was lost with the master that made it), so it would run unseen", arn,
        taskId, frameworkId, agent(task));
    loop.whenDone(cluster.gateway().stopTask(arn, REASON), (stoppedTask, error) -> {
      if (error != null) {
        LOG.warn("StopTask of orphan ECS task {} of Mesos task {} failed: {}; the next sweep tries again", arn, taskId,
            EcsErrors.describe(error));
      }
    });
  }

  private static String agent(Task task) {
    String instance = task.containerInstanceArn();
    return instance == null ? "(Fargate)" : instance.substring(instance.lastIndexOf('/') + 1);
  }
}
