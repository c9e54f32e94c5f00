package com.amazonaws.ecs.mesos.master.internal.ui;

import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.tasks.TrackedTask;
import com.amazonaws.ecs.mesos.master.internal.FrameworkRead;
import com.amazonaws.ecs.mesos.master.internal.MasterView;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.Protos;
import org.eclipse.jetty.util.Fields;

/**
 * {@code /master/ui/tasks}: one page of the tasks of every framework, newest update first (as Mesos's
 * {@code /master/tasks}; {@code order=asc} for oldest), searched by {@code q} (task ID, name, ECS task ARN,
 * agent ID or hostname) and filtered by {@code framework_id}, {@code state} (one or more, comma-separated) and
 * {@code agent_id}; and {@code /master/ui/task}: one task with its ECS task, task definition and every status
 * update.
 */
final class TaskTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How the master says an essential container ended (StatusMapping's messages). */
  private static final Pattern EXIT = Pattern.compile("container '([^']*)' exited with code (-?\\d+)");
  private static final Pattern ALL_ZERO = Pattern.compile("All essential containers exited with code 0");

  private TaskTable() {}

  /** What the tasks table is narrowed to; null fields match everything. */
  record Filter(String query, String frameworkId, Set<String> states, String agentId, boolean ascending) {
    static Filter of(Fields q) {
      String query = blankToNull(q.getValue("q"));
      String states = blankToNull(q.getValue("state"));
      return new Filter(query == null ? null : query.toLowerCase(Locale.ROOT), blankToNull(q.getValue("framework_id")),
          states == null ? null : new HashSet<>(Arrays.asList(states.toUpperCase(Locale.ROOT).split("\\s*,\\s*"))),
          blankToNull(q.getValue("agent_id")), "asc".equals(q.getValue("order")));
    }
  }

  /** A task and the framework it belongs to, with the time of its latest update. */
  private record Row(FrameworkRead framework, TrackedTask task, double updated) {}

  static ObjectNode page(MasterView v, Paging paging, Filter filter) {
    List<Row> matched = new ArrayList<>();
    int total = 0;
    for (FrameworkRead fw : v.frameworkReads()) {
      if (fw.completed()) {
        continue;
      }
      boolean frameworkMatches = filter.frameworkId() == null || filter.frameworkId().equals(fw.id());
      for (TrackedTask t : fw.session().tasks().all()) {
        total++;
        if (frameworkMatches && matches(v, t, filter)) {
          matched.add(new Row(fw, t, updated(t)));
        }
      }
    }
    Comparator<Row> order = Comparator.comparingDouble(Row::updated);
    matched.sort((filter.ascending() ? order : order.reversed())
        .thenComparing(r -> r.task().idValue()));
    ObjectNode out = JSON.createObjectNode();
    out.put("total", total);
    out.put("matched", matched.size());
    out.put("offset", paging.offset());
    out.put("limit", paging.limit());
    ArrayNode rows = out.putArray("tasks");
    for (int i = paging.offset(); i < matched.size() && rows.size() < paging.limit(); i++) {
      Row r = matched.get(i);
      ObjectNode row = rows.addObject();
      summary(v, r.framework(), r.task(), row);
    }
    return out;
  }

  static ObjectNode detail(MasterView v, String frameworkId, String taskId) {
    ObjectNode out = JSON.createObjectNode();
    for (FrameworkRead fw : v.frameworkReads()) {
      if (fw.completed() || taskId == null || (frameworkId != null && !frameworkId.equals(fw.id()))) {
        continue;
      }
      TrackedTask t = fw.session().tasks().get(taskId);
      if (t == null) {
        continue;
      }
      ObjectNode task = out.putObject("task");
      summary(v, fw, t, task);
      task.put("role", fw.session().roles().get(0));
      Agent agent = t.agentId() == null ? null : v.cluster().agents().get(t.agentId());
      task.put("zone", agent == null ? null : AgentFigures.zone(agent));
      task.put("container_instance_arn", t.containerInstanceArn());
      task.put("task_definition", t.taskDefinitionArn());
      task.put("private_ip", t.privateIp());
      task.put("kill_requested", t.killRequested());
      String region = v.cluster().region();
      if (t.arn() != null && region != null && !region.isEmpty()) {
        task.put("ecs_console_url", "https://" + region + ".console.aws.amazon.com/ecs/v2/clusters/"
            + ClusterOverview.clusterName(v) + "/tasks/" + t.arn().substring(t.arn().lastIndexOf('/') + 1)
            + "/configuration?region=" + region);
      }
      if (t.info() != null && t.info().hasCommand() && t.info().getCommand().hasValue()) {
        task.put("command", t.info().getCommand().getValue());
      }
      ArrayNode statuses = task.putArray("statuses");
      ArrayNode exits = task.putArray("exit_codes");
      for (Protos.TaskStatus s : t.history()) {
        ObjectNode st = statuses.addObject();
        st.put("state", s.getState().name());
        st.put("timestamp", s.getTimestamp());
        if (s.hasReason()) {
          st.put("reason", s.getReason().name());
        }
        if (s.hasSource()) {
          st.put("source", s.getSource().name());
        }
        if (s.hasMessage()) {
          st.put("message", s.getMessage());
          exitCodes(s.getMessage(), exits);
        }
      }
      return out;
    }
    out.putNull("task");
    return out;
  }

  /** The exit codes an update's message names: {@code {container, code}} each ({@code container} null: all). */
  static void exitCodes(String message, ArrayNode into) {
    Matcher m = EXIT.matcher(message);
    while (m.find()) {
      into.addObject().put("container", m.group(1)).put("code", Integer.parseInt(m.group(2)));
    }
    if (ALL_ZERO.matcher(message).find()) {
      into.addObject().putNull("container").put("code", 0);
    }
  }

  private static void summary(MasterView v, FrameworkRead fw, TrackedTask t, ObjectNode row) {
    row.put("id", t.idValue());
    row.put("name", t.info() != null ? t.info().getName() : t.idValue());
    row.put("framework_id", fw.id());
    row.put("framework_name", fw.info().getName());
    row.put("state", t.latestState().name());
    row.put("slave_id", t.agentId() == null ? "" : t.agentId());
    Agent agent = t.agentId() == null ? null : v.cluster().agents().get(t.agentId());
    row.put("hostname", agent == null || agent.hostname() == null ? t.agentId() : agent.hostname());
    row.set("resources", MasterView.resourcesJson(t.allocated()));
    row.put("updated", updated(t));
    row.put("ecs_task_arn", t.arn());
  }

  private static boolean matches(MasterView v, TrackedTask t, Filter f) {
    if (f.states() != null && !f.states().contains(t.latestState().name())) {
      return false;
    }
    if (f.agentId() != null && !f.agentId().equals(t.agentId())) {
      return false;
    }
    if (f.query() == null) {
      return true;
    }
    String q = f.query();
    if (AgentTable.contains(t.idValue(), q) || AgentTable.contains(t.arn(), q) || AgentTable.contains(t.agentId(), q)
        || (t.info() != null && AgentTable.contains(t.info().getName(), q))) {
      return true;
    }
    Agent agent = t.agentId() == null ? null : v.cluster().agents().get(t.agentId());
    return agent != null && AgentTable.contains(agent.hostname(), q);
  }

  private static double updated(TrackedTask t) {
    List<Protos.TaskStatus> h = t.history();
    return h.isEmpty() ? 0 : h.get(h.size() - 1).getTimestamp();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
