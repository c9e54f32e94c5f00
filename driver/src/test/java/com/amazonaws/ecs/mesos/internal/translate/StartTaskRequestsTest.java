package com.amazonaws.ecs.mesos.internal.translate;

import static com.amazonaws.ecs.mesos.internal.translate.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

class StartTaskRequestsTest {

  static final String FW = "e3b0c442-98fc-1c14-9afb-f4c8996fb924-0000";
  static final String INSTANCE = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-1";

  @ParameterizedTest(name = "{0} -> cpu {1}, memory {2}")
  @CsvSource(delimiter = '|', value = {
      "cpus:1; mem:512                 | 1024 | 512",
      "cpus:0.5; mem:128.5             | 512  | 129",
      "cpus:0.1; mem:32                | 103  | 32",
      "cpus:0.25; cpus:0.25; mem:64    | 512  | 64",     // a task's scalars add up before rounding
      "cpus:2; mem:1024; disk:10; ports:31000 | 2048 | 1024",
      "mem:64                          |      | 64",      // no cpus: ECS keeps the definition's value
      "cpus:1                          | 1024 | ",
  })
  void taskLevelOverridesReserveWhatTheOfferAccountingAssumed(String resources, String cpu, String memory) {
    Protos.TaskInfo t = task("web.1", "ci-1", resources, "web:3").build();
    StartTaskRequest request = StartTaskRequests.build("prod", INSTANCE, FW, t, List.of("web"));
    assertThat(request.overrides().cpu()).isEqualTo(cpu);
    assertThat(request.overrides().memory()).isEqualTo(memory);
    if (cpu != null) {
      assertThat(Long.parseLong(cpu)).as("same as offer accounting")
          .isEqualTo(HeldResources.of(t.getResourcesList()).cpuUnits());
    }
    if (memory != null) {
      assertThat(Long.parseLong(memory)).isEqualTo(HeldResources.of(t.getResourcesList()).memoryMib());
    }
  }

  @ParameterizedTest(name = "command {0}")
  @CsvSource({"web", "web:3", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3"})
  void requestStartsTheNamedDefinitionOnTheOfferedInstance(String command) {
    Protos.TaskInfo t = task("web.1", "ci-1", "cpus:1; mem:256", command).build();
    StartTaskRequest request = StartTaskRequests.build("prod", INSTANCE, FW, t, List.of("web"));
    assertThat(request.cluster()).isEqualTo("prod");
    assertThat(request.taskDefinition()).isEqualTo(command);
    assertThat(request.containerInstances()).containsExactly(INSTANCE);
    assertThat(request.startedBy()).isEqualTo(FrameworkTags.startedBy(FW)).hasSizeLessThanOrEqualTo(36);
    assertThat(request.enableECSManagedTags()).isFalse();
    assertThat(request.overrides().hasContainerOverrides()).as("no environment, no container overrides").isFalse();
  }

  @Test
  void tagsCarryFrameworkTaskIdAndNameAndReadBack() {
    Protos.TaskInfo t = task("web.instance-1@2", "ci-1", "cpus:1", "web").setName("web").build();
    StartTaskRequest request = StartTaskRequests.build("prod", INSTANCE, FW, t, List.of("web"));
    Map<String, String> tags = request.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    assertThat(tags).containsOnlyKeys(FrameworkTags.FRAMEWORK_ID_KEY, FrameworkTags.TASK_ID_KEY, FrameworkTags.TASK_NAME_KEY);
    assertThat(tags.get(FrameworkTags.TASK_NAME_KEY)).isEqualTo("web");
    Task launched = Task.builder().tags(request.tags()).startedBy(request.startedBy()).build();
    assertThat(FrameworkTags.mesosTaskId(launched)).contains("web.instance-1@2");
    assertThat(FrameworkTags.belongsTo(launched, FW)).isTrue();
  }

  @Test
  void environmentGoesToEveryContainer() {
    Protos.TaskInfo t = task("t", "ci-1", "cpus:1", null).setCommand(Protos.CommandInfo.newBuilder().setValue("web:3")
        .setEnvironment(Protos.Environment.newBuilder()
            .addVariables(Protos.Environment.Variable.newBuilder().setName("PORT0").setValue("31000"))
            .addVariables(Protos.Environment.Variable.newBuilder().setName("MODE").setValue("prod")
                .setType(Protos.Environment.Variable.Type.VALUE))
            .addVariables(Protos.Environment.Variable.newBuilder().setName("SECRET")
                .setType(Protos.Environment.Variable.Type.SECRET)))).build();
    StartTaskRequest request = StartTaskRequests.build("prod", "ci-1", FW, t, List.of("web", "sidecar"));
    List<ContainerOverride> overrides = request.overrides().containerOverrides();
    assertThat(overrides).extracting(ContainerOverride::name).containsExactly("web", "sidecar");
    assertThat(overrides).allSatisfy(o -> assertThat(o.environment()).containsExactly(
        KeyValuePair.builder().name("PORT0").value("31000").build(),
        KeyValuePair.builder().name("MODE").value("prod").build()));
  }

  @Test
  void refusesCommandsThatAreNotTaskDefinitions() {
    Protos.TaskInfo t = task("t", "ci-1", "cpus:1", "sleep 5").build();
    assertThatThrownBy(() -> StartTaskRequests.build("prod", "ci-1", FW, t, List.of("web")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sleep 5");
  }
}
