package com.amazonaws.ecs.mesos.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Which of two ECS tasks of one Mesos task a recovering driver or master keeps. The framework was told its task
 * runs: keeping a double start still PENDING would report the task starting again after it ran.
 */
class RecoveryDuplicateTest {
  private static final Instant EARLY = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant LATE = Instant.parse("2026-12-01T10:05:00Z");

  private static Task task(String lastStatus, String desiredStatus, Instant createdAt) {
    return Task.builder().taskArn(lastStatus + "/" + desiredStatus + "/" + createdAt).lastStatus(lastStatus)
        .desiredStatus(desiredStatus).createdAt(createdAt).build();
  }

  static Stream<Arguments> pairs() {
    return Stream.of(
        // candidate, current, whether the candidate is kept
        Arguments.of(task("PENDING", "RUNNING", LATE), task("RUNNING", "RUNNING", EARLY), false),
        Arguments.of(task("RUNNING", "RUNNING", EARLY), task("PENDING", "RUNNING", LATE), true),
        Arguments.of(task("RUNNING", "RUNNING", LATE), task("RUNNING", "RUNNING", EARLY), false),
        Arguments.of(task("RUNNING", "RUNNING", EARLY), task("RUNNING", "RUNNING", LATE), true),
        Arguments.of(task("PENDING", "RUNNING", EARLY), task("PROVISIONING", "RUNNING", LATE), true),
        Arguments.of(task("RUNNING", "STOPPED", EARLY), task("PENDING", "RUNNING", LATE), false),
        Arguments.of(task("PENDING", "RUNNING", LATE), task("RUNNING", "STOPPED", EARLY), true),
        Arguments.of(task("STOPPED", "STOPPED", EARLY), task("PENDING", "RUNNING", LATE), false),
        Arguments.of(task("PENDING", "RUNNING", EARLY), task("STOPPED", "STOPPED", LATE), true),
        Arguments.of(task("STOPPED", "STOPPED", LATE), task("STOPPED", "STOPPED", EARLY), true),
        Arguments.of(task("STOPPED", "STOPPED", EARLY), task("STOPPED", "STOPPED", LATE), false),
        Arguments.of(task("RUNNING", "RUNNING", null), task("RUNNING", "RUNNING", EARLY), false));
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void theTaskFurthestAlongIsKeptThenTheOlderLiveOneOrTheLaterStoppedOne(Task candidate, Task current,
      boolean kept) {
    assertThat(Recovery.preferred(candidate, current)).isEqualTo(kept);
  }
}
