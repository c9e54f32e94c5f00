package com.amazonaws.ecs.mesos;

/**
 * The ECS call that launches a task on the offered container instance.
 *
 * <p>{@link #RUN_TASK} makes a launch happen exactly once: the call carries a client token derived from the
 * framework ID, the task ID and the launch, and a {@code memberOf} placement constraint that pins it to the
 * offered instance's EC2 instance ID. A call whose outcome is unknown (5xx, timeout, reset connection) is
 * simply sent again with the same token: ECS answers with the task the first call started, if it did, and
 * starts nothing twice. {@link #START_TASK} names the instance directly but has no token: after an unknown
 * outcome the driver must look for the task with {@code ListTasks}, whose eventual consistency leaves a small
 * chance of a second start. Both spend one call of ECS's launch budget (40/s) per task. RUN_TASK is the
 * default; START_TASK is there for IAM policies that allow only {@code ecs:StartTask}.
 */
public enum LaunchCall {
  /** {@code RunTask} with a client token, pinned to the offered instance: idempotent. */
  RUN_TASK,
  /** {@code StartTask} on the offered instance; an unknown outcome is resolved by looking for the task. */
  START_TASK
}
