package com.amazonaws.ecs.mesos.internal.translate;

import org.apache.mesos.Protos;

/**
 * Turns ECS ARNs into the short IDs the driver shows to Mesos frameworks.
 *
 * <p>Mesos IDs must not contain {@code /} and frameworks put agent IDs into paths and log lines, so an
 * agent is named by its container instance ID (the last ARN segment), never by the full ARN. ECS accepts
 * that ID wherever it accepts the ARN (within one cluster). Both ARN formats are handled:
 * {@code arn:aws:ecs:us-east-1:123:container-instance/ID} and the newer
 * {@code arn:aws:ecs:us-east-1:123:container-instance/CLUSTER/ID}.
 */
public final class EcsArns {
  private EcsArns() {}

  /** The last {@code /}-separated segment of an ARN; a bare ID is returned unchanged. */
  public static String lastSegment(String arnOrId) {
    if (arnOrId == null || arnOrId.isEmpty()) {
      throw new IllegalArgumentException("ARN or ID is empty");
    }
    int slash = arnOrId.lastIndexOf('/');
    String id = arnOrId.substring(slash + 1);
    if (id.isEmpty()) {
      throw new IllegalArgumentException("ARN ends with '/': " + arnOrId);
    }
    return id;
  }

  /** The container instance ID: the Mesos agent ID of that instance. */
  public static String containerInstanceId(String containerInstanceArn) {
    return lastSegment(containerInstanceArn);
  }

  /** The Mesos agent ID of a container instance. */
  public static Protos.SlaveID agentId(String containerInstanceArn) {
    return Protos.SlaveID.newBuilder().setValue(containerInstanceId(containerInstanceArn)).build();
  }

  /** The ECS task ID (last ARN segment), used in log lines and messages. */
  public static String taskId(String taskArn) {
    return lastSegment(taskArn);
  }
}
