package com.amazonaws.ecs.mesos.internal.translate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.ResourceRequirement;
import software.amazon.awssdk.services.ecs.model.ResourceType;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * The task definition the driver registers for a task that does not name one: a shell command
 * ({@code sleep 2}) or a Docker image (Marathon and Chronos Docker apps).
 *
 * <p>One essential container {@value #CONTAINER_NAME}: the image from {@code ContainerInfo.docker.image}, else
 * the default image ({@code AWS_ECS_DEFAULT_IMAGE}, else {@value #DEFAULT_IMAGE}); the command {@code sh -c
 * VALUE} when {@code shell} is true, else {@code [VALUE] + arguments}; container {@code cpu} and {@code memory}
 * from the task's {@code cpus} and {@code mem}; port mappings from the Docker port mappings, else one
 * {@code hostPort = containerPort} mapping per port of the task's {@code ports}; the task's labels as Docker
 * labels. The {@code CommandInfo}'s environment is not in the definition: it travels in StartTask's container
 * overrides, so tasks that differ only in their environment share one definition.
 *
 * <p>The family is {@code mesos-} and the first 16 hex digits of the SHA-256 of a canonical form of that
 * content: identical tasks share one family, registered once, and a restarted driver finds it again with
 * {@code DescribeTaskDefinition} instead of registering it again (ECS allows one registration per second).
 *
 * <p>{@code CommandInfo.uris} are fetched by the task itself before its command ({@link FetcherScript}).
 *
 * <p>What ECS cannot express (Mesos containerizer images, volumes, CNI networks, Docker parameters) is
 * refused with a message saying so, for a TASK_ERROR.
 */
public final class TaskDefinitionSynthesis {
  public static final String DEFAULT_IMAGE_ENV = "AWS_ECS_DEFAULT_IMAGE";
  public static final String DEFAULT_IMAGE = "public.ecr.aws/docker/library/busybox:stable";
  public static final String CONTAINER_NAME = "main";
  public static final String FAMILY_PREFIX = "mesos-";
  /** The seed's examples put this image in a ContainerInfo that was never used: it means "no image". */
  static final String PLACEHOLDER_IMAGE = "ignore";
  static final int MAX_PORT_MAPPINGS = 100;
  private static final Pattern BARE_FAMILY = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  private TaskDefinitionSynthesis() {}

  /** A synthesized definition: the registration request (family included) and what it runs. */
  public static final class Synthesized {
    private final RegisterTaskDefinitionRequest request;
    private final String image;
    private final List<String> command;

    Synthesized(RegisterTaskDefinitionRequest request, String image, List<String> command) {
      this.request = request;
      this.image = image;
      this.command = command;
    }

    public RegisterTaskDefinitionRequest request() {
      return request;
    }

    public String family() {
      return request.family();
    }

    public String image() {
      return image;
    }

    public List<String> command() {
      return command;
    }
  }

  /** The default image: {@code AWS_ECS_DEFAULT_IMAGE} from {@code env} when set, else {@value #DEFAULT_IMAGE}. */
  public static String defaultImage(Map<String, String> env) {
    String image = env.get(DEFAULT_IMAGE_ENV);
    return image == null || image.trim().isEmpty() ? DEFAULT_IMAGE : image.trim();
  }

  /** Whether the task carries a Docker image of its own (the seed's placeholder {@code "ignore"} is none). */
  public static boolean hasDockerImage(Protos.TaskInfo task) {
    if (!task.hasContainer() || task.getContainer().getType() != Protos.ContainerInfo.Type.DOCKER) {
      return false;
    }
    String image = task.getContainer().getDocker().getImage();
    return !image.isEmpty() && !PLACEHOLDER_IMAGE.equals(image);
  }

  /**
   * Whether the task runs from a synthesized definition whatever ECS holds: it has a Docker image, or its
   * {@code CommandInfo.value} cannot name a task definition.
   */
  public static boolean required(Protos.TaskInfo task) {
    return hasDockerImage(task) || !TaskValidation.isTaskDefinitionReference(task.getCommand().getValue());
  }

  /**
   * Whether the value looks like a bare family name ({@code sleep2}) and so, when ECS has no such family,
   * runs as a shell command instead (and says so in its status messages).
   */
  public static boolean mayRunAsCommand(Protos.TaskInfo task) {
    return !hasDockerImage(task) && BARE_FAMILY.matcher(task.getCommand().getValue()).matches();
  }

  /** Why the task cannot be expressed as an ECS task definition, or null when it can. */
  public static String problem(Protos.TaskInfo task) {
    try {
      synthesize(task, DEFAULT_IMAGE);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * The task definition for {@code task}.
   *
   * @throws IllegalArgumentException with a message for the framework when ECS cannot express the task
   */
  public static Synthesized synthesize(Protos.TaskInfo task, String defaultImage) {
    Protos.CommandInfo cmd = task.getCommand();
    String image = defaultImage;
    NetworkMode mode = NetworkMode.BRIDGE;
    boolean privileged = false;
    List<Protos.ContainerInfo.DockerInfo.PortMapping> dockerPorts = Collections.emptyList();
    if (task.hasContainer()) {
      Protos.ContainerInfo c = task.getContainer();
      if (c.getVolumesCount() > 0) {
        throw new IllegalArgumentException("ContainerInfo.volumes cannot be expressed on ECS by the driver ("
            + c.getVolumesCount() + " volume(s)); register a task definition with the volumes and name it in "
            + "CommandInfo.value");
      }
      for (Protos.NetworkInfo n : c.getNetworkInfosList()) {
        if (n.hasName() || n.getIpAddressesCount() > 0 || n.getGroupsCount() > 0) {
          throw new IllegalArgumentException("ContainerInfo.network_infos (container network '" + n.getName()
              + "') cannot be expressed on ECS; use Docker BRIDGE or HOST networking");
        }
      }
      if (c.getType() == Protos.ContainerInfo.Type.MESOS) {
        if (c.getMesos().hasImage()) {
          throw new IllegalArgumentException("ContainerInfo type MESOS with an image (Mesos containerizer, "
              + c.getMesos().getImage().getType() + " image) cannot run on ECS; use ContainerInfo type DOCKER with "
              + "docker.image");
        }
      } else if (c.getType() == Protos.ContainerInfo.Type.DOCKER) {
        Protos.ContainerInfo.DockerInfo docker = c.getDocker();
        if (hasDockerImage(task)) {
          image = docker.getImage();
        }
        if (docker.getParametersCount() > 0) {
          List<String> keys = new ArrayList<>();
          for (Protos.Parameter p : docker.getParametersList()) {
            keys.add(p.getKey());
          }
          throw new IllegalArgumentException("Docker parameters " + keys + " cannot be expressed on ECS by the "
              + "driver; register a task definition and name it in CommandInfo.value");
        }
        switch (docker.getNetwork()) {
          case HOST:
            mode = NetworkMode.HOST;
            break;
          case NONE:
            mode = NetworkMode.NONE;
            break;
          case USER:
            throw new IllegalArgumentException("Docker network USER (a user-defined network) cannot be expressed "
                + "on ECS; use BRIDGE or HOST");
          default:
            mode = NetworkMode.BRIDGE;
            break;
        }
        privileged = docker.getPrivileged();
        dockerPorts = docker.getPortMappingsList();
      } else {
        throw new IllegalArgumentException("ContainerInfo type " + c.getType() + " cannot run on ECS");
      }
    }
    List<String> command = command(cmd, hasDockerImage(task));
    if (cmd.getUrisCount() > 0) {
      command = FetcherScript.wrap(cmd.getUrisList(), command, cmd.getShell(), FetcherScript.SANDBOX);
    }

    double cpus = 0;
    double mem = 0;
    double gpus = 0;
    PortRanges taskPorts = PortRanges.EMPTY;
    for (Protos.Resource r : task.getResourcesList()) {
      if (r.getType() == Protos.Value.Type.SCALAR) {
        if ("cpus".equals(r.getName())) {
          cpus += r.getScalar().getValue();
        } else if ("mem".equals(r.getName())) {
          mem += r.getScalar().getValue();
        } else if ("gpus".equals(r.getName())) {
          gpus += r.getScalar().getValue();
        }
      } else if (r.getType() == Protos.Value.Type.RANGES && "ports".equals(r.getName())) {
        taskPorts = taskPorts.union(PortRanges.fromProto(r.getRanges()));
      }
    }
    long memoryMib = EcsUnits.memoryMib(mem);
    if (memoryMib <= 0) {
      throw new IllegalArgumentException("Task has no mem resource; a task definition needs the container's memory");
    }
    List<PortMapping> mappings = portMappings(mode, dockerPorts, taskPorts);

    ContainerDefinition.Builder container = ContainerDefinition.builder()
        .name(CONTAINER_NAME)
        .image(image)
        .essential(true)
        .memory((int) memoryMib);
    long cpuUnits = EcsUnits.cpuUnits(cpus);
    if (cpuUnits > 0) {
      container.cpu((int) cpuUnits);
    }
    if (!command.isEmpty()) {
      container.command(command);
    }
    if (!mappings.isEmpty()) {
      container.portMappings(mappings);
    }
    // The environment is not part of the definition: StartTask's container overrides carry it. Frameworks
    // such as Spark give every task its own variables, and one family per task would launch at ECS's one
    // registration per second.
    for (Protos.Environment.Variable v : cmd.getEnvironment().getVariablesList()) {
      if (v.getType() == Protos.Environment.Variable.Type.SECRET) {
        throw new IllegalArgumentException("Environment variable '" + v.getName() + "' is a Mesos secret, which the "
            + "driver cannot pass to ECS");
      }
    }
    Map<String, String> labels = new TreeMap<>();
    for (Protos.Label l : task.getLabels().getLabelsList()) {
      labels.put(l.getKey(), l.getValue());
    }
    if (!labels.isEmpty()) {
      container.dockerLabels(labels);
    }
    if (privileged) {
      container.privileged(true);
    }
    if (cmd.hasUser()) {
      container.user(cmd.getUser());
    }
    long wholeGpus = (long) Math.ceil(gpus);
    if (wholeGpus > 0) {
      container.resourceRequirements(ResourceRequirement.builder().type(ResourceType.GPU)
          .value(Long.toString(wholeGpus)).build());
    }
    ContainerDefinition definition = container.build();
    String family = FAMILY_PREFIX + hash(canonical(mode, definition));
    RegisterTaskDefinitionRequest request = RegisterTaskDefinitionRequest.builder()
        .family(family)
        .networkMode(mode)
        .containerDefinitions(definition)
        .build();
    return new Synthesized(request, image, command);
  }

  private static List<String> command(Protos.CommandInfo cmd, boolean ownImage) {
    String value = cmd.getValue();
    List<String> command = new ArrayList<>();
    if (cmd.getShell()) {
      if (!value.isEmpty()) {
        command.add("sh");
        command.add("-c");
        command.add(value);
      }
    } else {
      if (!value.isEmpty()) {
        command.add(value);
      }
      command.addAll(cmd.getArgumentsList());
    }
    if (command.isEmpty() && !ownImage) {
      throw new IllegalArgumentException("CommandInfo has no value" + (cmd.getShell() ? "" : " and no arguments")
          + " and the task has no Docker image: nothing to run");
    }
    return command;
  }

  private static List<PortMapping> portMappings(NetworkMode mode,
      List<Protos.ContainerInfo.DockerInfo.PortMapping> dockerPorts, PortRanges taskPorts) {
    List<PortMapping> mappings = new ArrayList<>();
    if (!dockerPorts.isEmpty()) {
      if (mode == NetworkMode.NONE) {
        throw new IllegalArgumentException("Docker port mappings need BRIDGE or HOST networking, not NONE");
      }
      for (Protos.ContainerInfo.DockerInfo.PortMapping m : dockerPorts) {
        int host = m.getHostPort();
        int containerPort = m.getContainerPort();
        if (containerPort < 1 || containerPort > 65535) {
          throw new IllegalArgumentException("Docker port mapping has containerPort " + containerPort
              + "; it must be 1-65535");
        }
        if (!taskPorts.contains(host)) {
          throw new IllegalArgumentException("Docker port mapping " + containerPort + "->" + host + " uses host port "
              + host + ", which the task did not take from the offer's ports resource");
        }
        if (mode == NetworkMode.HOST && host != containerPort) {
          throw new IllegalArgumentException("Docker port mapping " + containerPort + "->" + host
              + ": with HOST networking the container port must equal the host port");
        }
        String protocols = m.hasProtocol() ? m.getProtocol() : "tcp";
        for (String protocol : protocols.split(",")) {
          TransportProtocol p = TransportProtocol.fromValue(protocol.trim().toLowerCase(java.util.Locale.ROOT));
          if (p == null || p == TransportProtocol.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("Docker port mapping " + containerPort + "->" + host
                + " has protocol '" + protocol + "'; ECS knows tcp and udp");
          }
          mappings.add(PortMapping.builder().containerPort(containerPort).hostPort(host).protocol(p).build());
        }
      }
    } else if (mode != NetworkMode.NONE) {
      if (taskPorts.size() > MAX_PORT_MAPPINGS) {
        throw new IllegalArgumentException("Task takes " + taskPorts.size() + " ports; the driver maps at most "
            + MAX_PORT_MAPPINGS + " into a task definition");
      }
      for (Long port : taskPorts.ports()) {
        int p = port.intValue();
        mappings.add(PortMapping.builder().containerPort(p).hostPort(p).protocol(TransportProtocol.TCP).build());
      }
    }
    if (mappings.size() > MAX_PORT_MAPPINGS) {
      throw new IllegalArgumentException("Task has " + mappings.size() + " port mappings; the driver maps at most "
          + MAX_PORT_MAPPINGS);
    }
    return mappings;
  }

  /** A canonical form of everything that makes up the definition: equal content, equal string. */
  static String canonical(NetworkMode mode, ContainerDefinition c) {
    StringBuilder s = new StringBuilder("v1");
    field(s, "networkMode", mode.toString());
    field(s, "image", c.image());
    field(s, "cpu", String.valueOf(c.cpu()));
    field(s, "memory", String.valueOf(c.memory()));
    field(s, "privileged", String.valueOf(c.privileged()));
    field(s, "user", c.user());
    if (c.hasCommand()) {
      field(s, "command", String.valueOf(c.command().size()));
      for (String a : c.command()) {
        field(s, "arg", a);
      }
    }
    if (c.hasPortMappings()) {
      for (PortMapping m : c.portMappings()) {
        field(s, "port", m.containerPort() + ">" + m.hostPort() + "/" + m.protocolAsString());
      }
    }
    if (c.hasEnvironment()) {
      for (KeyValuePair e : c.environment()) {
        field(s, "envName", e.name());
        field(s, "envValue", e.value());
      }
    }
    if (c.hasDockerLabels()) {
      for (Map.Entry<String, String> l : new TreeMap<>(c.dockerLabels()).entrySet()) {
        field(s, "labelKey", l.getKey());
        field(s, "labelValue", l.getValue());
      }
    }
    if (c.hasResourceRequirements()) {
      for (ResourceRequirement r : c.resourceRequirements()) {
        field(s, "resource", r.typeAsString() + "=" + r.value());
      }
    }
    return s.toString();
  }

  private static void field(StringBuilder s, String name, String value) {
    s.append('|').append(name);
    if (value == null) {
      s.append('!');
    } else {
      s.append(value.length()).append(':').append(value);
    }
  }

  static String hash(String canonical) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", digest[i] & 0xff));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Says what a bare family name that ECS does not know was run as, for the task's status messages. */
  public static String ranAsCommandNote(String value, String image) {
    return "ran \"" + value + "\" as a shell command in " + image + ": no task definition \"" + value + "\"";
  }
}
