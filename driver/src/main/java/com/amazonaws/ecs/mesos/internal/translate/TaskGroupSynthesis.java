package com.amazonaws.ecs.mesos.internal.translate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.MountPoint;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Volume;

/**
 * The task definition of a Mesos task group ({@code LAUNCH_GROUP}, a pod): one ECS task whose containers are the
 * group's tasks, plus one container standing for Mesos's default executor.
 *
 * <p>Why this shape. Mesos's default executor runs the group's tasks side by side, reports each task's own
 * state, and kills the whole group when one task fails or is killed, while a task that finishes leaves the
 * others running. ECS stops a task when an <em>essential</em> container exits, whatever its code, so:
 * <ul>
 *   <li>each Mesos task is a non-essential container: it can finish alone, and reports its own exit code;</li>
 *   <li>the executor is the one essential container ({@value #EXECUTOR_CONTAINER}, the default image waiting
 *       until it is stopped), sized by the executor's resources as Mesos accounts them; every task's container
 *       depends on it having started ({@code dependsOn START});</li>
 *   <li>"one fails, the group is killed" and "all ended, the executor exits" are the driver's (its StopTask of
 *       the ECS task), since ECS has no such rule.</li>
 * </ul>
 * The group shares one network: HOST by default (the default executor without a CNI network joins the host
 * network), {@code awsvpc} on Fargate. Volumes that live in the executor's sandbox ({@code SANDBOX_PATH}, the
 * ephemeral volumes of Marathon pods) become task volumes mounted where each task asks; any other volume is
 * refused with its name.
 *
 * <p>Container names come from the tasks' names when they are valid, distinct ECS names, else
 * {@code task-N}; the family is the content hash of the whole definition, as for single tasks.
 */
public final class TaskGroupSynthesis {
  public static final String EXECUTOR_CONTAINER = "mesos-executor";
  /** Runs until stopped in any image with a shell: the executor container's whole job is to be there. */
  static final List<String> EXECUTOR_COMMAND =
      Collections.unmodifiableList(java.util.Arrays.asList("sh", "-c", "trap 'exit 0' TERM; sleep infinity & wait"));
  /** ECS allows 50 tags per task; the group's identity takes one per member plus the driver's own. */
  public static final int MAX_TASKS = 40;
  static final long MIN_EXECUTOR_MEMORY_MIB = 6; // Docker's minimum container memory
  private static final Pattern CONTAINER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final String SANDBOX = "/mnt/mesos/sandbox";

  private TaskGroupSynthesis() {}

  /** A synthesized group definition and which container runs which Mesos task. */
  public static final class Group {
    private final TaskDefinitionSynthesis.Synthesized synthesized;
    private final Map<String, String> containerByTaskId;

    Group(TaskDefinitionSynthesis.Synthesized synthesized, Map<String, String> containerByTaskId) {
      this.synthesized = synthesized;
      this.containerByTaskId = containerByTaskId;
    }

    public TaskDefinitionSynthesis.Synthesized synthesized() {
      return synthesized;
    }

    /** The same group with another definition of it (the Fargate form). */
    public Group with(TaskDefinitionSynthesis.Synthesized other) {
      return new Group(other, containerByTaskId);
    }

    /** Container name by Mesos task ID, in the group's order. */
    public Map<String, String> containerByTaskId() {
      return containerByTaskId;
    }
  }

  /**
   * What the group as a whole cannot be on ECS (an executor that is not the default one, too many tasks,
   * a volume ECS cannot express), or null.
   */
  public static String groupProblem(Protos.ExecutorInfo executor, List<Protos.TaskInfo> tasks) {
    if (tasks.isEmpty()) {
      return "Task group is empty";
    }
    if (tasks.size() > MAX_TASKS) {
      return "Task group has " + tasks.size() + " tasks; one ECS task carries at most " + MAX_TASKS;
    }
    if (executor.hasType() && executor.getType() != Protos.ExecutorInfo.Type.DEFAULT) {
      return "Task groups run with Mesos's default executor on ECS; executor '"
          + executor.getExecutorId().getValue() + "' is of type " + executor.getType();
    }
    if (executor.hasContainer()) {
      Protos.ContainerInfo c = executor.getContainer();
      for (Protos.NetworkInfo n : c.getNetworkInfosList()) {
        if (n.hasName() || n.getIpAddressesCount() > 0 || n.getGroupsCount() > 0) {
          return "The executor's network_infos (container network '" + n.getName() + "') cannot be expressed on "
              + "ECS; the group shares the host network (or the task's network interface on Fargate)";
        }
      }
      for (Protos.Volume v : c.getVolumesList()) {
        if (!sandboxVolume(v)) {
          return "Volume '" + v.getContainerPath() + "' of the executor cannot be expressed on ECS: "
              + volumeKind(v) + "; only ephemeral volumes in the executor's sandbox (SANDBOX_PATH) can be shared";
        }
      }
    }
    for (Protos.TaskInfo t : tasks) {
      if (t.hasExecutor()) {
        return "Task '" + t.getTaskId().getValue() + "' of a task group sets its own executor; the group's executor "
            + "runs every task";
      }
      if (t.hasContainer()) {
        for (Protos.Volume v : t.getContainer().getVolumesList()) {
          if (!sandboxVolume(v)) {
            return "Volume '" + v.getContainerPath() + "' of task '" + t.getTaskId().getValue() + "' cannot be "
                + "expressed on ECS: " + volumeKind(v) + "; only ephemeral volumes in the executor's sandbox "
                + "(SANDBOX_PATH) can be shared";
          }
        }
      }
    }
    return null;
  }

