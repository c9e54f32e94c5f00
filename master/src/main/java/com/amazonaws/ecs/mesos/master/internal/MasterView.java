package com.amazonaws.ecs.mesos.master.internal;

import com.amazonaws.ecs.mesos.internal.cluster.Cluster;
import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.OfferBook;
import com.amazonaws.ecs.mesos.internal.tasks.TrackedTask;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.StatusMapping;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.Resource;

/**
 * The master's state as Mesos's operator endpoints write it ({@code /master/state}, {@code /master/slaves},
 * {@code /master/frameworks}, {@code /master/tasks}, and {@code /metrics/snapshot} by {@link MetricsSnapshot}):
 * V0 names ({@code slaves}, {@code slave_id}), resources as objects with {@code cpus}, {@code gpus}, {@code mem},
 * {@code disk} always present and ranges as strings. Built on the loop, from the live books; nothing is cached.
 */
public final class MasterView {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The port Mesos agents serve on; ECS container instances have none, but clients expect a number. */
  static final int AGENT_PORT = 5051;

  private final MasterProcess master;
  private final Cluster cluster;
  private final Collection<MasterFramework> frameworks;
  private final Collection<CompletedFramework> completed;

  MasterView(MasterProcess master, Cluster cluster, Collection<MasterFramework> frameworks,
      Collection<CompletedFramework> completed) {
    this.master = master;
    this.cluster = cluster;
    this.frameworks = frameworks;
    this.completed = completed;
  }

  // ---------------------------------------------------------------- documents

  /** {@code /master/state}. */
  public ObjectNode state() {
    ObjectNode s = header();
    Protos.MasterInfo info = master.masterInfo();
    s.put("start_time", master.startSeconds());
    s.put("elected_time", master.startSeconds());
    s.put("id", info.getId());
    s.put("pid", pid(info));
    s.put("hostname", info.getHostname());
    s.putArray("capabilities").add("AGENT_UPDATE").add("AGENT_DRAINING").add("QUOTA_V2");
    int active = 0;
    int inactive = 0;
    for (Agent a : cluster.agents().all()) {
      if (a.offerable()) {
        active++;
      } else {
        inactive++;
      }
    }
    s.put("activated_slaves", active);
    s.put("deactivated_slaves", inactive);
    s.put("unreachable_slaves", 0);
    s.put("leader", pid(info));
    ObjectNode leader = s.putObject("leader_info");
    leader.put("id", info.getId());
    leader.put("pid", pid(info));
    leader.put("port", info.getPort());
    leader.put("hostname", info.getHostname());
    s.set("flags", flags());
    s.set("slaves", slaves());
    s.putArray("recovered_slaves");
    s.set("frameworks", frameworks(true));
    s.set("completed_frameworks", completedFrameworks());
    s.putArray("orphan_tasks");
    s.putArray("unregistered_frameworks");
    return s;
  }

  /** {@code /master/slaves}. */
  public ObjectNode slavesDocument() {
    ObjectNode out = JSON.createObjectNode();
    out.set("slaves", slaves());
    out.putArray("recovered_slaves");
    return out;
  }

  /** {@code /master/frameworks}. */
  public ObjectNode frameworksDocument() {
    ObjectNode out = JSON.createObjectNode();
    out.set("frameworks", frameworks(true));
    out.set("completed_frameworks", completedFrameworks());
    out.putArray("unregistered_frameworks");
    return out;
  }

  /** {@code /master/tasks}: newest first unless {@code order=asc}, paged by {@code offset} and {@code limit}. */
  public ObjectNode tasksDocument(int limit, int offset, boolean ascending, String frameworkId, String taskId) {
    List<ObjectNode> all = new ArrayList<>();
    for (MasterFramework fw : frameworks) {
      if (frameworkId != null && !frameworkId.equals(fw.id)) {
        continue;
      }
      for (TrackedTask t : fw.session.tasks().all()) {
        if (taskId == null || taskId.equals(t.idValue())) {
          all.add(task(fw, t));
        }
      }
    }
    all.sort((a, b) -> Double.compare(lastTimestamp(a), lastTimestamp(b)) * (ascending ? 1 : -1));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode tasks = out.putArray("tasks");
    for (int i = Math.max(0, offset); i < all.size() && tasks.size() < limit; i++) {
      tasks.add(all.get(i));
    }
    return out;
  }

