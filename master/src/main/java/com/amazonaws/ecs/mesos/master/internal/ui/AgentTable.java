package com.amazonaws.ecs.mesos.master.internal.ui;

import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.master.internal.MasterView;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.ecs.model.Attribute;

/**
 * {@code /master/ui/agents?q=&offset=&limit=}: one page of the agents (container instances and Fargate pools)
 * in hostname order, each with what it has, uses, is offered and has free, its attributes, zone and ECS
 * status; {@code q} keeps those whose ID, hostname, EC2 instance, zone, status or an attribute contains it.
 */
final class AgentTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Comparator<Agent> ORDER = Comparator
      .comparing((Agent a) -> a.hostname() == null ? a.id() : a.hostname()).thenComparing(Agent::id);

  private AgentTable() {}

  static ObjectNode page(MasterView v, Paging paging, String query) {
    String q = query == null || query.isBlank() ? null : query.trim().toLowerCase(Locale.ROOT);
    List<Agent> matched = new ArrayList<>();
    for (Agent a : v.cluster().agents().all()) {
      if (q == null || matches(a, q)) {
        matched.add(a);
      }
    }
    matched.sort(ORDER);
    AgentFigures figures = AgentFigures.of(v.frameworkReads());
    double disk = v.master().config().diskPerAgentMb;
    ObjectNode out = JSON.createObjectNode();
    out.put("total", v.cluster().agents().all().size());
    out.put("matched", matched.size());
    out.put("offset", paging.offset());
    out.put("limit", paging.limit());
    ArrayNode rows = out.putArray("agents");
    for (int i = paging.offset(); i < matched.size() && rows.size() < paging.limit(); i++) {
      Agent a = matched.get(i);
      ObjectNode row = rows.addObject();
      row.put("id", a.id());
      row.put("hostname", a.hostname() == null ? a.id() : a.hostname());
      row.put("arn", a.arn());
      if (a.ec2InstanceId() != null) {
        row.put("ec2_instance_id", a.ec2InstanceId());
      }
      row.put("fargate", a.fargate() != null);
      row.put("zone", AgentFigures.zone(a));
      row.put("status", AgentFigures.status(a));
      row.put("connected", a.connected());
      row.put("active", a.offerable());
      HeldResources total = AgentFigures.total(a, disk);
      HeldResources used = figures.used.getOrDefault(a.id(), HeldResources.NONE);
      HeldResources offered = figures.offered.getOrDefault(a.id(), HeldResources.NONE);
      row.set("resources", MasterView.resourcesJson(total));
      row.set("used_resources", MasterView.resourcesJson(used));
      row.set("offered_resources", MasterView.resourcesJson(offered));
      row.set("free_resources", MasterView.resourcesJson(AgentFigures.free(total, used, offered)));
      row.put("tasks", figures.liveTasks.getOrDefault(a.id(), 0));
      ObjectNode attributes = row.putObject("attributes");
      if (a.instance().hasAttributes()) {
        for (Attribute at : a.instance().attributes()) {
          attributes.put(at.name(), at.value() == null || at.value().isEmpty() ? "true" : at.value());
        }
      }
    }
    return out;
  }

  private static boolean matches(Agent a, String q) {
    if (contains(a.id(), q) || contains(a.hostname(), q) || contains(a.ec2InstanceId(), q)
        || contains(AgentFigures.status(a), q)) {
      return true;
    }
    if (a.instance().hasAttributes()) {
      for (Attribute at : a.instance().attributes()) {
        if (contains(at.value(), q)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean contains(String text, String lowerCaseQuery) {
    return text != null && text.toLowerCase(Locale.ROOT).contains(lowerCaseQuery);
  }
}
