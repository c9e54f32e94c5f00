package com.amazonaws.ecs.mesos.internal.translate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/**
 * Turns a validated Mesos {@code TaskInfo} into the {@code StartTask} call that runs it on the offered
 * container instance.
 *
 * <p>Why task-level {@code cpu}/{@code memory} overrides: the framework sized the task from the offer, and
 * the driver subtracts exactly that from the instance's next offers. With task-level values ECS reserves the
 * task's {@code cpu}/{@code memory} on the instance instead of the sum of the containers' own reservations
 * from the task definition, so ECS's accounting and the offer accounting agree to the unit (both round up
 * through {@link EcsUnits}). The containers' own limits in the task definition still apply inside that
 * reservation, so a container hard limit larger than the task's memory makes ECS reject the start.
 *
 * <p>Identity travels with the task ({@link FrameworkTags}): {@code startedBy} and tags with the framework ID,
 * the Mesos task ID and the task name. ECS managed tags are off so the tags stay the driver's own.
 * {@code CommandInfo.environment} becomes an environment override of every container of the definition,
 * matching Mesos, where the environment applies to the whole task.
 *
 * <p>Example: cpus 0.5, mem 256, command {@code web:3} → {@code StartTask(taskDefinition=web:3,
 * overrides={cpu="512", memory="256"}, containerInstances=[ci-1], startedBy=..., tags=[...])}.
 */
public final class StartTaskRequests {
  /** Tag key prefix naming the Mesos task each container of a task group's ECS task runs. */
  public static final String GROUP_TASK_KEY_PREFIX = "mesos.group-task.";

  private StartTaskRequests() {}

  /**
   * The request for one task, which must have passed {@link TaskValidation}.
   *
   * @param cluster the cluster name or ARN
   * @param containerInstance the offered container instance (ARN or ID)
   * @param frameworkId the framework's full ID
   * @param containerNames the names of the task definition's containers, for environment overrides
   */
  public static StartTaskRequest build(String cluster, String containerInstance, String frameworkId,
      Protos.TaskInfo task, List<String> containerNames) {
    String command = task.getCommand().getValue();
    if (!TaskValidation.isTaskDefinitionReference(command)) {
      throw new IllegalArgumentException("CommandInfo.value '" + command + "' is not an ECS task definition reference");
    }
    return build(cluster, containerInstance, frameworkId, task, command, containerNames, HeldResources.NONE);
  }

  /**
   * The request for one task run from {@code taskDefinition} (a task definition the driver registered for
   * it, see {@link TaskDefinitionSynthesis}).
   */
  public static StartTaskRequest build(String cluster, String containerInstance, String frameworkId,
      Protos.TaskInfo task, String taskDefinition, List<String> containerNames) {
    return build(cluster, containerInstance, frameworkId, task, taskDefinition, containerNames, HeldResources.NONE);
  }

  /**
   * The request for one task run from {@code taskDefinition}, tagged with what it holds outside ECS's
   * accounting ({@link FrameworkTags#HELD_KEY}) so a successor driver keeps holding it.
   */
  public static StartTaskRequest build(String cluster, String containerInstance, String frameworkId,
      Protos.TaskInfo task, String taskDefinition, List<String> containerNames, HeldResources outsideEcs) {
    return StartTaskRequest.builder()
        .cluster(cluster)
        .taskDefinition(taskDefinition)
        .containerInstances(Collections.singletonList(containerInstance))
        .startedBy(FrameworkTags.startedBy(frameworkId))
        .tags(FrameworkTags.tags(frameworkId, task.getTaskId().getValue(), task.getName(), outsideEcs))
        .enableECSManagedTags(false)
        .overrides(overrides(task, containerNames))
        .build();
  }