  /** {@code /metrics/snapshot}: the Mesos master metric names that apply. */
  public ObjectNode metrics() {
    return new MetricsSnapshot(master, cluster, frameworks).document();
  }

  // ---------------------------------------------------------------- for the web UI (internal.ui)

  /** The cluster: agents, gateway, region. Loop-confined: read it only within the read this view was made for. */
  public Cluster cluster() {
    return cluster;
  }

  /** The master process: its info, settings and counters. */
  public MasterProcess master() {
    return master;
  }

  /** The frameworks the master serves, then those it removed (Mesos's completed frameworks). */
  public List<FrameworkRead> frameworkReads() {
    List<FrameworkRead> out = new ArrayList<>();
    for (MasterFramework fw : frameworks) {
      out.add(new FrameworkRead(fw.id, fw.info(), fw.session, fw.connected(), fw.registeredSeconds,
          fw.connected() ? 0 : fw.unregisteredSeconds));
    }
    for (CompletedFramework c : completed) {
      out.add(new FrameworkRead(c.info.getId().getValue(), c.info, null, false, c.registeredSeconds,
          c.unregisteredSeconds));
    }
    return out;
  }

  /** Mesos's JSON of a resources object ({@code cpus}, {@code gpus}, {@code mem}, {@code disk}, {@code ports}). */
  public static ObjectNode resourcesJson(HeldResources r) {
    return resources(r);
  }

  // ---------------------------------------------------------------- parts

  ObjectNode header() {
    ObjectNode s = JSON.createObjectNode();
    s.put("version", "1.11.0");
    s.put("build_date", "2026-12-03 00:00:00");
    s.put("build_time", 1.7647200E9);
    s.put("build_user", "ecs-mesos");
    return s;
  }

  private ObjectNode flags() {
    ObjectNode f = JSON.createObjectNode();
    f.put("cluster", cluster.gateway() == null ? "" : cluster.gateway().cluster());
    f.put("region", cluster.region() == null ? "" : cluster.region());
    f.put("port", String.valueOf(master.masterInfo().getPort()));
    f.put("hostname", master.masterInfo().getHostname());
    f.put("allocation_interval", master.config().offerInterval.toMillis() + "ms");
    f.put("authenticate_frameworks", "false");
    return f;
  }

  private ArrayNode slaves() {
    ArrayNode out = JSON.createArrayNode();
    Map<String, HeldResources> used = new HashMap<>();
    Map<String, HeldResources> offered = new HashMap<>();
    for (MasterFramework fw : frameworks) {
      for (TrackedTask t : fw.session.tasks().live()) {
        if (t.agentId() != null) {
          used.merge(t.agentId(), t.allocated(), HeldResources::plus);
        }
      }
      for (OfferBook.Outstanding o : fw.session.offers().all()) {
        offered.merge(o.agentId(), o.held(), HeldResources::plus);
      }
    }
    double disk = master.config().diskPerAgentMb;
    for (Agent a : cluster.agents().all()) {
      ObjectNode s = out.addObject();
      s.put("id", a.id());
      String host = a.hostname() == null ? a.id() : a.hostname();
      s.put("hostname", host);
      s.put("port", AGENT_PORT);
      ObjectNode attributes = s.putObject("attributes");
      if (a.instance().hasAttributes()) {
        for (Attribute at : a.instance().attributes()) {
          attributes.put(at.name(), at.value() == null || at.value().isEmpty() ? "true" : at.value());
        }
      }
      s.put("pid", "slave(1)@" + host + ":" + AGENT_PORT);
      s.put("registered_time", a.instance().registeredAt() == null ? master.startSeconds()
          : a.instance().registeredAt().toEpochMilli() / 1000.0);
      ObjectNode total = resources(registered(a, "CPU"), registered(a, "MEMORY"), disk, gpus(a),
          master.config().portRange == null ? "[31000-32000]" : "[" + master.config().portRange.spec()
              .replace(",", ", ") + "]");
      s.set("resources", total);
      s.set("used_resources", resources(used.getOrDefault(a.id(), HeldResources.NONE)));
      s.set("offered_resources", resources(offered.getOrDefault(a.id(), HeldResources.NONE)));
      s.putObject("reserved_resources");
      s.set("unreserved_resources", total.deepCopy());
      s.put("active", a.offerable());
      s.put("deactivated", !a.active());
      s.put("version", "1.11.0");
      s.putArray("capabilities").add("MULTI_ROLE").add("HIERARCHICAL_ROLE").add("RESERVATION_REFINEMENT");
    }
    return out;
  }

