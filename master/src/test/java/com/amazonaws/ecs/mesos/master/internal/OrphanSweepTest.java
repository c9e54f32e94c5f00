package com.amazonaws.ecs.mesos.master.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.Task;

/** Which ECS task found unknown to the master's book is an orphan to stop. */
class OrphanSweepTest {
  private static final long GRACE = 60_000;

  @ParameterizedTest(name = "{0}")
  @CsvSource(value = {
      // case, tagged framework, desired, last, launch awaiting answer, unknown for (ms), orphan
      "unknown for the whole grace, fw-1, RUNNING, RUNNING, false, 60000, true",
      "unknown for longer, fw-1, RUNNING, PENDING, false, 300000, true",
      "just found unknown, fw-1, RUNNING, RUNNING, false, 0, false",
      "unknown for less than the grace, fw-1, RUNNING, PROVISIONING, false, 59999, false",
      "its launch waits for ECS's answer, fw-1, RUNNING, RUNNING, true, 300000, false",
      "already being stopped, fw-1, STOPPED, RUNNING, false, 300000, false",
      "already stopped, fw-1, RUNNING, STOPPED, false, 300000, false",
      "another framework's (same startedBy), fw-2, RUNNING, RUNNING, false, 300000, false",
      "no framework tag, NULL, RUNNING, RUNNING, false, 300000, false"}, nullValues = "NULL")
  void anOrphanIsALiveTaskOfTheFrameworkUnknownForTheGraceWithNoLaunchAwaitingIt(String name, String taggedFramework,
      String desired, String last, boolean launchAwaitingAnswer, long unknownFor, boolean orphan) {
    Task.Builder task = Task.builder().taskArn("arn:aws:ecs:us-east-1:123456789012:task/c/1")
        .desiredStatus(desired).lastStatus(last);
    if (taggedFramework != null) {
      task.tags(FrameworkTags.tags(taggedFramework, "t-1", "t-1"));
    }
    long now = 1_000_000;
    assertThat(OrphanSweep.orphan(task.build(), "fw-1", launchAwaitingAnswer, now - unknownFor, now, GRACE))
        .isEqualTo(orphan);
  }
}