  /**
   * The request for a task group ({@link TaskGroupSynthesis}): the carrier's identity tags plus one
   * {@value #GROUP_TASK_KEY_PREFIX}CONTAINER tag per member naming its Mesos task, the group's total CPU and
   * memory (the tasks' and the executor's) as the task-level size, and each member's environment as its own
   * container's override.
   */
  public static StartTaskRequest buildGroup(String cluster, String containerInstance, String frameworkId,
      Protos.ExecutorInfo executor, List<Protos.TaskInfo> tasks, java.util.Map<String, String> containerByTaskId,
      String taskDefinition, HeldResources outsideEcs) {
    Protos.TaskInfo carrier = tasks.get(0);
    List<software.amazon.awssdk.services.ecs.model.Tag> tags = new ArrayList<>(
        FrameworkTags.tags(frameworkId, carrier.getTaskId().getValue(), carrier.getName(), outsideEcs));
    List<Protos.Resource> all = new ArrayList<>(executor.getResourcesList());
    List<ContainerOverride> containers = new ArrayList<>();
    for (Protos.TaskInfo t : tasks) {
      String container = containerByTaskId.get(t.getTaskId().getValue());
      tags.add(software.amazon.awssdk.services.ecs.model.Tag.builder().key(GROUP_TASK_KEY_PREFIX + container)
          .value(FrameworkTags.escape(t.getTaskId().getValue())).build());
      all.addAll(t.getResourcesList());
      List<KeyValuePair> environment = environment(t.getCommand());
      if (!environment.isEmpty()) {
        containers.add(ContainerOverride.builder().name(container).environment(environment).build());
      }
    }
    TaskOverride size = overrides(Protos.TaskInfo.newBuilder(carrier).clearResources().addAllResources(all)
        .clearCommand().build(), Collections.<String>emptyList());
    long memory = Math.max(size.memory() == null ? 0 : Long.parseLong(size.memory()), minimumMemory(tasks)
        + TaskGroupSynthesis.MIN_EXECUTOR_MEMORY_MIB);
    TaskOverride.Builder overrides = size.toBuilder().memory(Long.toString(memory));
    if (!containers.isEmpty()) {
      overrides.containerOverrides(containers);
    }
    return StartTaskRequest.builder()
        .cluster(cluster)
        .taskDefinition(taskDefinition)
        .containerInstances(Collections.singletonList(containerInstance))
        .startedBy(FrameworkTags.startedBy(frameworkId))
        .tags(tags)
        .enableECSManagedTags(false)
        .overrides(overrides.build())
        .build();
  }

  /** The tasks' memory: the executor container needs its few MiB on top, however little the executor has. */
  private static long minimumMemory(List<Protos.TaskInfo> tasks) {
    double mem = 0;
    for (Protos.TaskInfo t : tasks) {
      for (Protos.Resource r : t.getResourcesList()) {
        if (r.getType() == Protos.Value.Type.SCALAR && "mem".equals(r.getName())) {
          mem += r.getScalar().getValue();
        }
      }
    }
    return EcsUnits.memoryMib(mem);
  }

  static TaskOverride overrides(Protos.TaskInfo task, List<String> containerNames) {
    double cpus = 0;
    double mem = 0;
    for (Protos.Resource r : task.getResourcesList()) {
      if (r.getType() == Protos.Value.Type.SCALAR && "cpus".equals(r.getName())) {
        cpus += r.getScalar().getValue();
      } else if (r.getType() == Protos.Value.Type.SCALAR && "mem".equals(r.getName())) {
        mem += r.getScalar().getValue();
      }
    }
    TaskOverride.Builder overrides = TaskOverride.builder();
    long cpuUnits = EcsUnits.cpuUnits(cpus);
    if (cpuUnits > 0) {
      overrides.cpu(Long.toString(cpuUnits));
    }
    long memoryMib = EcsUnits.memoryMib(mem);
    if (memoryMib > 0) {
      overrides.memory(Long.toString(memoryMib));
    }
    List<KeyValuePair> environment = environment(task.getCommand());
    if (!environment.isEmpty()) {
      List<ContainerOverride> containers = new ArrayList<>(containerNames.size());
      for (String name : containerNames) {
        containers.add(ContainerOverride.builder().name(name).environment(environment).build());
      }
      overrides.containerOverrides(containers);
    }
    return overrides.build();
  }

  private static List<KeyValuePair> environment(Protos.CommandInfo command) {
    List<KeyValuePair> env = new ArrayList<>();
    for (Protos.Environment.Variable v : command.getEnvironment().getVariablesList()) {
      // Secrets are rejected by TaskValidation; never send one as plain text.
      if (v.getType() != Protos.Environment.Variable.Type.SECRET) {
        env.add(KeyValuePair.builder().name(v.getName()).value(v.getValue()).build());
      }
    }
    return env;
  }
}
