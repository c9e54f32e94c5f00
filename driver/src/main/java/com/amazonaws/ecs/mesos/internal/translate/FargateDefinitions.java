package com.amazonaws.ecs.mesos.internal.translate;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/**
 * A synthesized task definition and launch made fit for Fargate: awsvpc networking (each task its own network
 * interface, so a container port is its own host port), {@code requiresCompatibilities FARGATE}, and the task
 * size Fargate will run, rounded up ({@link FargateSizes}). The family carries the size: the same command at
 * two sizes is two definitions.
 */
public final class FargateDefinitions {
  private FargateDefinitions() {}

  /** The Fargate form of {@code s}, whose family is {@code mesos-fargate-HASH}. */
  public static TaskDefinitionSynthesis.Synthesized adapt(TaskDefinitionSynthesis.Synthesized s,
      FargateSizes.Size size) {
    RegisterTaskDefinitionRequest r = s.request();
    List<ContainerDefinition> containers = new ArrayList<>();
    for (ContainerDefinition c : r.containerDefinitions()) {
      if (Boolean.TRUE.equals(c.privileged())) {
        throw new IllegalArgumentException("Privileged containers cannot run on Fargate");
      }
      if (c.hasResourceRequirements() && !c.resourceRequirements().isEmpty()) {
        throw new IllegalArgumentException("GPUs cannot be used on Fargate");
      }
      ContainerDefinition.Builder b = c.toBuilder();
      if (c.hasPortMappings()) {
        List<PortMapping> ports = new ArrayList<>();
        for (PortMapping m : c.portMappings()) {
          ports.add(m.toBuilder().hostPort(m.containerPort()).build());
        }
        b.portMappings(ports);
      }
      containers.add(b.build());
    }
    String family = TaskDefinitionSynthesis.FAMILY_PREFIX + "fargate-"
        + TaskDefinitionSynthesis.hash(r.family() + "|" + size.cpuUnits() + "|" + size.memoryMib());
    RegisterTaskDefinitionRequest fargate = r.toBuilder()
        .family(family)
        .networkMode(NetworkMode.AWSVPC)
        .requiresCompatibilities(Compatibility.FARGATE)
        .cpu(Long.toString(size.cpuUnits()))
        .memory(Long.toString(size.memoryMib()))
        .containerDefinitions(containers)
        .build();
    return new TaskDefinitionSynthesis.Synthesized(fargate, s.image(), s.command());
  }

  /** The launch with the task size Fargate runs instead of the task's own CPU and memory. */
  public static StartTaskRequest sized(StartTaskRequest request, FargateSizes.Size size) {
    TaskOverride overrides = request.overrides() == null ? TaskOverride.builder().build() : request.overrides();
    return request.toBuilder().overrides(overrides.toBuilder().cpu(Long.toString(size.cpuUnits()))
        .memory(Long.toString(size.memoryMib())).build()).build();
  }

  /**
   * What the status messages say of the size when it is not what the task asked for: "Fargate task size 0.5
   * vCPU / 1024 MiB (the task asked for 0.3 cpus and 600 MiB)"; null when it is.
   */
  public static String note(long askedCpuUnits, long askedMemoryMib, FargateSizes.Size size) {
    if (askedCpuUnits == size.cpuUnits() && askedMemoryMib == size.memoryMib()) {
      return null;
    }
    // CPU units are rounded up from the task's cpus (0.3 → 308 units): two decimals give back what it asked for.
    String cpus = java.math.BigDecimal.valueOf(EcsUnits.cpus(askedCpuUnits))
        .setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    return "Fargate task size " + size + " (the task asked for " + cpus + " cpus and " + askedMemoryMib + " MiB)";
  }
}
