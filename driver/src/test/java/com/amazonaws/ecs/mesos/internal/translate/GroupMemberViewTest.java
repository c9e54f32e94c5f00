package com.amazonaws.ecs.mesos.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.Protos;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

/** A member's update read from its own container of the group's ECS task, as a table. */
class GroupMemberViewTest {

  static Container container(String name, String status, Integer exitCode) {
    return Container.builder().name(name).lastStatus(status).exitCode(exitCode).build();
  }

  static Task task(String status, String desired, String stopCode, Container... others) {
    Task.Builder b = Task.builder().taskArn("arn:aws:ecs:us-east-1:1:task/test/abc")
        .containerInstanceArn("arn:aws:ecs:us-east-1:1:container-instance/test/ci")
        .lastStatus(status).desiredStatus(desired).stopCode(stopCode)
        .containers(Stream.concat(Stream.of(container("mesos-executor", "RUNNING", null)), Stream.of(others)).toList());
    if (!"PENDING".equals(status) && !"PROVISIONING".equals(status)) {
      b.startedAt(Instant.parse("2026-12-03T00:00:00Z"));
    }
    return b.build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // ECS task, member "web"'s container, killed?, last sent → expected update (null: none)
        Arguments.of("task pending", task("PENDING", "RUNNING", null, container("web", "PENDING", null)), false,
            null, TaskState.TASK_STARTING, null),
        Arguments.of("task running, container waits for the executor",
            task("RUNNING", "RUNNING", null, container("web", "PENDING", null)), false, TaskState.TASK_STARTING,
            null, null),
        Arguments.of("container running", task("RUNNING", "RUNNING", null, container("web", "RUNNING", null)),
            false, TaskState.TASK_STARTING, TaskState.TASK_RUNNING, null),
        Arguments.of("container exited 0 while the others run",
            task("RUNNING", "RUNNING", null, container("web", "STOPPED", 0), container("db", "RUNNING", null)),
            false, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED, null),
        Arguments.of("container exited 3 while the others run",
            task("RUNNING", "RUNNING", null, container("web", "STOPPED", 3)), false, TaskState.TASK_RUNNING,
            TaskState.TASK_FAILED, "'web' exited with code 3"),
        Arguments.of("a sibling exited: nothing for this one",
            task("RUNNING", "RUNNING", null, container("web", "RUNNING", null), container("db", "STOPPED", 1)),
            false, TaskState.TASK_RUNNING, null, null),
        Arguments.of("group killed: container stopped by the kill",
            task("STOPPED", "STOPPED", "UserInitiated", container("web", "STOPPED", 137)), true,
            TaskState.TASK_RUNNING, TaskState.TASK_KILLED, null),
        Arguments.of("stopped by someone else", task("STOPPED", "STOPPED", "UserInitiated",
            container("web", "STOPPED", 137)), false, TaskState.TASK_RUNNING, TaskState.TASK_KILLED,
            "stopped outside the framework"),
        Arguments.of("exited on its own, seen only once the task stopped",
            task("STOPPED", "STOPPED", "UserInitiated", container("web", "STOPPED", 2)), false,
            TaskState.TASK_RUNNING, TaskState.TASK_FAILED, "exited with code 2"),
        Arguments.of("the executor container died", task("STOPPED", "STOPPED", "EssentialContainerExited",
            container("web", "STOPPED", 137)), false, TaskState.TASK_RUNNING, TaskState.TASK_FAILED,
            "'web' exited with code 137"),
        Arguments.of("instance lost", task("STOPPED", "STOPPED", "SpotInterruption", container("web", "STOPPED",
            null)), false, TaskState.TASK_RUNNING, TaskState.TASK_LOST, "SpotInterruption"),
        Arguments.of("being killed", task("STOPPING", "STOPPED", "UserInitiated", container("web", "RUNNING",
            null)), true, TaskState.TASK_RUNNING, TaskState.TASK_KILLING, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void memberUpdate(String name, Task ecsTask, boolean killed, TaskState lastSent, TaskState expected,
      String message) {
    StatusContext ctx = StatusContext.builder()
        .capabilitiesOf(Protos.FrameworkInfo.newBuilder().setName("f").setUser("u")
            .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
                .setType(Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE)).build())
        .killRequested(killed)
        .agent(StatusContext.AgentState.CONNECTED)
        .lastSent(lastSent)
        .build();
    Optional<StatusDecision> d = StatusMapping.next(GroupMemberView.of(ecsTask, "web", killed), ctx);
    if (expected == null) {
      assertThat(d).isEmpty();
      return;
    }
    assertThat(d).isPresent();
    assertThat(d.get().state()).isEqualTo(expected);
    if (message != null) {
      assertThat(d.get().message()).contains(message);
    }
  }
}
