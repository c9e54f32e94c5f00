package com.amazonaws.ecs.mesos.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * ECS tasks tagged with a subscribed framework's ID that the master does not track: what a dead leader's RunTask
 * leaves when ECS carries it out after the new leader has read the cluster. They are stopped; the tasks the master
 * tracks, and other frameworks' tasks, run on.
 */
class OrphanSweepIT extends MasterTestBase {

  /** A RunTask as a master that is gone would have sent it: the framework's startedBy and tags. */
  private String landedUnseen(String frameworkId, String taskId, String definition) {
    return ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition(definition).count(1)
        .startedBy(FrameworkTags.startedBy(frameworkId))
        .tags(FrameworkTags.tags(frameworkId, taskId, taskId))).tasks().get(0).taskArn();
  }

  private Task describe(String arn) {
    return ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arn)).tasks().get(0);
  }

  @Test
  void aLaunchThatLandedUnseenIsStoppedAndTrackedAndOtherFrameworksTasksRunOn() throws Exception {
    ecsLocal.addInstances(CLUSTER, 2, 2048, 2048);
    String def = taskDefinition("forever", "serve");
    startMaster(masterBuilder().orphanSweepInterval(Duration.ofMillis(300)));
    V1Client c = client(true);
    c.subscribe(subscribe(framework("marathon", 3600)));
    awaitUntil(() -> !offers(c).isEmpty());
    Protos.FrameworkID id = frameworkId(c);
    Protos.Offer offer = offers(c).get(0);
    c.call(accept(id, offer, task("kept", offer, def, 0.25, 64)));
    awaitUntil(() -> !updates(c, "kept").isEmpty());
    c.call(acknowledge(id, updates(c, "kept").get(0))); // the next update waits for this acknowledgement
    awaitUntil(() -> updates(c, "kept").stream().anyMatch(s -> s.getState() == TaskState.TASK_RUNNING));
    c.call(acknowledge(id, updates(c, "kept").get(updates(c, "kept").size() - 1)));
    String keptArn = ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns().get(0);

    String lost = landedUnseen(id.getValue(), "lost-in-failover", def);
    String second = landedUnseen(id.getValue(), "kept", def); // a second ECS task of a task the master tracks
    String otherFramework = landedUnseen("not-subscribed", "theirs", def);

    waiting().until(() -> "STOPPED".equals(describe(lost).desiredStatus())
        && "STOPPED".equals(describe(second).desiredStatus()));
    assertThat(describe(lost).stoppedReason())
        .isEqualTo("Orphan: an ECS task of a Mesos task the master does not track");
    // Several sweeps later, what the master tracks and what is not a subscribed framework's runs on.
    waiting().during(1500, TimeUnit.MILLISECONDS).until(() -> "RUNNING".equals(describe(keptArn).desiredStatus())
        && "RUNNING".equals(describe(otherFramework).desiredStatus()));
    // The framework heard nothing of the orphans: its task's stream is its own ECS task's.
    List<TaskState> kept = updates(c, "kept").stream().map(Protos.TaskStatus::getState).toList();
    assertThat(kept).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
    assertThat(updates(c, "lost-in-failover")).isEmpty();
  }
}
