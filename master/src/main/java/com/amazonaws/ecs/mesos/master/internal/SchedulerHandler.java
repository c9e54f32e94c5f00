package com.amazonaws.ecs.mesos.master.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/scheduler} and {@code /master/api/v1/scheduler}: the Mesos V1 scheduler API, checked
 * in Mesos's order ({@code src/master/http.cpp}) with Mesos's statuses and messages. A SUBSCRIBE is answered
 * {@code 200} at once and kept open as the framework's {@link EventStream}; every other call is handed to
 * the {@link MasterProcess} and answered with what it decides (202, 200 for UPDATE_FRAMEWORK, or an error).
 */
public final class SchedulerHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerHandler.class);
  public static final String STREAM_ID = "Mesos-Stream-Id";

  private final MasterProcess master;
  private final Credentials credentials;
  private final int maxBodyBytes;
  private final long maxQueuedBytes;
  private final com.amazonaws.ecs.mesos.master.internal.ha.Leadership leadership;

  public SchedulerHandler(MasterProcess master, Credentials credentials, int maxBodyBytes, long maxQueuedBytes) {
    this(master, credentials, maxBodyBytes, maxQueuedBytes, null);
  }

  /** @param leadership null for a master that always leads */
  public SchedulerHandler(MasterProcess master, Credentials credentials, int maxBodyBytes, long maxQueuedBytes,
      com.amazonaws.ecs.mesos.master.internal.ha.Leadership leadership) {
    this.leadership = leadership;
    this.master = master;
    this.credentials = credentials;
    this.maxBodyBytes = maxBodyBytes;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  static boolean isSchedulerPath(String path) {
    return "/api/v1/scheduler".equals(path) || "/master/api/v1/scheduler".equals(path);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!isSchedulerPath(request.getHttpURI().getPath())) {
      return false;
    }
    if (leadership != null && !leadership.leading()) {
      // As a Mesos master that is not elected: 307 to the leader, path kept; 503 while none is elected.
      org.apache.mesos.Protos.MasterInfo leader = leadership.leader();
      if (leader == null) {
        HttpAnswers.error(response, callback, 503, "No leader elected");
        return true;
      }
      response.setStatus(307);
      response.getHeaders().put(HttpHeader.LOCATION, com.amazonaws.ecs.mesos.master.internal.ha.Leadership
          .location(leader) + request.getHttpURI().getPath());
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      response.write(true, java.nio.ByteBuffer.allocate(0), callback);
      return true;
    }
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      HttpAnswers.error(response, callback, 405, "Expecting a 'POST' request, received '" + request.getMethod() + "'");
      return true;
    }
    Credentials.Check auth = credentials.check(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (!auth.ok()) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"mesos\"");
      HttpAnswers.error(response, callback, 401, auth.problem());
      return true;
    }
    if (!master.ready()) {
      HttpAnswers.error(response, callback, 503, "Master has not finished recovery");
      return true;
    }
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null) {
      HttpAnswers.error(response, callback, 400, "Expecting 'Content-Type' to be present");
      return true;
    }
    final String bodyType = MediaTypes.ofContent(contentType);
    if (bodyType == null) {
      HttpAnswers.error(response, callback, 415, "Expecting 'Content-Type' of " + MediaTypes.JSON + " or "
          + MediaTypes.PROTOBUF);
      return true;
    }
    Content.Source.asByteArrayAsync(request, maxBodyBytes).whenComplete((body, error) -> {
      if (error != null) {
        HttpAnswers.error(response, callback, 413, "Request body is larger than " + maxBodyBytes + " bytes or could "
            + "not be read: " + error.getMessage());
        return;
      }
      handleBody(request, response, callback, body, bodyType, auth.principal());
    });
    return true;
  }

  private void handleBody(Request request, Response response, Callback callback, byte[] body, String bodyType,
      String principal) {
    Call call;
    try {
      call = parse(body, bodyType);
    } catch (BadCall e) {
      HttpAnswers.error(response, callback, 400, e.getMessage());
      return;
    }
    Optional<String> problem = CallValidation.problem(call);
    if (problem.isPresent()) {
      HttpAnswers.error(response, callback, 400, CallValidation.PREFIX + problem.get());
      return;
    }
    String streamId = request.getHeaders().get(STREAM_ID);
    if (call.getType() == Call.Type.SUBSCRIBE) {
      subscribe(request, response, callback, call, streamId, principal);
      return;
    }
    if (call.getType() == Call.Type.RECONCILE_OPERATIONS
        && MediaTypes.forAccept(request.getHeaders().get(HttpHeader.ACCEPT)) == null) {
      // Mesos consults Accept for this call too: its answers are events of the type the client reads.
      HttpAnswers.error(response, callback, 406, "Expecting 'Accept' to allow '" + MediaTypes.PROTOBUF + "' or '"
          + MediaTypes.JSON + "'");
      return;
    }
    master.call(call, streamId, principal).whenComplete((answer, error) -> {
      if (error != null) {
        HttpAnswers.error(response, callback, 500, "Internal error: " + error);
      } else if (answer.message() == null) {
        HttpAnswers.empty(response, callback, answer.status());
      } else {
        HttpAnswers.error(response, callback, answer.status(), answer.message());
      }
    });
  }

  private void subscribe(Request request, Response response, Callback callback, Call call, String streamId,
      String principal) {
    if (streamId != null) {
      HttpAnswers.error(response, callback, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
      return;
    }
    String eventType = MediaTypes.forAccept(request.getHeaders().get(HttpHeader.ACCEPT));
    if (eventType == null) {
      HttpAnswers.error(response, callback, 406, "Expecting 'Accept' to allow '" + MediaTypes.PROTOBUF + "' or '"
          + MediaTypes.JSON + "'");
      return;
    }
    String declared = call.getSubscribe().getFrameworkInfo().getPrincipal();
    if (principal != null && !declared.isEmpty() && !declared.equals(principal)) {
      HttpAnswers.error(response, callback, 403, "Framework principal '" + declared + "' does not match the "
          + "authenticated principal '" + principal + "'");
      return;
    }
    EventStream stream = new EventStream(response, callback, MediaTypes.JSON.equals(eventType), maxQueuedBytes,
        master::streamEnded);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, eventType);
    response.getHeaders().put(STREAM_ID, stream.id());
    request.addFailureListener(failure -> stream.abort()); // the client went away: noticed without a write
    stream.commit();
    LOG.debug("SUBSCRIBE of '{}' on stream {}", call.getSubscribe().getFrameworkInfo().getName(), stream.id());
    master.subscribe(call, stream, principal);
  }

  /** A body that is not a Call. */
  private static final class BadCall extends Exception {
    private static final long serialVersionUID = 1L;

    BadCall(String message) {
      super(message);
    }
  }

  static Call parse(byte[] body, String type) throws BadCall {
    if (MediaTypes.JSON.equals(type)) {
      try {
        return MesosJson.read(body, Call.newBuilder()).build();
      } catch (MesosJson.BadJson e) {
        throw new BadCall(e.getMessage());
      }
    }
    Call.Builder b = Call.newBuilder();
    try {
      b.mergeFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new BadCall("Failed to parse body into Call protobuf");
    }
    if (!b.isInitialized()) {
      throw new BadCall("Failed to parse body into Call protobuf: Missing required fields: "
          + String.join(", ", b.buildPartial().findInitializationErrors()));
    }
    return b.build();
  }

  /** Writes the plain answers of the API. */
  static final class HttpAnswers {
    private HttpAnswers() {}

    /** An empty answer: no Content-Type, {@code Content-Length: 0}. */
    static void empty(Response response, Callback callback, int status) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      response.write(true, ByteBuffer.allocate(0), callback);
    }

    /** An error: {@code text/plain; charset=utf-8} with the message as body. */
    static void error(Response response, Callback callback, int status, String message) {
      byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
      response.write(true, ByteBuffer.wrap(bytes), callback);
    }
  }
}
