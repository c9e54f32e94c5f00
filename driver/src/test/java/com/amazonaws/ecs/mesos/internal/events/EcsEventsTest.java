package com.amazonaws.ecs.mesos.internal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.Task;

/** The SQS message bodies EventBridge delivers, read as what a description would say. */
class EcsEventsTest {
  private static final String CLUSTER = "arn:aws:ecs:us-east-1:111122223333:cluster/prod";
  private static final String TASK = "arn:aws:ecs:us-east-1:111122223333:task/prod/0123456789abcdef0123456789abcdef";

  /** An event as the ECS documentation shows one (timestamps as ISO-8601 strings). */
  static String taskEvent(String lastStatus, String desiredStatus, long version) {
    return "{\"version\":\"0\",\"id\":\"3317b2af-7005-947d-b652-f55e762e571a\",\"detail-type\":\"ECS Task State Change\","
        + "\"source\":\"aws.ecs\",\"account\":\"111122223333\",\"time\":\"2020-01-23T17:57:58Z\","
        + "\"region\":\"us-east-1\",\"resources\":[\"" + TASK + "\"],\"detail\":{"
        + "\"clusterArn\":\"" + CLUSTER + "\",\"containerInstanceArn\":\"arn:aws:ecs:us-east-1:111122223333:"
        + "container-instance/prod/ci1\",\"containers\":[{\"containerArn\":\"arn:c1\",\"exitCode\":0,"
        + "\"lastStatus\":\"STOPPED\",\"name\":\"web\",\"reason\":\"done\",\"taskArn\":\"" + TASK + "\","
        + "\"networkBindings\":[{\"bindIP\":\"0.0.0.0\",\"containerPort\":80,\"hostPort\":31000,\"protocol\":\"tcp\"}]}],"
        + "\"createdAt\":\"2020-01-23T17:57:34.402Z\",\"desiredStatus\":\"" + desiredStatus + "\","
        + "\"group\":\"family:web\",\"lastStatus\":\"" + lastStatus + "\",\"startedAt\":\"2020-01-23T17:57:38.5Z\","
        + "\"startedBy\":\"ecs-mesos/fw\",\"stopCode\":\"EssentialContainerExited\","
        + "\"stoppedAt\":\"2020-01-23T17:57:58.1Z\",\"stoppedReason\":\"Essential container in task exited\","
        + "\"taskArn\":\"" + TASK + "\",\"taskDefinitionArn\":\"arn:td:1\",\"version\":" + version + "}}";
  }

