package com.amazonaws.ecs.mesos.internal.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * HTTP to the master's {@code /api/v1/scheduler}: protobuf calls, the {@code Mesos-Stream-Id} header, HTTP Basic
 * credentials when the framework has a {@code Credential}, and the leader's address when a master redirects
 * (Mesos answers 307 from a master that is not the leader). Thread-safe: the address is the one mutable part.
 */
final class MasterLink {
  static final String PROTOBUF = "application/x-protobuf";
  static final String STREAM_ID = "Mesos-Stream-Id";
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  /** Reads of a call's answer (a subscription's stream has none: its heartbeats are watched instead). */
  private static final int CALL_TIMEOUT_MILLIS = 60_000;
  /**
   * TEARDOWN is answered once the master has stopped the framework's tasks, at ECS's pace (at least 22 s per
   * 1,000 tasks): {@code stop(false)} waits for that, as embedded.
   */
  private static final int TEARDOWN_TIMEOUT_MILLIS = 15 * 60_000;
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final String authorization;
  /** The master string's addresses: masters' URLs (tried in turn), or one {@code zk://HOSTS/PATH}. */
  private final java.util.List<URI> configured;
  private int nextConfigured;
  /** Where the leader is found for a {@code zk://} address; null otherwise. */
  private final ZooKeeperLeader zk;
  private volatile URI base;
  /** A 307 named the leader: the next subscription goes there rather than to the configured address. */
  private volatile boolean redirected;

  /** @param credential null, or the principal and secret sent as HTTP Basic authentication */
  MasterLink(URI base, Protos.Credential credential) {
    this(java.util.Collections.singletonList(base), credential);
  }

  /** @param masters the masters to subscribe to in turn (one {@code zk://} address, or masters' URLs) */
  MasterLink(java.util.List<URI> masters, Protos.Credential credential) {
    URI base = masters.get(0);
    this.configured = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(masters));
    this.zk = "zk".equalsIgnoreCase(base.getScheme()) ? new ZooKeeperLeader(base) : null;
    this.base = base;
    this.authorization = credential == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
        (credential.getPrincipal() + ":" + credential.getSecret()).getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the leader is sought among several masters: in ZooKeeper, or through a list of masters. */
  boolean seeksLeader() {
    return zk != null || configured.size() > 1;
  }

  URI base() {
    return base;
  }

  /**
   * Follows a 307 to the leading master: its {@code Location} ({@code //host:port/api/v1/scheduler}, as
   * Mesos writes it) becomes the address of every later request.
   */
  void redirect(String location) {
    URI target = base.resolve(location);
    base = URI.create(base.getScheme() + "://" + target.getRawAuthority());
    redirected = true;
  }

  private HttpURLConnection open(Call call, String streamId) throws IOException {
    URL url = URI.create(base + "/api/v1/scheduler").toURL();
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setRequestMethod("POST");
    c.setInstanceFollowRedirects(false);
    c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    c.setReadTimeout(call.getType() == Call.Type.TEARDOWN ? TEARDOWN_TIMEOUT_MILLIS : CALL_TIMEOUT_MILLIS);
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", PROTOBUF);
    c.setRequestProperty("Accept", PROTOBUF);
    if (authorization != null) {
      c.setRequestProperty("Authorization", authorization);
    }
    if (streamId != null) {
      c.setRequestProperty(STREAM_ID, streamId);
    }
    byte[] body = call.toByteArray();
    c.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = c.getOutputStream()) {
      out.write(body);
    }
    return c;
  }

  /**
   * The SUBSCRIBE request, sent on a connection of its own; the caller reads the status, then the stream or
   * the error, and may cut it from any thread.
   */
  HttpStream subscribe(Call subscribe) throws IOException {
    // Each subscription after a failure starts from the master string again: ZooKeeper names the leader now,
    // and a configured master that no longer leads redirects to the one that does.
    if (redirected) {
      redirected = false;
    } else if (zk != null) {
      base = zk.leader(CONNECT_TIMEOUT_MILLIS);
    } else {
      base = configured.get(nextConfigured++ % configured.size()); // the next master of the list
    }
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Content-Type", PROTOBUF);
    headers.put("Accept", PROTOBUF);
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    return HttpStream.post(URI.create(base + "/api/v1/scheduler"), headers, subscribe.toByteArray(),
        CONNECT_TIMEOUT_MILLIS);
  }

  /** One call, answered: the status and, for an error, Mesos's message. */
  Answer post(Call call, String streamId) throws IOException {
    return answer(open(call, streamId));
  }

  /**
   * Sends a call without waiting for its answer: the connection can be cut ({@code disconnect()}) from another
   * thread while {@link #answer} waits.
   */
  HttpURLConnection send(Call call, String streamId) throws IOException {
    return open(call, streamId);
  }

  /** Waits for the answer to a call {@link #send sent}. */
  Answer answer(HttpURLConnection c) throws IOException {
    int status = c.getResponseCode();
    String message = status >= 300 ? errorBody(c) : drain(c);
    return new Answer(status, message, c.getHeaderField("Location"));
  }

  /** Reads what the master said with an error status (text/plain), bounded. */
  static String errorBody(HttpURLConnection c) {
    InputStream in = c.getErrorStream();
    if (in == null) {
      return "";
    }
    try {
      return new String(readBounded(in), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "";
    } finally {
      closeQuietly(in);
    }
  }

  /** Reads and discards a successful answer's body so the connection can be reused. */
  private static String drain(HttpURLConnection c) throws IOException {
    try (InputStream in = c.getInputStream()) {
      readBounded(in);
    }
    return null;
  }

  static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() < MAX_ERROR_BODY) {
        out.write(buf, 0, Math.min(n, MAX_ERROR_BODY - out.size()));
      }
    }
    return out.toByteArray();
  }

  static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // closing a connection that already failed
    }
  }

  /** A master's answer to a call. */
  static final class Answer {
    final int status;
    /** Mesos's message for an error status; null on success. */
    final String message;
    final String location;

    Answer(int status, String message, String location) {
      this.status = status;
      this.message = message;
      this.location = location;
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }
  }
}
