package com.amazonaws.ecs.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The size and identity of a container instance to add: CPU units, MiB, GPU count, EC2 instance
 * type and availability zone (null: spread over the region's zones a, b, c) and custom attributes.
 *
 * <pre>{@code
 * ecsLocal.addInstance(InstanceSpec.of(2048, 4096).withAttribute("stack", "blue"));
 * }</pre>
 */
public record InstanceSpec(String cluster, int cpu, int memory, int gpus, String instanceType, String zone,
        Map<String, String> attributes) {

    public InstanceSpec {
        if (cpu <= 0 || memory <= 0 || gpus < 0) {
            throw new IllegalArgumentException("an instance needs cpu > 0 and memory > 0, got cpu " + cpu
                    + ", memory " + memory + ", gpus " + gpus);
        }
        attributes = Map.copyOf(attributes);
    }

    /** An instance of the default cluster with that much CPU (units) and memory (MiB). */
    public static InstanceSpec of(int cpu, int memory) {
        return new InstanceSpec("default", cpu, memory, 0, "m5.large", null, Map.of());
    }

    public InstanceSpec inCluster(String name) {
        return new InstanceSpec(name, cpu, memory, gpus, instanceType, zone, attributes);
    }

    public InstanceSpec withGpus(int count) {
        return new InstanceSpec(cluster, cpu, memory, count, instanceType, zone, attributes);
    }

    public InstanceSpec withZone(String availabilityZone) {
        return new InstanceSpec(cluster, cpu, memory, gpus, instanceType, availabilityZone, attributes);
    }

    public InstanceSpec withInstanceType(String type) {
        return new InstanceSpec(cluster, cpu, memory, gpus, type, zone, attributes);
    }

    public InstanceSpec withAttribute(String name, String value) {
        Map<String, String> a = new LinkedHashMap<>(attributes);
        a.put(name, value);
        return new InstanceSpec(cluster, cpu, memory, gpus, instanceType, zone, a);
    }

    List<String> gpuIds() {
        return java.util.stream.IntStream.range(0, gpus).mapToObj(i -> "GPU-" + i).toList();
    }
}
