package com.amazonaws.ecs.mesos.internal.remote;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * One SUBSCRIBE and the stream it opens, on a thread of its own: it sends the call, then reads the RecordIO
 * records ({@code <length>\n<protobuf Event>}) of the chunked answer until the stream ends or
 * {@link #close()} cuts it. Everything it learns goes to its {@link Listener}, in order, from its thread.
 */
final class Subscription {
  /** Largest event accepted; a longer record means the stream is not Mesos's. */
  static final int MAX_RECORD = 256 * 1024 * 1024;

  /** What the subscription reports; called from its thread. */
  interface Listener {
    /** 200: the stream is open under {@code streamId}. */
    void opened(String streamId);

    void event(Event event);

    /** The master answered with an error status instead of a stream. */
    void refused(int status, String message, String location);

    /** The stream ended, or could not be opened; {@code why} says how. */
    void ended(String why);
  }

  private final MasterLink link;
  private final Call subscribe;
  private final Listener listener;
  private final Thread thread;
  private volatile HttpStream connection;
  private volatile boolean closed;

  Subscription(MasterLink link, Call subscribe, Listener listener, String threadName) {
    this.link = link;
    this.subscribe = subscribe;
    this.listener = listener;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Cuts the stream at once (any thread); the listener hears {@code ended} unless it already did. */
  void close() {
    closed = true;
    HttpStream c = connection;
    if (c != null) {
      c.close();
    }
  }

  private void run() {
    HttpStream c = null;
    try {
      c = link.subscribe(subscribe);
      connection = c;
      if (closed) {
        return;
      }
      if (c.status() != 200) {
        String message = new String(MasterLink.readBounded(c.body()), StandardCharsets.UTF_8).trim();
        listener.refused(c.status(), message, c.header("Location"));
        return;
      }
      listener.opened(c.header(MasterLink.STREAM_ID));
      InputStream in = c.body();
      while (!closed) {
        int length = readLength(in);
        if (length < 0) {
          listener.ended("the master ended the stream");
          return;
        }
        listener.event(Event.parseFrom(readFully(in, length)));
      }
      listener.ended("closed");
    } catch (IOException | RuntimeException e) {
      listener.ended(closed ? "closed" : e.toString());
    } finally {
      if (c != null) {
        c.close();
      }
    }
  }

  /** The decimal length before {@code \n}; -1 at the end of the stream before a record starts. */
  static int readLength(InputStream in) throws IOException {
    long length = 0;
    int digits = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (digits == 0) {
          return -1;
        }
        throw new EOFException("the stream ended inside a record length");
      }
      if (b == '\n') {
        if (digits == 0) {
          throw new IOException("a RecordIO record without a length");
        }
        return (int) length;
      }
      if (b < '0' || b > '9') {
        throw new IOException("not a RecordIO stream: byte " + b + " in a record length");
      }
      length = length * 10 + (b - '0');
      if (++digits > 10 || length > MAX_RECORD) {
        throw new IOException("a RecordIO record longer than " + MAX_RECORD + " bytes");
      }
    }
  }

  static byte[] readFully(InputStream in, int length) throws IOException {
    byte[] record = new byte[length];
    int at = 0;
    while (at < length) {
      int n = in.read(record, at, length - at);
      if (n < 0) {
        throw new EOFException("the stream ended inside a record");
      }
      at += n;
    }
    return record;
  }
}
