package com.amazonaws.ecs.mesos.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * What a master that takes over reads of the cluster's tasks: each framework's, by {@code startedBy}, and which
 * frameworks it waits for (those with a task ECS has not stopped). Tasks without a framework's tag (an ECS
 * service's) belong to no framework: a master waiting for their "framework" would hold its offers for nothing.
 */
class RecoveryTakeoverTest {
  private static Task task(String arn, String startedBy, String frameworkId, String lastStatus) {
    Task.Builder b = Task.builder().taskArn(arn).startedBy(startedBy).lastStatus(lastStatus);
    if (frameworkId != null) {
      b.tags(FrameworkTags.tags(frameworkId, "t-" + arn, "t"));
    }
    return b.build();
  }

  @Test
  void tasksAreGroupedByTheFrameworkThatStartedThemAndOthersAreLeftOut() {
    String a = FrameworkTags.startedBy("fw-a");
    String b = FrameworkTags.startedBy("fw-b");
    Map<String, List<Task>> read = Recovery.byFramework(List.of(
        task("1", a, "fw-a", "RUNNING"),
        task("2", "ecs-svc/1234567890", null, "RUNNING"),
        task("3", b, "fw-b", "STOPPED"),
        task("4", a, "fw-a", "PENDING"),
        task("5", null, null, "RUNNING")));

    assertThat(read).containsOnlyKeys(a, b);
    assertThat(read.get(a)).extracting(Task::taskArn).containsExactly("1", "4");
    assertThat(read.get(b)).extracting(Task::taskArn).containsExactly("3");
  }

  @Test
  void onlyFrameworksWithATaskNotStoppedAreWaitedFor() {
    Map<String, Recovery.Found> read = Map.of(
        "a", Recovery.Found.of(List.of(task("1", "a", "fw-a", "STOPPED"), task("2", "a", "fw-a", "RUNNING"))),
        "b", Recovery.Found.of(List.of(task("3", "b", "fw-b", "STOPPED"))),
        "c", Recovery.Found.of(List.of(task("4", "c", "fw-c", "PROVISIONING"))));

    assertThat(Recovery.withLiveTasks(read)).containsExactlyInAnyOrder("a", "c");
    assertThat(Recovery.count(read)).isEqualTo(4);
    assertThat(Recovery.withLiveTasks(Map.of())).isEmpty();
  }
}
