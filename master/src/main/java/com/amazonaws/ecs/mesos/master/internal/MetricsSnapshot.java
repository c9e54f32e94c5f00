package com.amazonaws.ecs.mesos.master.internal;

import com.amazonaws.ecs.mesos.internal.cluster.Cluster;
import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.tasks.TrackedTask;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.mesos.Protos;

/**
 * {@code /metrics/snapshot}: the Mesos master metric names that apply (frameworks, agents, resources, tasks by
 * state, outstanding offers), and the master's ECS calls, throttles and offer use. Built on the loop.
 */
final class MetricsSnapshot {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MasterProcess master;
  private final Cluster cluster;
  private final Collection<MasterFramework> frameworks;

  MetricsSnapshot(MasterProcess master, Cluster cluster, Collection<MasterFramework> frameworks) {
    this.master = master;
    this.cluster = cluster;
    this.frameworks = frameworks;
  }

  /** The document. Loop. */
  ObjectNode document() {
    ObjectNode m = JSON.createObjectNode();
    double cpusTotal = 0;
    double memTotal = 0;
    int agentsActive = 0;
    for (Agent a : cluster.agents().all()) {
      cpusTotal += MasterView.registered(a, "CPU") / 1024.0;
      memTotal += MasterView.registered(a, "MEMORY");
      agentsActive += a.offerable() ? 1 : 0;
    }
    double cpusUsed = 0;
    double memUsed = 0;
    Map<String, Integer> byState = new HashMap<>();
    int connected = 0;
    for (MasterFramework fw : frameworks) {
      connected += fw.connected() ? 1 : 0;
      HeldResources used = fw.session.tasks().allocated();
      cpusUsed += used.cpuUnits() / 1024.0;
      memUsed += used.memoryMib();
      for (TrackedTask t : fw.session.tasks().all()) {
        byState.merge(t.latestState().name(), 1, Integer::sum);
      }
    }
    m.put("master/elected", 1.0);
    m.put("master/uptime_secs", master.config().clock.millis() / 1000.0 - master.startSeconds());
    m.put("master/frameworks_active", (double) connected);
    m.put("master/frameworks_connected", (double) connected);
    m.put("master/frameworks_disconnected", (double) (frameworks.size() - connected));
    m.put("master/frameworks_inactive", (double) (frameworks.size() - connected));
    m.put("master/slaves_active", (double) agentsActive);
    m.put("master/slaves_connected", (double) agentsActive);
    m.put("master/slaves_inactive", (double) (cluster.agents().all().size() - agentsActive));
    m.put("master/cpus_total", cpusTotal);
    m.put("master/cpus_used", cpusUsed);
    m.put("master/cpus_percent", cpusTotal == 0 ? 0.0 : cpusUsed / cpusTotal);
    m.put("master/mem_total", memTotal);
    m.put("master/mem_used", memUsed);
    m.put("master/mem_percent", memTotal == 0 ? 0.0 : memUsed / memTotal);
    m.put("master/outstanding_offers", countOffers());
    for (Protos.TaskState state : new Protos.TaskState[] {Protos.TaskState.TASK_STAGING,
        Protos.TaskState.TASK_STARTING, Protos.TaskState.TASK_RUNNING, Protos.TaskState.TASK_KILLING,
        Protos.TaskState.TASK_FINISHED, Protos.TaskState.TASK_FAILED, Protos.TaskState.TASK_KILLED,
        Protos.TaskState.TASK_LOST, Protos.TaskState.TASK_ERROR, Protos.TaskState.TASK_DROPPED,
        Protos.TaskState.TASK_GONE, Protos.TaskState.TASK_UNREACHABLE}) {
      m.put("master/" + state.name().toLowerCase(java.util.Locale.ROOT) + "s",
          (double) byState.getOrDefault(state.name(), 0));
    }
    com.amazonaws.ecs.mesos.DriverMetrics d = master.metrics();
    m.put("ecs/calls", (double) d.ecsCallsTotal());
    m.put("ecs/throttled", (double) d.throttled());
    // Not Mesos's: how long frameworks take to use their offers, the HTTP path both ways included.
    m.put("ecs/offer_use_ms_p50", d.offerUseMillis(0.5));
    m.put("ecs/offer_use_ms_p99", d.offerUseMillis(0.99));
    return m;
  }

  private double countOffers() {
    int n = 0;
    for (MasterFramework fw : frameworks) {
      n += fw.session.offers().size();
    }
    return n;
  }
}
