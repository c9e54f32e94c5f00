package com.amazonaws.ecs.mesos.master;

import com.amazonaws.ecs.mesos.master.internal.MesosJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A bare V1 scheduler client over the JDK's HTTP client, for tests of the wire protocol: it subscribes, reads
 * the RecordIO event stream on a thread of its own (JSON or protobuf), and sends calls with the stream ID.
 */
final class V1Client implements AutoCloseable {
  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final boolean json;
  private final List<Event> events = new ArrayList<>();
  private final List<byte[]> rawRecords = new ArrayList<>();
  private final java.util.concurrent.LinkedBlockingQueue<Event> queue = new java.util.concurrent.LinkedBlockingQueue<>();
  private volatile HttpResponse<InputStream> stream;
  private volatile boolean ended;
  private Thread reader;

  private final String authorization;

  V1Client(URI master, boolean json) {
    this(master, json, null, null);
  }

  /** A client that authenticates with HTTP Basic as {@code principal}. */
  V1Client(URI master, boolean json, String principal, String secret) {
    this.endpoint = master.resolve("/api/v1/scheduler");
    this.json = json;
    this.authorization = principal == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
        (principal + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request() {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).header("Content-Type", type());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  String type() {
    return json ? "application/json" : "application/x-protobuf";
  }

  byte[] encode(Call call) {
    return json ? MesosJson.write(call) : call.toByteArray();
  }

  /** Sends SUBSCRIBE and, on 200, starts reading the stream; returns the response (its body is being read). */
  HttpResponse<InputStream> subscribe(Call subscribe) throws Exception {
    HttpRequest request = request().header("Accept", type())
        .POST(HttpRequest.BodyPublishers.ofByteArray(encode(subscribe))).build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    this.stream = response;
    if (response.statusCode() == 200) {
      reader = new Thread(() -> read(response.body()), "v1-client-reader");
      reader.setDaemon(true);
      reader.start();
    }
    return response;
  }

  private void read(InputStream in) {
    try (in) {
      while (true) {
        StringBuilder length = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
          if (c < 0) {
            return;
          }
          if (c < '0' || c > '9') {
            throw new IOException("not a RecordIO length: byte " + c + " after '" + length + "'");
          }
          length.append((char) c);
        }
        byte[] payload = in.readNBytes(Integer.parseInt(length.toString()));
        Event event = json ? MesosJson.read(payload, Event.newBuilder()).build() : Event.parseFrom(payload);
        synchronized (events) {
          rawRecords.add(payload);
          events.add(event);
        }
        queue.add(event);
      }
    } catch (Exception e) {
      synchronized (events) {
        events.add(Event.newBuilder().setType(Event.Type.UNKNOWN).build()); // marks a broken stream
      }
    } finally {
      ended = true;
    }
  }

  /** The next event not taken yet, waiting up to {@code millis}; null if none came. */
  Event take(long millis) throws InterruptedException {
    return queue.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  String streamId() {
    return stream.headers().firstValue("Mesos-Stream-Id").orElse(null);
  }

  boolean ended() {
    return ended;
  }

  List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  List<byte[]> rawRecords() {
    synchronized (events) {
      return List.copyOf(rawRecords);
    }
  }

  /** The types of the events so far, in order, as names. */
  List<String> names() {
    return events().stream().map(e -> e.getType().name()).toList();
  }

  List<Event> events(Event.Type type) {
    return events().stream().filter(e -> e.getType() == type).toList();
  }

  Optional<Event> first(Predicate<Event> which) {
    return events().stream().filter(which).findFirst();
  }

  /** Sends a call with this subscription's stream ID. */
  HttpResponse<String> call(Call call) throws Exception {
    return call(call, streamId());
  }

  HttpResponse<String> call(Call call, String streamId) throws Exception {
    HttpRequest.Builder b = request().POST(HttpRequest.BodyPublishers.ofByteArray(encode(call)));
    if (streamId != null) {
      b.header("Mesos-Stream-Id", streamId);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Closes the subscription's connection (the client goes away). */
  @Override
  public void close() {
    HttpResponse<InputStream> s = stream;
    if (s != null) {
      try {
        s.body().close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    if (reader != null) {
      reader.interrupt();
    }
  }

  static byte[] bytes(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
