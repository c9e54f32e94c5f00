package com.amazonaws.ecs.mesos.master.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The operator endpoints frameworks and tools read, as a Mesos master serves them, under {@code /master/x}
 * and {@code /x}: {@code version}, {@code health}, {@code redirect}, {@code state} (also {@code state.json}),
 * {@code frameworks}, {@code slaves}, {@code tasks}, {@code flags}, {@code metrics/snapshot}. JSON answers
 * take {@code ?jsonp=fn}. Everything else is 404.
 */
public final class OperatorHandler extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Mesos's default page size of {@code /master/tasks}. */
  private static final int DEFAULT_TASK_LIMIT = 100;

  private final MasterProcess master;
  private final com.amazonaws.ecs.mesos.master.internal.ha.Leadership leadership;

  public OperatorHandler(MasterProcess master) {
    this(master, null);
  }

  /** @param leadership null for a master that always leads */
  public OperatorHandler(MasterProcess master, com.amazonaws.ecs.mesos.master.internal.ha.Leadership leadership) {
    this.master = master;
    this.leadership = leadership;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String name = path.startsWith("/master/") ? path.substring("/master".length()) : path;
    Fields query = Request.extractQueryParameters(request);
    if ("/redirect".equals(name)) {
      // To the leader, this master or another: clients keep their path and take host and port from Location.
      org.apache.mesos.Protos.MasterInfo leader = leadership == null ? master.masterInfo() : leadership.leader();
      if (leader == null) {
        SchedulerHandler.HttpAnswers.error(response, callback, 503, "No leader elected");
        return true;
      }
      response.setStatus(307);
      response.getHeaders().put(HttpHeader.LOCATION, com.amazonaws.ecs.mesos.master.internal.ha.Leadership
          .location(leader));
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      response.write(true, ByteBuffer.allocate(0), callback);
      return true;
    }
    if ("/health".equals(name)) {
      SchedulerHandler.HttpAnswers.empty(response, callback, 200);
      return true;
    }
    if ("/version".equals(path)) {
      answer(response, callback, query, CompletableFuture.completedFuture(version()));
      return true;
    }
    if (leadership != null && !leadership.leading()) {
      if ("/state".equals(name) || "/state.json".equals(name)) {
        answer(response, callback, query, CompletableFuture.completedFuture(followerState()));
      } else {
        SchedulerHandler.HttpAnswers.error(response, callback, 503, "Not the leading master; see /redirect");
      }
      return true;
    }
    Function<MasterView, ObjectNode> read = reader(name, query);
    if (read == null) {
      SchedulerHandler.HttpAnswers.error(response, callback, 404, "No such endpoint: " + path);
      return true;
    }
    answer(response, callback, query, master.read(read));
    return true;
  }

  /** What a master that does not lead says of itself: who leads, as a Mesos follower's {@code /state} does. */
  private ObjectNode followerState() {
    ObjectNode out = JSON.createObjectNode();
    out.put("version", "1.11.0");
    org.apache.mesos.Protos.MasterInfo leader = leadership.leader();
    if (leader != null) {
      out.put("leader", leader.getPid());
      try {
        out.set("leader_info", JSON.readTree(MesosJson.write(leader)));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    out.put("elected", false);
    out.putArray("frameworks");
    out.putArray("slaves");
    return out;
  }

  private static Function<MasterView, ObjectNode> reader(String name, Fields query) {
    switch (name) {
      case "/state":
      case "/state.json":
        return MasterView::state;
      case "/frameworks":
        return MasterView::frameworksDocument;
      case "/slaves":
        return MasterView::slavesDocument;
      case "/flags":
        return v -> {
          ObjectNode out = JSON.createObjectNode();
          out.set("flags", v.state().get("flags"));
          return out;
        };
      case "/tasks":
        return v -> v.tasksDocument(integer(query, "limit", DEFAULT_TASK_LIMIT), integer(query, "offset", 0),
            "asc".equals(query.getValue("order")), query.getValue("framework_id"), query.getValue("task_id"));
      case "/metrics/snapshot":
        return MasterView::metrics;
      default:
        return null;
    }
  }

  private ObjectNode version() {
    ObjectNode v = JSON.createObjectNode();
    v.put("version", "1.11.0");
    v.put("build_date", "2026-12-03 00:00:00");
    v.put("build_time", 1.7647200E9);
    v.put("build_user", "ecs-mesos");
    return v;
  }

  private static int integer(Fields query, String name, int fallback) {
    String v = query.getValue(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Math.max(0, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static void answer(Response response, Callback callback, Fields query, CompletableFuture<ObjectNode> doc) {
    doc.whenComplete((node, error) -> {
      if (error != null) {
        SchedulerHandler.HttpAnswers.error(response, callback, 500, "Internal error: " + error);
        return;
      }
      String jsonp = query.getValue("jsonp");
      byte[] body;
      String type;
      try {
        String text = JSON.writeValueAsString(node);
        if (jsonp != null && jsonp.matches("[A-Za-z_$][A-Za-z0-9_$.]*")) {
          text = jsonp + "(" + text + ");";
          type = "text/javascript";
        } else {
          type = "application/json";
        }
        body = text.getBytes(StandardCharsets.UTF_8);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        SchedulerHandler.HttpAnswers.error(response, callback, 500, "Internal error: " + e);
        return;
      }
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    });
  }
}
