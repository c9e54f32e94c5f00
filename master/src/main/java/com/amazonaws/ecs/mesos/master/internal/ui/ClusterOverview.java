package com.amazonaws.ecs.mesos.master.internal.ui;

import com.amazonaws.ecs.mesos.DriverMetrics;
import com.amazonaws.ecs.mesos.internal.cluster.Cluster;
import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.OfferBook;
import com.amazonaws.ecs.mesos.internal.tasks.TrackedTask;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.master.internal.FrameworkRead;
import com.amazonaws.ecs.mesos.master.internal.MasterProcess;
import com.amazonaws.ecs.mesos.master.internal.MasterView;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.Protos;

/**
 * {@code /master/ui/overview} (the cluster at a glance: where it is, who leads, what is used, offered and free,
 * tasks by state, ECS's call counters for the page's per-second rates) and {@code /master/ui/frameworks}
 * (each framework's share, roles, offers held and tasks by state). Pure reads of one {@link MasterView}.
 */
final class ClusterOverview {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClusterOverview() {}

  static ObjectNode overview(MasterView v) {
    Cluster cluster = v.cluster();
    MasterProcess master = v.master();
    ObjectNode out = JSON.createObjectNode();
    out.put("cluster", clusterName(v));
    out.put("cluster_arn", cluster.clusterArn());
    out.put("region", cluster.region() == null ? "" : cluster.region());
    out.put("version", "1.11.0");
    Protos.MasterInfo info = master.masterInfo();
    out.put("id", info.getId());
    out.put("leader", "master@" + (info.getAddress().hasIp() ? info.getAddress().getIp() : info.getHostname())
        + ":" + info.getPort());
    out.put("leader_hostname", info.getHostname());
    out.put("start_time", master.startSeconds());
    out.put("time", master.config().clock.millis() / 1000.0);

    List<FrameworkRead> frameworks = v.frameworkReads();
    int connected = 0;
    int disconnected = 0;
    int completed = 0;
    HeldResources used = HeldResources.NONE;
    HeldResources offered = HeldResources.NONE;
    Map<String, Integer> byState = new TreeMap<>();
    int tasks = 0;
    for (FrameworkRead fw : frameworks) {
      if (fw.completed()) {
        completed++;
        continue;
      }
      if (fw.connected()) {
        connected++;
      } else {
        disconnected++;
      }
      used = used.plus(fw.session().tasks().allocated());
      for (OfferBook.Outstanding o : fw.session().offers().all()) {
        offered = offered.plus(o.held());
      }
      for (TrackedTask t : fw.session().tasks().all()) {
        byState.merge(t.latestState().name(), 1, Integer::sum);
        tasks++;
      }
    }
    ObjectNode fws = out.putObject("frameworks");
    fws.put("connected", connected);
    fws.put("disconnected", disconnected);
    fws.put("completed", completed);

    HeldResources total = HeldResources.NONE;
    int active = 0;
    int draining = 0;
    int agentsDisconnected = 0;
    int fargate = 0;
    double disk = master.config().diskPerAgentMb;
    for (Agent a : cluster.agents().all()) {
      total = total.plus(AgentFigures.total(a, disk));
      active += a.offerable() ? 1 : 0;
      draining += "DRAINING".equals(AgentFigures.status(a)) ? 1 : 0;
      agentsDisconnected += a.connected() ? 0 : 1;
      fargate += a.fargate() != null ? 1 : 0;
    }
    ObjectNode agents = out.putObject("agents");
    agents.put("total", cluster.agents().all().size());
    agents.put("active", active);
    agents.put("draining", draining);
    agents.put("disconnected", agentsDisconnected);
    agents.put("fargate", fargate);

    ObjectNode resources = out.putObject("resources");
    resources.set("total", MasterView.resourcesJson(total));
    resources.set("used", MasterView.resourcesJson(used));
    resources.set("offered", MasterView.resourcesJson(offered));
    resources.set("free", MasterView.resourcesJson(AgentFigures.free(total, used, offered)));

    ObjectNode states = out.putObject("tasks_by_state");
    byState.forEach(states::put);
    out.put("tasks_total", tasks);

    DriverMetrics d = master.metrics();
    ObjectNode ecs = out.putObject("ecs");
    ecs.put("calls", d.ecsCallsTotal());
    ecs.put("throttled", d.throttled());
    ecs.put("retries", d.retries());
    return out;
  }

  static ObjectNode frameworks(MasterView v) {
    HeldResources total = HeldResources.NONE;
    double disk = v.master().config().diskPerAgentMb;
    for (Agent a : v.cluster().agents().all()) {
      total = total.plus(AgentFigures.total(a, disk));
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("frameworks");
    for (FrameworkRead fw : v.frameworkReads()) {
      Protos.FrameworkInfo info = fw.info();
      ObjectNode f = list.addObject();
      f.put("id", fw.id());
      f.put("name", info.getName());
      f.put("user", info.getUser());
      if (info.hasPrincipal()) {
        f.put("principal", info.getPrincipal());
      }
      ArrayNode roles = f.putArray("roles");
      if (info.getRolesCount() > 0) {
        info.getRolesList().forEach(roles::add);
      } else {
        roles.add(info.hasRole() ? info.getRole() : "*");
      }
      f.put("active", fw.connected());
      f.put("connected", fw.connected());
      f.put("completed", fw.completed());
      f.put("failover_timeout", info.getFailoverTimeout());
      f.put("registered_time", fw.registeredSeconds());
      f.put("unregistered_time", fw.unregisteredSeconds());
      f.put("hostname", info.getHostname());
      f.put("webui_url", info.getWebuiUrl());
      if (fw.completed()) {
        continue;
      }
      HeldResources used = fw.session().tasks().allocated();
      HeldResources offered = HeldResources.NONE;
      for (OfferBook.Outstanding o : fw.session().offers().all()) {
        offered = offered.plus(o.held());
      }
      f.set("used_resources", MasterView.resourcesJson(used));
      f.set("offered_resources", MasterView.resourcesJson(offered));
      // The dominant share, as Mesos's DRF sorter counts it: what is allocated (used and offered) of the total.
      f.put("share", Math.max(fraction(used.cpuUnits() + offered.cpuUnits(), total.cpuUnits()),
          fraction(used.memoryMib() + offered.memoryMib(), total.memoryMib())));
      f.put("offers", fw.session().offers().size());
      Map<String, Integer> byState = new TreeMap<>();
      for (TrackedTask t : fw.session().tasks().all()) {
        byState.merge(t.latestState().name(), 1, Integer::sum);
      }
      byState.forEach(f.putObject("tasks_by_state")::put);
    }
    return out;
  }

  /** The cluster's name, as the ECS console names it in its addresses. */
  static String clusterName(MasterView v) {
    String c = v.cluster().gateway() == null ? "" : v.cluster().gateway().cluster();
    return c == null ? "" : c.substring(c.lastIndexOf('/') + 1);
  }

  private static double fraction(long part, long whole) {
    return whole <= 0 ? 0 : (double) part / whole;
  }
}