  private ArrayNode frameworks(boolean withTasks) {
    ArrayNode out = JSON.createArrayNode();
    for (MasterFramework fw : frameworks) {
      Protos.FrameworkInfo info = fw.info();
      ObjectNode f = out.addObject();
      f.put("id", fw.id);
      f.put("name", info.getName());
      HeldResources used = fw.session.tasks().allocated();
      HeldResources offered = HeldResources.NONE;
      for (OfferBook.Outstanding o : fw.session.offers().all()) {
        offered = offered.plus(o.held());
      }
      f.set("used_resources", resources(used));
      f.set("offered_resources", resources(offered));
      ArrayNode caps = f.putArray("capabilities");
      for (Protos.FrameworkInfo.Capability c : info.getCapabilitiesList()) {
        caps.add(c.getType().name());
      }
      f.put("hostname", info.getHostname());
      f.put("webui_url", info.getWebuiUrl());
      f.put("active", fw.connected());
      f.put("connected", fw.connected());
      f.put("recovered", false);
      f.put("user", info.getUser());
      f.put("failover_timeout", info.getFailoverTimeout());
      f.put("checkpoint", info.getCheckpoint());
      f.put("registered_time", fw.registeredSeconds);
      f.put("unregistered_time", fw.connected() ? 0.0 : fw.unregisteredSeconds);
      if (fw.reregisteredSeconds > 0) {
        f.put("reregistered_time", fw.reregisteredSeconds);
      }
      if (info.hasPrincipal()) {
        f.put("principal", info.getPrincipal());
      }
      f.set("resources", resources(used.plus(offered)));
      if (info.getRolesCount() > 0) {
        ArrayNode roles = f.putArray("roles");
        info.getRolesList().forEach(roles::add);
      } else {
        f.put("role", info.hasRole() ? info.getRole() : "*");
      }
      ArrayNode tasks = f.putArray("tasks");
      ArrayNode done = f.putArray("completed_tasks");
      f.putArray("unreachable_tasks");
      if (withTasks) {
        for (TrackedTask t : fw.session.tasks().all()) {
          (StatusMapping.isTerminal(t.latestState()) ? done : tasks).add(task(fw, t));
        }
      }
      ArrayNode offers = f.putArray("offers");
      for (OfferBook.Outstanding o : fw.session.offers().all()) {
        ObjectNode offer = offers.addObject();
        offer.put("id", o.offer().getId().getValue());
        offer.put("framework_id", fw.id);
        offer.putObject("allocation_info").put("role", o.role());
        offer.put("slave_id", o.agentId());
        offer.set("resources", resources(o.held()));
      }
      f.putArray("executors");
      f.putObject("offer_constraints");
    }
    return out;
  }

