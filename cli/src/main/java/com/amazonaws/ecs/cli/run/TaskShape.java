package com.amazonaws.ecs.cli.run;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * What each task takes from an offer: cpus, mem and host ports. Unset options default to what the task
 * definition reserves (task-level cpu/memory, else the containers' sums; the fixed host ports its port
 * mappings need), so {@code run --task-definition nginx:2} just works. Pure.
 */
record TaskShape(double cpus, double mem, List<Long> ports) {
    /** ECS lets a container reserve no CPU; a Mesos task must take some. */
    static final double MIN_CPUS = 0.1;
    static final double MIN_MEM = 32;

    static TaskShape of(TaskDefinition definition, Double cpus, Double mem, List<Long> ports) {
        double c = cpus != null ? cpus : Math.max(MIN_CPUS, definitionCpuUnits(definition) / 1024.0);
        double m = mem != null ? mem : Math.max(MIN_MEM, definitionMemory(definition));
        List<Long> p = ports != null ? List.copyOf(new TreeSet<>(ports)) : hostPorts(definition);
        return new TaskShape(c, m, p);
    }

    String describe() {
        return String.format(Locale.ROOT, "cpus %.2f, mem %.0f MiB%s", cpus, mem,
                ports.isEmpty() ? "" : ", ports " + ports);
    }

    private static double definitionCpuUnits(TaskDefinition d) {
        if (d.cpu() != null && d.cpu().matches("\\d+")) {
            return Double.parseDouble(d.cpu());
        }
        return containers(d).stream().mapToInt(c -> c.cpu() == null ? 0 : c.cpu()).sum();
    }

    private static double definitionMemory(TaskDefinition d) {
        if (d.memory() != null && d.memory().matches("\\d+")) {
            return Double.parseDouble(d.memory());
        }
        return containers(d).stream()
                .mapToInt(c -> c.memory() != null ? c.memory() : c.memoryReservation() != null ? c.memoryReservation() : 0)
                .sum();
    }

    /** Fixed host ports: {@code hostPort} when set, the container port in host and awsvpc modes. */
    static List<Long> hostPorts(TaskDefinition d) {
        boolean containerPortIsHostPort = d.networkMode() == NetworkMode.HOST || d.networkMode() == NetworkMode.AWSVPC;
        TreeSet<Long> ports = new TreeSet<>();
        for (ContainerDefinition c : containers(d)) {
            for (PortMapping m : c.hasPortMappings() ? c.portMappings() : List.<PortMapping>of()) {
                Integer port = m.hostPort() != null && m.hostPort() != 0 ? m.hostPort()
                        : containerPortIsHostPort ? m.containerPort() : null;
                if (port != null && port != 0) {
                    ports.add(port.longValue());
                }
            }
        }
        return List.copyOf(ports);
    }

    private static List<ContainerDefinition> containers(TaskDefinition d) {
        return d.hasContainerDefinitions() ? d.containerDefinitions() : List.of();
    }
}