  /**
   * The single-task form of a member, which {@link TaskValidation} and {@link TaskDefinitionSynthesis} check
   * and translate: a Mesos-containerizer Docker image becomes a Docker image, the group's network replaces the
   * task's, and the volumes are left to the group.
   */
  public static Protos.TaskInfo memberView(Protos.TaskInfo task) {
    if (!task.hasContainer()) {
      return task;
    }
    Protos.ContainerInfo c = task.getContainer();
    Protos.ContainerInfo.DockerInfo.Builder docker = Protos.ContainerInfo.DockerInfo.newBuilder();
    if (c.getType() == Protos.ContainerInfo.Type.MESOS && c.getMesos().hasImage()
        && c.getMesos().getImage().getType() == Protos.Image.Type.DOCKER) {
      docker.setImage(c.getMesos().getImage().getDocker().getName());
    } else if (c.getType() == Protos.ContainerInfo.Type.DOCKER) {
      docker.mergeFrom(c.getDocker()).clearPortMappings();
    } else if (c.getType() == Protos.ContainerInfo.Type.MESOS && !c.getMesos().hasImage()) {
      return task.toBuilder().clearContainer().build();
    } else {
      return task; // what the single-task synthesis refuses, with its message
    }
    docker.setNetwork(Protos.ContainerInfo.DockerInfo.Network.HOST);
    Protos.ContainerInfo view = Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.DOCKER)
        .setDocker(docker).build();
    return task.toBuilder().setContainer(view).build();
  }

  /**
   * The definition for the group. The tasks must have passed {@link #groupProblem} and, as member views,
   * {@link TaskValidation}.
   *
   * @param mode HOST on EC2, AWSVPC on Fargate
   * @throws IllegalArgumentException with a message for the framework when ECS cannot express the group
   */
  public static Group synthesize(Protos.ExecutorInfo executor, List<Protos.TaskInfo> tasks, String defaultImage,
      NetworkMode mode) {
    String problem = groupProblem(executor, tasks);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    Map<String, String> names = containerNames(tasks);
    Map<String, Volume> volumes = new LinkedHashMap<>();
    List<ContainerDefinition> containers = new ArrayList<>();
    containers.add(executorContainer(executor, defaultImage));
    StringBuilder canonical = new StringBuilder("group-v1|").append(mode);
    List<String> commands = new ArrayList<>();
    for (Protos.TaskInfo task : tasks) {
      TaskDefinitionSynthesis.Synthesized one = TaskDefinitionSynthesis.synthesize(memberView(task), defaultImage);
      String name = names.get(task.getTaskId().getValue());
      ContainerDefinition.Builder c = one.request().containerDefinitions().get(0).toBuilder()
          .name(name)
          .essential(false)
          .dependsOn(ContainerDependency.builder().containerName(EXECUTOR_CONTAINER)
              .condition(ContainerCondition.START).build());
      List<MountPoint> mounts = new ArrayList<>();
      if (task.hasContainer()) {
        for (Protos.Volume v : task.getContainer().getVolumesList()) {
          String volume = volumeName(v);
          volumes.put(volume, Volume.builder().name(volume).build());
          mounts.add(MountPoint.builder().sourceVolume(volume).containerPath(containerPath(v.getContainerPath()))
              .readOnly(v.getMode() == Protos.Volume.Mode.RO).build());
        }
      }
      if (!mounts.isEmpty()) {
        c.mountPoints(mounts);
      }
      if (mode == NetworkMode.AWSVPC && one.request().containerDefinitions().get(0).hasPortMappings()) {
        List<software.amazon.awssdk.services.ecs.model.PortMapping> ports = new ArrayList<>();
        for (software.amazon.awssdk.services.ecs.model.PortMapping m
            : one.request().containerDefinitions().get(0).portMappings()) {
          ports.add(m.toBuilder().hostPort(m.containerPort()).build());
        }
        c.portMappings(ports);
      }
      ContainerDefinition container = c.build();
      containers.add(container);
      canonical.append("|container|").append(name).append('|')
          .append(TaskDefinitionSynthesis.canonical(mode, container));
      for (MountPoint m : mounts) {
        canonical.append("|mount|").append(m.sourceVolume()).append('>').append(m.containerPath())
            .append(m.readOnly() ? ":ro" : ":rw");
      }
      commands.add(name + ": " + (one.command().isEmpty() ? one.image() : String.join(" ", one.command())));
    }
    ContainerDefinition exec = containers.get(0);
    canonical.append("|executor|").append(TaskDefinitionSynthesis.canonical(mode, exec));
    RegisterTaskDefinitionRequest.Builder request = RegisterTaskDefinitionRequest.builder()
        .family(TaskDefinitionSynthesis.FAMILY_PREFIX + "group-" + TaskDefinitionSynthesis.hash(canonical.toString()))
        .networkMode(mode)
        .containerDefinitions(containers);
    if (!volumes.isEmpty()) {
      request.volumes(new ArrayList<>(volumes.values()));
    }
    return new Group(new TaskDefinitionSynthesis.Synthesized(request.build(), exec.image(), commands),
        Collections.unmodifiableMap(names));
  }

  private static ContainerDefinition executorContainer(Protos.ExecutorInfo executor, String defaultImage) {
    double cpus = 0;
    double mem = 0;
    for (Protos.Resource r : executor.getResourcesList()) {
      if (r.getType() == Protos.Value.Type.SCALAR && "cpus".equals(r.getName())) {
        cpus += r.getScalar().getValue();
      } else if (r.getType() == Protos.Value.Type.SCALAR && "mem".equals(r.getName())) {
        mem += r.getScalar().getValue();
      }
    }
    ContainerDefinition.Builder c = ContainerDefinition.builder()
        .name(EXECUTOR_CONTAINER)
        .image(defaultImage)
        .essential(true)
        .command(EXECUTOR_COMMAND)
        .memoryReservation((int) Math.max(MIN_EXECUTOR_MEMORY_MIB, EcsUnits.memoryMib(mem)));
    long cpuUnits = EcsUnits.cpuUnits(cpus);
    if (cpuUnits > 0) {
      c.cpu((int) cpuUnits);
    }
    return c.build();
  }

  /** Task names when they are valid and distinct ECS container names, else task-0, task-1, ... */
  static Map<String, String> containerNames(List<Protos.TaskInfo> tasks) {
    Set<String> seen = new LinkedHashSet<>();
    boolean byName = true;
    for (Protos.TaskInfo t : tasks) {
      String n = shortName(t.getName());
      if (!CONTAINER_NAME.matcher(n).matches() || EXECUTOR_CONTAINER.equals(n) || !seen.add(n)) {
        byName = false;
        break;
      }
    }
    Map<String, String> names = new LinkedHashMap<>();
    int i = 0;
    for (Protos.TaskInfo t : tasks) {
      names.put(t.getTaskId().getValue(), byName ? shortName(t.getName()) : "task-" + i);
      i++;
    }
    return names;
  }

  /** Marathon names a pod's tasks {@code POD.CONTAINER}: the container's own name is the part after the dot. */
  private static String shortName(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 && dot < name.length() - 1 ? name.substring(dot + 1) : name;
  }

  private static boolean sandboxVolume(Protos.Volume v) {
    return v.hasSource() && v.getSource().getType() == Protos.Volume.Source.Type.SANDBOX_PATH
        && !v.hasHostPath() && !v.hasImage();
  }

  private static String volumeKind(Protos.Volume v) {
    if (v.hasHostPath()) {
      return "a host path (" + v.getHostPath() + ")";
    }
    if (v.hasImage()) {
      return "an image volume";
    }
    if (v.hasSource()) {
      return "a " + v.getSource().getType() + " volume";
    }
    return "a volume without a source";
  }

  /** The ECS volume name of a sandbox path: the path's characters ECS allows, others as '_'. */
  static String volumeName(Protos.Volume v) {
    String path = v.getSource().getSandboxPath().getPath();
    String name = path.replaceAll("[^A-Za-z0-9_-]", "_").toLowerCase(Locale.ROOT);
    name = name.replaceAll("^_+", "");
    if (name.isEmpty()) {
      name = "sandbox";
    }
    return name.length() > 255 ? name.substring(0, 255) : name;
  }

  /** Mesos container paths are absolute, or relative to the task's sandbox. */
  private static String containerPath(String path) {
    return path.startsWith("/") ? path : SANDBOX + "/" + path;
  }
}
