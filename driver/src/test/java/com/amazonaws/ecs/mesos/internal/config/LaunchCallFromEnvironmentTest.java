package com.amazonaws.ecs.mesos.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.mesos.LaunchCall;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code AWS_ECS_LAUNCH_CALL}, for frameworks on the drop-in jar, which have no builder. */
class LaunchCallFromEnvironmentTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "start-task     | START_TASK",
      "START_TASK     | START_TASK",
      "' Start-Task ' | START_TASK",
      "run-task       | RUN_TASK",
      "RUN_TASK       | RUN_TASK",
      "''             | RUN_TASK",
      "startask       | RUN_TASK", // a typo: RunTask, with a warning, rather than a framework that cannot start
  })
  void theVariableChoosesTheLaunchCall(String value, LaunchCall expected) {
    assertThat(DriverConfig.launchCallFrom(Map.of(DriverConfig.ENV_LAUNCH_CALL, value))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"RUN_TASK", "START_TASK"})
  void theBuildersChoiceWinsOverTheVariable(LaunchCall chosen) {
    DriverConfig.Builder b = DriverConfig.builder();
    b.environment = Map.of(DriverConfig.ENV_LAUNCH_CALL, chosen == LaunchCall.RUN_TASK ? "start-task" : "run-task");
    b.launchCall = chosen;
    assertThat(b.build().launchCall).isEqualTo(chosen);
    b.launchCall = null;
    assertThat(b.build().launchCall).isNotEqualTo(chosen);
    b.environment = Collections.emptyMap();
    assertThat(b.build().launchCall).isEqualTo(LaunchCall.RUN_TASK);
  }
}
