package com.amazonaws.ecs.mesos.master.internal.ui;

import com.amazonaws.ecs.mesos.master.internal.Credentials;
import com.amazonaws.ecs.mesos.master.internal.MasterProcess;
import com.amazonaws.ecs.mesos.master.internal.MasterView;
import com.amazonaws.ecs.mesos.master.internal.ha.Leadership;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The web UI: its page at {@code /} ({@code /index.html}), its assets at {@code /webui/…}, and what the page
 * reads under {@code /master/ui/}: {@code overview}, {@code frameworks}, {@code agents} and {@code tasks}
 * (paged, searched and filtered here, so a page of 10,000 tasks moves only the rows shown) and {@code task}
 * (one task with every status update). Other paths are left to the next handler.
 *
 * <p>With credentials configured, {@code /master/ui/} asks for HTTP Basic as the scheduler API does; the
 * page and its assets hold no cluster data and are served to anyone, so the page can ask for a sign-in. A
 * request sent by the page ({@code X-Requested-With}) gets its 401 without {@code WWW-Authenticate}: the
 * browser's own prompt would come before the page's form.
 */
public final class WebUiHandler extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATA = "/master/ui/";

  private final MasterProcess master;
  private final Credentials credentials;
  private final Leadership leadership;
  private final StaticAssets assets = StaticAssets.load();

  /** @param leadership null for a master that always leads */
  public WebUiHandler(MasterProcess master, Credentials credentials, Leadership leadership) {
    this.master = master;
    this.credentials = credentials;
    this.leadership = leadership;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    if (!path.startsWith(DATA)) {
      StaticAssets.Asset asset = assets.get(path);
      if (asset == null) {
        return false;
      }
      assets.serve(asset, request, response, callback);
      return true;
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Credentials.Check auth = credentials.check(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (!auth.ok()) {
      if (request.getHeaders().get("X-Requested-With") == null) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"mesos\"");
      }
      text(response, callback, 401, auth.problem());
      return true;
    }
    if (leadership != null && !leadership.leading()) {
      org.apache.mesos.Protos.MasterInfo leader = leadership.leader();
      text(response, callback, 503, leader == null ? "No leader elected"
          : "Not the leading master; the leader is " + Leadership.location(leader));
      return true;
    }
    if (!master.ready()) {
      text(response, callback, 503, "Master has not finished recovery");
      return true;
    }
    Function<MasterView, ObjectNode> read = reader(path.substring(DATA.length()),
        Request.extractQueryParameters(request));
    if (read == null) {
      text(response, callback, 404, "No such endpoint: " + path);
      return true;
    }
    master.read(read).whenComplete((doc, error) -> {
      if (error != null) {
        text(response, callback, 500, "Internal error: " + error);
        return;
      }
      byte[] body;
      try {
        body = JSON.writeValueAsBytes(doc);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        text(response, callback, 500, "Internal error: " + e);
        return;
      }
      write(response, callback, 200, "application/json", body);
    });
    return true;
  }

  private static Function<MasterView, ObjectNode> reader(String name, Fields query) {
    switch (name) {
      case "overview":
        return ClusterOverview::overview;
      case "frameworks":
        return ClusterOverview::frameworks;
      case "agents":
        return v -> AgentTable.page(v, Paging.of(query), query.getValue("q"));
      case "tasks":
        return v -> TaskTable.page(v, Paging.of(query), TaskTable.Filter.of(query));
      case "task":
        return v -> TaskTable.detail(v, query.getValue("framework_id"), query.getValue("task_id"));
      default:
        return null;
    }
  }

  private static void text(Response response, Callback callback, int status, String message) {
    write(response, callback, status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
