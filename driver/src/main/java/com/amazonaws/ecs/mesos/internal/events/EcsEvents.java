package com.amazonaws.ecs.mesos.internal.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Reads an SQS message body as EventBridge delivers ECS events: {@code {"source":"aws.ecs","detail-type":
 * "ECS Task State Change", "detail":{...}}}, whose detail has the shape of a DescribeTasks (or
 * DescribeContainerInstances) answer plus {@code version}. Timestamps may be ISO-8601 strings (as EventBridge
 * sends them) or epoch seconds (as DescribeTasks answers).
 *
 * <p>The JSON is parsed with the AWS SDK's own small parser ({@code json-utils}, which every SDK client already
 * loads): the driver runs inside other people's JVMs and must not bring a Jackson of its own.
 */
public final class EcsEvents {
  static final String TASK_CHANGE = "ECS Task State Change";
  static final String INSTANCE_CHANGE = "ECS Container Instance State Change";

  private EcsEvents() {}

  /**
   * The ECS event in {@code body}, or null for a message that is no ECS task or instance change (other sources,
   * other detail types): such messages are dropped.
   *
   * @throws IllegalArgumentException when the body is not JSON or an ECS event lacks what it must carry
   */
  public static EcsEvent parse(String body) {
    JsonNode root;
    try {
      root = JsonNode.parser().parse(body);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (!root.isObject() || !"aws.ecs".equals(text(root, "source"))) {
      return null;
    }
    String type = text(root, "detail-type");
    JsonNode detail = root.field("detail").orElse(null);
    if (detail == null || !detail.isObject()) {
      if (TASK_CHANGE.equals(type) || INSTANCE_CHANGE.equals(type)) {
        throw new IllegalArgumentException("an '" + type + "' event without detail");
      }
      return null;
    }
    if (TASK_CHANGE.equals(type)) {
      Task task = task(detail);
      if (task.taskArn() == null) {
        throw new IllegalArgumentException("a task event without taskArn");
      }
      return EcsEvent.task(text(detail, "clusterArn"), version(detail), task);
    }
    if (INSTANCE_CHANGE.equals(type)) {
      String arn = text(detail, "containerInstanceArn");
      if (arn == null) {
        throw new IllegalArgumentException("an instance event without containerInstanceArn");
      }
      JsonNode connected = detail.field("agentConnected").orElse(null);
      return EcsEvent.instance(text(detail, "clusterArn"), arn, version(detail), text(detail, "status"),
          connected == null || connected.isNull() ? null : connected.asBoolean());
    }
    return null;
  }

  private static long version(JsonNode detail) {
    JsonNode v = detail.field("version").orElse(null);
    if (v == null || v.isNull()) {
      return 0; // no version: any later description or event wins
    }
    try {
      return Long.parseLong(v.isNumber() ? v.asNumber() : v.asString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("version '" + v.text() + "' is not a number", e);
    }
  }

  /** The fields of a task that status mapping and launch accounting read. */
  static Task task(JsonNode d) {
    List<Container> containers = new ArrayList<>();
    for (JsonNode c : array(d, "containers")) {
      List<NetworkBinding> bindings = new ArrayList<>();
      for (JsonNode b : array(c, "networkBindings")) {
        bindings.add(NetworkBinding.builder().bindIP(text(b, "bindIP")).containerPort(integer(b, "containerPort"))
            .hostPort(integer(b, "hostPort")).protocol(text(b, "protocol")).build());
      }
      List<software.amazon.awssdk.services.ecs.model.NetworkInterface> interfaces = new ArrayList<>();
      for (JsonNode n : array(c, "networkInterfaces")) {
        interfaces.add(software.amazon.awssdk.services.ecs.model.NetworkInterface.builder()
            .attachmentId(text(n, "attachmentId")).privateIpv4Address(text(n, "privateIpv4Address")).build());
      }
      containers.add(Container.builder()
          .containerArn(text(c, "containerArn"))
          .taskArn(text(c, "taskArn"))
          .name(text(c, "name"))
          .lastStatus(text(c, "lastStatus"))
          .exitCode(integer(c, "exitCode"))
          .reason(text(c, "reason"))
          .healthStatus(text(c, "healthStatus"))
          .runtimeId(text(c, "runtimeId"))
          .networkBindings(bindings)
          .networkInterfaces(interfaces)
          .build());
    }
    List<software.amazon.awssdk.services.ecs.model.Attachment> attachments = new ArrayList<>();
    for (JsonNode a : array(d, "attachments")) {
      List<software.amazon.awssdk.services.ecs.model.KeyValuePair> details = new ArrayList<>();
      for (JsonNode kv : array(a, "details")) {
        details.add(software.amazon.awssdk.services.ecs.model.KeyValuePair.builder().name(text(kv, "name"))
            .value(text(kv, "value")).build());
      }
      attachments.add(software.amazon.awssdk.services.ecs.model.Attachment.builder().id(text(a, "id"))
          .type(text(a, "type")).status(text(a, "status")).details(details).build());
    }
    return Task.builder()
        .taskArn(text(d, "taskArn"))
        .clusterArn(text(d, "clusterArn"))
        .containerInstanceArn(text(d, "containerInstanceArn"))
        .taskDefinitionArn(text(d, "taskDefinitionArn"))
        .lastStatus(text(d, "lastStatus"))
        .desiredStatus(text(d, "desiredStatus"))
        .healthStatus(text(d, "healthStatus"))
        .stopCode(text(d, "stopCode"))
        .stoppedReason(text(d, "stoppedReason"))
        .startedBy(text(d, "startedBy"))
        .group(text(d, "group"))
        .launchType(text(d, "launchType"))
        .capacityProviderName(text(d, "capacityProviderName"))
        .availabilityZone(text(d, "availabilityZone"))
        .attachments(attachments)
        .cpu(text(d, "cpu"))
        .memory(text(d, "memory"))
        .version(d.field("version").isPresent() ? version(d) : null)
        .createdAt(instant(d, "createdAt"))
        .pullStartedAt(instant(d, "pullStartedAt"))
        .pullStoppedAt(instant(d, "pullStoppedAt"))
        .startedAt(instant(d, "startedAt"))
        .stoppingAt(instant(d, "stoppingAt"))
        .stoppedAt(instant(d, "stoppedAt"))
        .containers(containers)
        .build();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.field(field).orElse(null);
    if (v == null || v.isNull()) {
      return null;
    }
    return v.isString() ? v.asString() : v.text();
  }

  private static Integer integer(JsonNode node, String field) {
    String v = text(node, field);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " '" + v + "' is not an integer", e);
    }
  }

  /** ISO-8601 as EventBridge sends it, or epoch seconds (with a fraction) as DescribeTasks answers. */
  private static Instant instant(JsonNode node, String field) {
    JsonNode v = node.field(field).orElse(null);
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      if (v.isNumber()) {
        double seconds = Double.parseDouble(v.asNumber());
        long millis = Math.round(seconds * 1000);
        return Instant.ofEpochMilli(millis);
      }
      return Instant.parse(v.asString());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + " '" + v.text() + "' is not a time", e);
    }
  }

  private static List<JsonNode> array(JsonNode node, String field) {
    JsonNode v = node.field(field).orElse(null);
    return v == null || !v.isArray() ? Collections.<JsonNode>emptyList() : v.asArray();
  }
}
