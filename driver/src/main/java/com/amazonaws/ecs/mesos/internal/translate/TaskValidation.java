package com.amazonaws.ecs.mesos.internal.translate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Decides, before anything reaches ECS, whether a launch can run and why not.
 *
 * <p>Mesos's master rejects bad tasks with TASK_ERROR and a message saying exactly what is wrong, and
 * frameworks rely on that instead of on a crash or a silent no-op; ECS adds its own impossibilities (custom
 * executors, tasks no task definition can express, IDs that cannot be tagged). Checks follow Mesos's
 * order: offers first (all outstanding, distinct, on one agent, else the whole launch is invalid), then per
 * task: ID, agent, command/executor, resources. Tasks earlier in the same launch consume the offers, so
 * two tasks that each fit but not together are caught here rather than by {@code StartTask}.
 *
 * <p>Example message: {@code Task uses more cpus (2.0) than available (1.5) in offers [O-1]}.
 */
public final class TaskValidation {

  private static final String FAMILY = "[A-Za-z0-9_-]{1,255}";
  private static final Pattern TASK_DEFINITION_REF = Pattern.compile(
      FAMILY + "(:[1-9][0-9]{0,9})?"
          + "|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/" + FAMILY + ":[1-9][0-9]{0,9}");
  static final String REFERENCE_FORMS =
      "family, family:revision or arn:aws:ecs:REGION:ACCOUNT:task-definition/family:revision";

  private TaskValidation() {}

  /** Whether {@code value} names an ECS task definition ({@value #REFERENCE_FORMS}). */
  public static boolean isTaskDefinitionReference(String value) {
    return value != null && TASK_DEFINITION_REF.matcher(value).matches();
  }

  /**
   * Checks a launch ({@code acceptOffers} with LAUNCH operations, or {@code launchTasks}).
   *
   * @param offerIds the offers the framework named, as given (duplicates included)
   * @param outstanding offers currently outstanding for this framework, by offer ID value
   * @param tasks the tasks to launch, in the order given
   * @param liveTaskIds IDs of the framework's tasks that are not terminal
   */
  public static LaunchCheck check(List<Protos.OfferID> offerIds, Map<String, Protos.Offer> outstanding,
      List<Protos.TaskInfo> tasks, final Set<String> liveTaskIds) {
    return check(offerIds, outstanding, tasks,
        id -> liveTaskIds.contains(id) ? "Task ID '" + id + "' is already used by a live task" : null);
  }

  /**
   * As {@link #check(List, Map, List, Set)}, asking {@code whyInUse} whether each task ID is taken: it
   * returns why (the message of the TASK_ERROR), or null when the ID is free.
   */
  public static LaunchCheck check(List<Protos.OfferID> offerIds, Map<String, Protos.Offer> outstanding,
      List<Protos.TaskInfo> tasks, Function<String, String> whyInUse) {
    Optional<String> offersProblem = offersProblem(offerIds, outstanding);
    if (offersProblem.isPresent()) {
      return LaunchCheck.invalidOffers(offersProblem.get());
    }
    List<Protos.Offer> offers = new ArrayList<>();
    for (Protos.OfferID id : offerIds) {
      offers.add(outstanding.get(id.getValue()));
    }
    Pool pool = new Pool(offers);
    Set<String> idsInThisLaunch = new HashSet<>();
    List<TaskCheck> checks = new ArrayList<>(tasks.size());
    for (Protos.TaskInfo task : tasks) {
      String error = taskProblem(task, offers, pool, whyInUse, idsInThisLaunch);
      if (error == null) {
        pool.consume(task.getResourcesList());
      }
      idsInThisLaunch.add(task.getTaskId().getValue());
      checks.add(new TaskCheck(task, error));
    }
    return LaunchCheck.perTask(checks);
  }

  /** How many GPUs the definition's containers require ({@code resourceRequirements} of type GPU). */
  public static long requiredGpus(TaskDefinition definition) {
    long required = 0;
    for (ContainerDefinition c : definition.containerDefinitions()) {
      for (software.amazon.awssdk.services.ecs.model.ResourceRequirement r : c.resourceRequirements()) {
        if (r.type() == software.amazon.awssdk.services.ecs.model.ResourceType.GPU && r.value() != null) {
          try {
            required += Long.parseLong(r.value().trim());
          } catch (NumberFormatException e) {
            // ECS refuses such a definition; it requires nothing countable
          }
        }
      }
    }
    return required;
  }

