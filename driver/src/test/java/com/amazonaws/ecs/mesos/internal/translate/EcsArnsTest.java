package com.amazonaws.ecs.mesos.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EcsArnsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "arn:aws:ecs:us-east-1:123456789012:container-instance/0b7a4b1f2a8c4e3d9f, 0b7a4b1f2a8c4e3d9f",
      "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/0b7a4b1f2a8c4e3d9f, 0b7a4b1f2a8c4e3d9f",
      "arn:aws-cn:ecs:cn-north-1:123456789012:container-instance/c/abc, abc",
      "0b7a4b1f2a8c4e3d9f, 0b7a4b1f2a8c4e3d9f",
  })
  void agentIdIsTheContainerInstanceId(String arn, String expected) {
    assertThat(EcsArns.containerInstanceId(arn)).isEqualTo(expected);
    assertThat(EcsArns.agentId(arn).getValue()).isEqualTo(expected).doesNotContain("/").doesNotContain(":");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "arn:aws:ecs:eu-west-1:123456789012:task/5f1e7c3c-8a4d-4c2b-9d7e-1b2a3c4d5e6f, 5f1e7c3c-8a4d-4c2b-9d7e-1b2a3c4d5e6f",
      "arn:aws:ecs:eu-west-1:123456789012:task/my-cluster/0123456789abcdef0123456789abcdef, 0123456789abcdef0123456789abcdef",
      "plain-id, plain-id",
  })
  void taskIdIsTheLastSegment(String arn, String expected) {
    assertThat(EcsArns.taskId(arn)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "arn:aws:ecs:us-east-1:1:task/"})
  void rejectsArnsWithoutId(String arn) {
    assertThatThrownBy(() -> EcsArns.lastSegment(arn)).isInstanceOf(IllegalArgumentException.class);
  }
}
