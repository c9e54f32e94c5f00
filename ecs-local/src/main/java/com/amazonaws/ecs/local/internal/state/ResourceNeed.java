package com.amazonaws.ecs.local.internal.state;

import java.util.List;

/**
 * What one task asks of a container instance: CPU units, MiB, fixed host ports, how many dynamic
 * host ports, and GPUs. Computed once from the task definition and the overrides.
 */
public record ResourceNeed(int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts, int dynamicTcp,
        int dynamicUdp, int gpus) {}