  /** Why the offers of a launch cannot be used together, or empty when they can. */
  public static Optional<String> offersProblem(List<Protos.OfferID> offerIds, Map<String, Protos.Offer> outstanding) {
    if (offerIds.isEmpty()) {
      return Optional.of("No offers given for the launch");
    }
    Set<String> seen = new HashSet<>();
    Map<String, String> agentByOffer = new LinkedHashMap<>();
    for (Protos.OfferID id : offerIds) {
      String value = id.getValue();
      if (!seen.add(value)) {
        return Optional.of("Offer " + value + " is given more than once");
      }
      Protos.Offer offer = outstanding.get(value);
      if (offer == null) {
        return Optional.of("Offer " + value + " is not outstanding (already used, declined or rescinded, or never made)");
      }
      agentByOffer.put(value, offer.getSlaveId().getValue());
    }
    Set<String> agents = new LinkedHashSet<>(agentByOffer.values());
    if (agents.size() > 1) {
      return Optional.of("Offers " + agentByOffer.keySet() + " are on different agents " + agents
          + "; one launch may only use offers of one agent");
    }
    return Optional.empty();
  }

  /**
   * The ECS-specific check once the task definition is known: the host ports its containers need must have
   * been taken from the offer's {@code ports}, or ECS would bind ports the driver may offer to someone else.
   * Fixed host ports are {@code portMappings.hostPort} ≠ 0 and, in {@code host} and {@code awsvpc} network
   * modes, the {@code containerPort} (the host port equals it there).
   */
  public static Optional<String> unclaimedHostPorts(Protos.TaskInfo task, TaskDefinition definition) {
    NetworkMode mode = definition.networkMode();
    boolean containerPortIsHostPort = mode == NetworkMode.HOST || mode == NetworkMode.AWSVPC;
    Set<Long> needed = new TreeSet<>();
    if (definition.hasContainerDefinitions()) {
      for (ContainerDefinition container : definition.containerDefinitions()) {
        if (!container.hasPortMappings()) {
          continue;
        }
        for (PortMapping m : container.portMappings()) {
          Integer port = m.hostPort() != null && m.hostPort() != 0 ? m.hostPort()
              : containerPortIsHostPort ? m.containerPort() : null;
          if (port != null && port != 0) {
            needed.add(port.longValue());
          }
        }
      }
    }
    PortRanges taken = HeldResources.of(task.getResourcesList()).ports();
    List<Long> missing = new ArrayList<>();
    for (Long port : needed) {
      if (!taken.contains(port)) {
        missing.add(port);
      }
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("Task definition " + definitionName(definition) + " needs host ports " + missing
        + " that the task did not take from the offer's ports resource");
  }

  private static String taskProblem(Protos.TaskInfo task, List<Protos.Offer> offers, Pool pool,
      Function<String, String> whyInUse, Set<String> idsInThisLaunch) {
    String id = task.getTaskId().getValue();
    if (id.isEmpty()) {
      return "Task ID is empty";
    }
    Optional<String> tagging = FrameworkTags.taggingProblem(id);
    if (tagging.isPresent()) {
      return tagging.get();
    }
    String inUse = whyInUse.apply(id);
    if (inUse != null) {
      return inUse;
    }
    if (idsInThisLaunch.contains(id)) {
      return "Task ID '" + id + "' is used by more than one task in this launch";
    }
    String agent = offers.get(0).getSlaveId().getValue();
    if (!agent.equals(task.getSlaveId().getValue())) {
      return "Task uses agent '" + task.getSlaveId().getValue() + "' but offers " + pool.offerIds
          + " are on agent '" + agent + "'";
    }
    String work = commandProblem(task);
    if (work != null) {
      return work;
    }
    return pool.problemWith(task.getResourcesList());
  }

  private static String commandProblem(Protos.TaskInfo task) {
    if (task.hasCommand() && task.hasExecutor()) {
      return "Task sets both command and executor; exactly one must be set (on ECS: command)";
    }
    if (task.hasExecutor()) {
      return "Custom executors cannot run on ECS (task sets executor '" + task.getExecutor().getExecutorId().getValue()
          + "'); set CommandInfo.value to an ECS task definition (" + REFERENCE_FORMS + ") or a shell command instead";
    }
    if (!task.hasCommand()) {
      return "Task sets neither command nor executor; set CommandInfo.value to an ECS task definition ("
          + REFERENCE_FORMS + ") or a shell command";
    }
    String value = task.getCommand().getValue();
    if (value.isEmpty() && !TaskDefinitionSynthesis.hasDockerImage(task) && task.getCommand().getShell()) {
      return "CommandInfo.value is empty; it must name an ECS task definition (" + REFERENCE_FORMS
          + ") or be a shell command";
    }
    if (TaskDefinitionSynthesis.required(task)) {
      // Runs from a task definition the driver registers: it must be expressible as one.
      String problem = TaskDefinitionSynthesis.problem(task);
      if (problem != null) {
        return problem;
      }
    }
    for (Protos.Environment.Variable v : task.getCommand().getEnvironment().getVariablesList()) {
      if (v.getType() == Protos.Environment.Variable.Type.SECRET) {
        return "Environment variable '" + v.getName() + "' is a Mesos secret, which ECS cannot receive as an "
            + "override; declare it as a secret in the task definition";
      }
    }
    return null;
  }

  private static String definitionName(TaskDefinition d) {
    if (d.family() != null) {
      return d.revision() == null ? d.family() : d.family() + ":" + d.revision();
    }
    return d.taskDefinitionArn() == null ? "(unnamed)" : d.taskDefinitionArn();
  }

  /** What the launch's offers still have, in the units ECS reserves, as earlier tasks take their share. */
  private static final class Pool {
    final List<String> offerIds = new ArrayList<>();
    final Map<String, Long> offered = new LinkedHashMap<>();
    final Map<String, Long> used = new LinkedHashMap<>();
    PortRanges offeredPorts = PortRanges.EMPTY;
    PortRanges usedPorts = PortRanges.EMPTY;

    Pool(List<Protos.Offer> offers) {
      for (Protos.Offer offer : offers) {
        offerIds.add(offer.getId().getValue());
        for (Protos.Resource r : offer.getResourcesList()) {
          if (r.getType() == Protos.Value.Type.SCALAR) {
            offered.merge(r.getName(), amount(r.getName(), r.getScalar().getValue(), false), Long::sum);
          } else if (r.getType() == Protos.Value.Type.RANGES && "ports".equals(r.getName())) {
            offeredPorts = offeredPorts.union(PortRanges.fromProto(r.getRanges()));
          }
        }
      }
    }

    /**
     * Amounts as integers so comparisons are exact: cpus in ECS CPU units, mem in MiB (both rounded up for a
     * task, as {@code StartTask} will reserve them), anything else in thousandths as Mesos compares scalars.
     */
    static long amount(String name, double value, boolean taskSide) {
      switch (name) {
        case "cpus": return EcsUnits.cpuUnits(value);
        case "mem": return taskSide ? EcsUnits.memoryMib(value) : (long) Math.floor(value + 1e-9);
        default: return Math.round(value * 1000);
      }
    }

    static double display(String name, long amount) {
      switch (name) {
        case "cpus": return EcsUnits.cpus(amount);
        case "mem": return amount;
        default: return amount / 1000.0;
      }
    }

    String problemWith(List<Protos.Resource> resources) {
      if (resources.isEmpty()) {
        return "Task uses no resources";
      }
      Map<String, Double> wanted = new LinkedHashMap<>();
      PortRanges ports = PortRanges.EMPTY;
      for (Protos.Resource r : resources) {
        if (r.getReservationsCount() > 0 || r.hasReservation() || !"*".equals(r.getRole())) {
          return "Task uses reserved resources ('" + r.getName() + "'); ECS offers only unreserved resources";
        }
        if (r.hasDisk() && r.getDisk().hasPersistence()) {
          return "Task uses a persistent volume; ECS offers have no persistent volumes";
        }
        if (r.getType() == Protos.Value.Type.SCALAR) {
          wanted.merge(r.getName(), r.getScalar().getValue(), Double::sum);
        } else if (r.getType() == Protos.Value.Type.RANGES && "ports".equals(r.getName())) {
          ports = ports.union(PortRanges.fromProto(r.getRanges()));
        } else {
          return "Task uses resource '" + r.getName() + "' of type " + r.getType() + ", which ECS offers do not have";
        }
      }
      Double gpus = wanted.get("gpus");
      if (gpus != null && gpus != Math.floor(gpus)) {
        return "Task uses a fractional number of gpus (" + gpus + "); gpus must be a whole number";
      }
      for (Map.Entry<String, Double> w : wanted.entrySet()) {
        String name = w.getKey();
        long need = amount(name, w.getValue(), true);
        long offeredAmount = offered.getOrDefault(name, 0L);
        long usedAmount = used.getOrDefault(name, 0L);
        if (need > offeredAmount - usedAmount) {
          return "Task uses more " + name + " (" + w.getValue() + ") than available ("
              + display(name, offeredAmount - usedAmount) + ") in offers " + offerIds + earlier(usedAmount > 0);
        }
      }
      PortRanges free = offeredPorts.minus(usedPorts);
      PortRanges missing = ports.minus(free);
      if (!missing.isEmpty()) {
        return "Task uses ports " + missing + " that are not available in offers " + offerIds
            + earlier(!ports.minus(offeredPorts).equals(missing));
      }
      return null;
    }

    /** Takes a valid task's share; a task's scalars are summed before rounding, as StartTask does. */
    void consume(Collection<Protos.Resource> resources) {
      Map<String, Double> wanted = new LinkedHashMap<>();
      for (Protos.Resource r : resources) {
        if (r.getType() == Protos.Value.Type.SCALAR) {
          wanted.merge(r.getName(), r.getScalar().getValue(), Double::sum);
        } else if (r.getType() == Protos.Value.Type.RANGES && "ports".equals(r.getName())) {
          usedPorts = usedPorts.union(PortRanges.fromProto(r.getRanges()));
        }
      }
      for (Map.Entry<String, Double> w : wanted.entrySet()) {
        used.merge(w.getKey(), amount(w.getKey(), w.getValue(), true), Long::sum);
      }
    }

    private static String earlier(boolean consumed) {
      return consumed ? " after earlier tasks of this launch" : "";
    }
  }
}
