package com.amazonaws.ecs.mesos.internal.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.PlacementConstraintType;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

class PinnedRunTaskTest {
  private static final String CI = "arn:aws:ecs:us-east-1:1:container-instance/c/ci-1";

  @Test
  void theTokenIsWhatEcsAcceptsAndTellsLaunchesApart() {
    String token = PinnedRunTask.clientToken("fw-1", "task-1", "nonce-1");
    assertThat(token).hasSize(PinnedRunTask.MAX_TOKEN_LENGTH).matches("[0-9a-f]+");
    assertThat(PinnedRunTask.clientToken("fw-1", "task-1", "nonce-1")).as("same launch").isEqualTo(token);
    assertThat(List.of(PinnedRunTask.clientToken("fw-2", "task-1", "nonce-1"),
        PinnedRunTask.clientToken("fw-1", "task-2", "nonce-1"), PinnedRunTask.clientToken("fw-1", "task-1", "nonce-2"),
        PinnedRunTask.clientToken("fw-1", "task-1nonce-1", ""), PinnedRunTask.clientToken("fw-1task-1", "", "nonce-1")))
        .doesNotContain(token).doesNotHaveDuplicates();
  }

  @Test
  void theRunTaskCarriesTheStartTasksLaunchPinnedToTheInstance() {
    StartTaskRequest start = StartTaskRequest.builder().cluster("c").taskDefinition("web:3").containerInstances(CI)
        .startedBy("mesos-fw").tags(Tag.builder().key("mesos.task-id").value("t").build())
        .enableECSManagedTags(false).overrides(TaskOverride.builder().cpu("512").memory("256").build()).build();

    RunTaskRequest run = PinnedRunTask.request(start, "i-0abc", "tok");

    assertThat(run.cluster()).isEqualTo("c");
    assertThat(run.taskDefinition()).isEqualTo("web:3");
    assertThat(run.count()).isEqualTo(1);
    assertThat(run.launchType()).isEqualTo(LaunchType.EC2);
    assertThat(run.placementConstraints()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(PlacementConstraintType.MEMBER_OF);
      assertThat(c.expression()).isEqualTo("ec2InstanceId == i-0abc");
    });
    assertThat(run.startedBy()).isEqualTo("mesos-fw");
    assertThat(run.tags()).isEqualTo(start.tags());
    assertThat(run.enableECSManagedTags()).isFalse();
    assertThat(run.overrides()).isEqualTo(start.overrides());
    assertThat(run.clientToken()).isEqualTo("tok");
  }

  @Test
  void theAnswerKeepsTheTaskOrTheOfferedInstancesFailure() {
    Task task = Task.builder().taskArn("arn:task/1").containerInstanceArn(CI).build();
    Failure ours = Failure.builder().arn(CI).reason("RESOURCE:CPU").build();
    Failure excluded = Failure.builder().arn("arn:other").reason(PinnedRunTask.EXCLUDED).build();

    assertThat(answer(RunTaskResponse.builder().tasks(task).build()).tasks()).containsExactly(task);
    assertThat(answer(RunTaskResponse.builder().failures(excluded, ours).build()).failures()).containsExactly(ours);
    StartTaskResponse gone = answer(RunTaskResponse.builder().failures(excluded).build());
    assertThat(gone.failures()).singleElement().satisfies(f -> {
      assertThat(f.arn()).isEqualTo(CI);
      assertThat(f.reason()).isEqualTo("MISSING");
    });
    Failure none = Failure.builder().reason("No Container Instances were found in your cluster.").build();
    assertThat(answer(RunTaskResponse.builder().failures(none).build()).failures()).containsExactly(none);
  }

  private static StartTaskResponse answer(RunTaskResponse run) {
    return PinnedRunTask.asStartTaskResponse(run, CI);
  }
}