  private ArrayNode completedFrameworks() {
    ArrayNode out = JSON.createArrayNode();
    for (CompletedFramework c : completed) {
      ObjectNode f = out.addObject();
      f.put("id", c.info.getId().getValue());
      f.put("name", c.info.getName());
      f.put("active", false);
      f.put("connected", false);
      f.put("user", c.info.getUser());
      f.put("registered_time", c.registeredSeconds);
      f.put("unregistered_time", c.unregisteredSeconds);
      f.putArray("tasks");
      f.putArray("completed_tasks");
      f.putArray("offers");
      f.putArray("executors");
    }
    return out;
  }

  private ObjectNode task(MasterFramework fw, TrackedTask t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", t.idValue());
    o.put("name", t.info() != null ? t.info().getName() : t.idValue());
    o.put("framework_id", fw.id);
    o.put("executor_id", "");
    o.put("slave_id", t.agentId() == null ? "" : t.agentId());
    o.put("state", t.latestState().name());
    o.set("resources", resources(t.allocated()));
    o.put("role", fw.session.roles().get(0));
    ArrayNode statuses = o.putArray("statuses");
    for (Protos.TaskStatus seen : t.history()) {
      ObjectNode st = statuses.addObject();
      st.put("state", seen.getState().name());
      st.put("timestamp", seen.getTimestamp());
      // Not in Mesos's JSON of Task.statuses, but TaskStatus's own fields: why the task got there.
      if (seen.hasReason()) {
        st.put("reason", seen.getReason().name());
      }
      if (seen.hasMessage()) {
        st.put("message", seen.getMessage());
      }
      if (seen.hasSource()) {
        st.put("source", seen.getSource().name());
      }
    }
    if (t.latest() != null && t.latest().hasHealthy() && statuses.size() > 0) {
      ((ObjectNode) statuses.get(statuses.size() - 1)).put("healthy", t.latest().getHealthy());
    }
    if (t.arn() != null) {
      ObjectNode labels = o.putObject("labels");
      labels.putArray("labels").addObject().put("key", "ecs.task-arn").put("value", t.arn());
    }
    return o;
  }

  private static double lastTimestamp(JsonNode task) {
    JsonNode statuses = task.get("statuses");
    return statuses == null || statuses.size() == 0 ? 0 : statuses.get(statuses.size() - 1).path("timestamp").asDouble();
  }

  private static ObjectNode resources(HeldResources r) {
    return resources(r.cpuUnits(), r.memoryMib(), r.diskMb(), r.gpus(),
        r.ports().isEmpty() ? null : "[" + r.ports().spec().replace(",", ", ") + "]");
  }

  private static ObjectNode resources(long cpuUnits, long memMib, double diskMb, long gpus, String ports) {
    ObjectNode o = JSON.createObjectNode();
    o.put("cpus", cpuUnits / 1024.0);
    o.put("gpus", (double) gpus);
    o.put("mem", (double) memMib);
    o.put("disk", diskMb);
    if (ports != null) {
      o.put("ports", ports);
    }
    return o;
  }

  /** The instance's registered CPU units or MiB of memory ({@code name}: ECS's resource name). */
  static long registered(Agent a, String name) {
    if (!a.instance().hasRegisteredResources()) {
      return 0;
    }
    for (Resource r : a.instance().registeredResources()) {
      if (name.equals(r.name()) && r.integerValue() != null) {
        return r.integerValue();
      }
    }
    return 0;
  }

  private static long gpus(Agent a) {
    if (!a.instance().hasRegisteredResources()) {
      return 0;
    }
    for (Resource r : a.instance().registeredResources()) {
      if ("GPU".equals(r.name()) && r.hasStringSetValue()) {
        return r.stringSetValue().size();
      }
    }
    return 0;
  }

  private static String pid(Protos.MasterInfo info) {
    return "master@" + (info.getAddress().hasIp() ? info.getAddress().getIp() : info.getHostname()) + ":"
        + info.getPort();
  }
}
