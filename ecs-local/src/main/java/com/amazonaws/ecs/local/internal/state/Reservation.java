package com.amazonaws.ecs.local.internal.state;

import java.util.List;

/** What a task holds on its container instance, given back exactly once when the task stops. */
public record Reservation(int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts, List<String> gpuIds) {}
