package com.amazonaws.ecs.mesos.internal.ecs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.PlacementConstraint;
import software.amazon.awssdk.services.ecs.model.PlacementConstraintType;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;

/**
 * A launch as {@code RunTask} instead of {@code StartTask}: the same task definition, overrides, tags and
 * {@code startedBy}, one task, pinned to the offered instance by a {@code memberOf} constraint on its EC2
 * instance ID, with a client token that makes the call idempotent (ECS keeps tokens 24 hours and answers a
 * repeated call with the task the first one started). The answer comes back in StartTask's shape, keeping only
 * what concerns the offered instance: RunTask also reports every other instance the constraint excluded.
 */
public final class PinnedRunTask {
  /** ECS's limit on a RunTask client token. */
  public static final int MAX_TOKEN_LENGTH = 64;
  static final String EXCLUDED = "MemberOf placement constraint unsatisfied.";

  private PinnedRunTask() {
  }

  /**
   * The client token of one launch: the SHA-256 of the framework ID, the task ID and a nonce of the launch, in
   * hex (64 characters). The same launch sent again has the same token; a task ID launched again (Mesos
   * allows reuse once the earlier task's terminal update is acknowledged) has a new nonce, hence a new token.
   */
  public static String clientToken(String frameworkId, String taskId, String launchNonce) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {frameworkId, taskId, launchNonce}) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0); // separates the parts: ("ab","c") and ("a","bc") differ
      }
      StringBuilder hex = new StringBuilder(MAX_TOKEN_LENGTH);
      for (byte b : sha.digest()) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** The RunTask for {@code start}'s single container instance, whose EC2 instance ID is {@code ec2InstanceId}. */
  public static RunTaskRequest request(StartTaskRequest start, String ec2InstanceId, String clientToken) {
    return sameLaunch(start, clientToken)
        .launchType(LaunchType.EC2)
        .placementConstraints(PlacementConstraint.builder().type(PlacementConstraintType.MEMBER_OF)
            .expression("ec2InstanceId == " + ec2InstanceId).build())
        .build();
  }

  /**
   * A RunTask of one task carrying what {@code start} carries (definition, overrides, tags, {@code startedBy}) and
   * the client token; where it runs is the caller's to add.
   */
  static RunTaskRequest.Builder sameLaunch(StartTaskRequest start, String clientToken) {
    return RunTaskRequest.builder()
        .cluster(start.cluster())
        .taskDefinition(start.taskDefinition())
        .count(1)
        .startedBy(start.startedBy())
        .tags(start.tags())
        .enableECSManagedTags(start.enableECSManagedTags())
        .overrides(start.overrides())
        .clientToken(clientToken);
  }

  /**
   * RunTask's answer in StartTask's shape for {@code instanceArn}: the task, or the failure of that instance.
   * When the constraint excluded every instance (the offered one is no longer registered), the failure is
   * {@code MISSING}, as StartTask says of an instance that is gone.
   */
  public static StartTaskResponse asStartTaskResponse(RunTaskResponse run, String instanceArn) {
    if (run.hasTasks() && !run.tasks().isEmpty()) {
      return StartTaskResponse.builder().tasks(run.tasks()).build();
    }
    List<Failure> ours = new ArrayList<>();
    boolean onlyExcluded = true;
    for (Failure f : run.hasFailures() ? run.failures() : Collections.<Failure>emptyList()) {
      if (instanceArn.equals(f.arn())) {
        ours.add(f);
      }
      onlyExcluded &= EXCLUDED.equals(f.reason());
    }
    if (ours.isEmpty() && onlyExcluded) {
      ours.add(Failure.builder().arn(instanceArn).reason("MISSING")
          .detail("RunTask found no registered instance with the offered EC2 instance ID").build());
    } else if (ours.isEmpty()) {
      ours.addAll(run.failures()); // not about one instance (e.g. no instances at all): say what ECS said
    }
    return StartTaskResponse.builder().failures(ours).build();
  }
}