  @Test
  void aTaskEventReadsAsTheDescriptionOfTheTask() {
    EcsEvent e = EcsEvents.parse(taskEvent("STOPPED", "STOPPED", 4));
    assertThat(e.kind()).isEqualTo(EcsEvent.Kind.TASK);
    assertThat(e.clusterArn()).isEqualTo(CLUSTER);
    assertThat(e.arn()).isEqualTo(TASK);
    assertThat(e.version()).isEqualTo(4);
    Task t = e.task();
    assertThat(t.lastStatus()).isEqualTo("STOPPED");
    assertThat(t.desiredStatus()).isEqualTo("STOPPED");
    assertThat(t.stopCodeAsString()).isEqualTo("EssentialContainerExited");
    assertThat(t.stoppedReason()).isEqualTo("Essential container in task exited");
    assertThat(t.startedAt()).isEqualTo(Instant.parse("2020-01-23T17:57:38.500Z"));
    assertThat(t.stoppedAt()).isEqualTo(Instant.parse("2020-01-23T17:57:58.100Z"));
    assertThat(t.containerInstanceArn()).endsWith("container-instance/prod/ci1");
    assertThat(t.containers()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("web");
      assertThat(c.exitCode()).isZero();
      assertThat(c.reason()).isEqualTo("done");
      assertThat(c.networkBindings()).singleElement().satisfies(b -> assertThat(b.hostPort()).isEqualTo(31000));
    });
  }

  @Test
  void aFargateTasksEventCarriesItsCapacityProviderZoneAndAddress() {
    String body = taskEvent("RUNNING", "RUNNING", 3)
        .replace("\"containerInstanceArn\":\"arn:aws:ecs:us-east-1:111122223333:container-instance/prod/ci1\",",
            "\"launchType\":\"FARGATE\",\"capacityProviderName\":\"FARGATE_SPOT\",\"availabilityZone\":\"us-east-1b\","
                + "\"attachments\":[{\"id\":\"att-1\",\"type\":\"ElasticNetworkInterface\",\"status\":\"ATTACHED\","
                + "\"details\":[{\"name\":\"subnetId\",\"value\":\"subnet-b\"},"
                + "{\"name\":\"privateIPv4Address\",\"value\":\"10.0.2.7\"}]}],")
        .replace("\"reason\":\"done\",", "\"reason\":\"done\",\"networkInterfaces\":[{\"attachmentId\":\"att-1\","
            + "\"privateIpv4Address\":\"10.0.2.7\"}],");
    Task t = EcsEvents.parse(body).task();
    assertThat(t.containerInstanceArn()).isNull();
    assertThat(t.launchTypeAsString()).isEqualTo("FARGATE");
    assertThat(t.capacityProviderName()).isEqualTo("FARGATE_SPOT");
    assertThat(t.availabilityZone()).isEqualTo("us-east-1b");
    assertThat(com.amazonaws.ecs.mesos.internal.translate.TaskAddresses.privateIp(t)).isEqualTo("10.0.2.7");
    assertThat(t.containers().get(0).networkInterfaces().get(0).privateIpv4Address()).isEqualTo("10.0.2.7");
  }

  @Test
  void epochSecondTimestampsAsDescribeTasksAnswersAreReadToo() {
    String body = taskEvent("RUNNING", "RUNNING", 2).replace("\"startedAt\":\"2020-01-23T17:57:38.5Z\"",
        "\"startedAt\":1579802258.5");
    assertThat(EcsEvents.parse(body).task().startedAt()).isEqualTo(Instant.parse("2020-01-23T17:57:38.500Z"));
  }

  @Test
  void anInstanceEventCarriesItsStatusAndAgentConnection() {
    String body = "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"ECS Container Instance State Change\","
        + "\"source\":\"aws.ecs\",\"detail\":{\"agentConnected\":false,\"clusterArn\":\"" + CLUSTER + "\","
        + "\"containerInstanceArn\":\"arn:aws:ecs:us-east-1:111122223333:container-instance/prod/ci1\","
        + "\"ec2InstanceId\":\"i-0\",\"status\":\"DRAINING\",\"version\":14,"
        + "\"remainingResources\":[{\"name\":\"CPU\",\"type\":\"INTEGER\",\"integerValue\":1024}]}}";
    EcsEvent e = EcsEvents.parse(body);
    assertThat(e.kind()).isEqualTo(EcsEvent.Kind.INSTANCE);
    assertThat(e.arn()).endsWith("container-instance/prod/ci1");
    assertThat(e.instanceStatus()).isEqualTo("DRAINING");
    assertThat(e.agentConnected()).isFalse();
    assertThat(e.version()).isEqualTo(14);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "another source            | {\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}",
      "another ECS detail type   | {\"source\":\"aws.ecs\",\"detail-type\":\"ECS Deployment State Change\",\"detail\":{}}",
      "not an event (SQS test)   | {\"Event\":\"s3:TestEvent\"}",
      "a JSON array              | []"})
  void messagesThatAreNoEcsChangeAreNotEvents(String what, String body) {
    assertThat(EcsEvents.parse(body)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not JSON                  | hello                                                                   | not JSON",
      "a task event, no detail   | {\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\"}     | without detail",
      "a task event, no ARN      | {\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"detail\":{}} | taskArn",
      "a version that is no number | {\"source\":\"aws.ecs\",\"detail-type\":\"ECS Container Instance State Change\",\"detail\":{\"containerInstanceArn\":\"a\",\"version\":\"x\"}} | version 'x'"})
  void brokenEcsEventsSayWhatIsWrong(String what, String body, String message) {
    assertThatThrownBy(() -> EcsEvents.parse(body)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource({
      "https://sqs.us-east-1.amazonaws.com/111122223333/q,",
      "https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q,",
      "http://127.0.0.1:9324/000000000000/q,http://127.0.0.1:9324",
      "http://localhost:4566/000000000000/ecs-events,http://localhost:4566",
      "https://sqs.internal.example/1/q,https://sqs.internal.example"})
  void aQueueIsReadWhereItLivesUnlessItIsOnAws(String queueUrl, String endpoint) {
    URI e = EventQueue.endpointOf(URI.create(queueUrl));
    assertThat(e == null ? null : e.toString()).isEqualTo(endpoint);
  }
}
