package com.amazonaws.ecs.mesos.master.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One framework's subscription: the chunked {@code 200} response of its SUBSCRIBE, which carries its events
 * as RecordIO records, one record per HTTP chunk, each flushed as it is written.
 *
 * <p>Events are queued and written one at a time (Jetty takes one write at a time); the queue is bounded,
 * so a client that stops reading is dropped, not buffered without end: when more than {@code maxQueuedBytes}
 * wait, the stream is aborted. Aborting closes the connection without the final chunk, which every client
 * takes as the loss of its master (Singularity does not notice a cleanly ended stream).
 *
 * <p>Thread-safe: events come from the master's loop, write completions from Jetty's threads.
 */
public final class EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

  private final String id = UUID.randomUUID().toString();
  private final Response response;
  private final Callback done;
  private final boolean json;
  private final long maxQueuedBytes;
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private final Consumer<EventStream> onEnd;
  private long queuedBytes;
  private boolean writing;
  private boolean closing;
  private boolean ended;

  /**
   * @param json whether events are written as JSON (else protobuf)
   * @param onEnd told once the stream has ended, however (client gone, aborted, closed)
   */
  public EventStream(Response response, Callback done, boolean json, long maxQueuedBytes, Consumer<EventStream> onEnd) {
    this.response = response;
    this.done = done;
    this.json = json;
    this.maxQueuedBytes = maxQueuedBytes;
    this.onEnd = onEnd;
  }

  /** The {@code Mesos-Stream-Id} of this subscription: a random UUID. */
  public String id() {
    return id;
  }

  public boolean json() {
    return json;
  }

  public synchronized boolean open() {
    return !ended && !closing;
  }

  /** Sends the response's headers now, before the first event (SUBSCRIBE is answered at once). */
  public void commit() {
    synchronized (this) {
      writing = true;
    }
    response.write(false, ByteBuffer.allocate(0), new Written());
  }

  /** Queues one event; false when the stream is gone (or was just dropped for not reading). */
  public boolean send(Event event) {
    byte[] payload = json ? MesosJson.write(event) : event.toByteArray();
    ByteBuffer record = RecordIo.record(payload);
    boolean start;
    synchronized (this) {
      if (ended || closing) {
        return false;
      }
      // Something already waits and this would pass the bound: the client is not keeping up. (An event larger
      // than the bound on its own, a big OFFERS, still goes when nothing waits.)
      if (queuedBytes > 0 && queuedBytes + record.remaining() > maxQueuedBytes) {
        LOG.warn("Event stream {} is not read: {} bytes wait for it; dropping the subscription", id, queuedBytes);
        abortLocked(new IllegalStateException("the subscriber does not read its events"));
        return false;
      }
      queue.add(record);
      queuedBytes += record.remaining();
      start = !writing;
      if (start) {
        writing = true;
      }
    }
    if (start) {
      writeNext();
    }
    return true;
  }

  /** Ends the stream cleanly once what is queued is written (TEARDOWN, failover). */
  public void close() {
    boolean now;
    synchronized (this) {
      if (ended || closing) {
        return;
      }
      closing = true;
      now = !writing;
      if (now) {
        writing = true;
      }
    }
    if (now) {
      writeNext();
    }
  }

  /** Ends the stream at once, without the final chunk: the client sees its connection break. */
  public void abort() {
    synchronized (this) {
      abortLocked(new IllegalStateException("subscription dropped by the master"));
    }
  }

  private void abortLocked(Throwable why) {
    if (ended) {
      return;
    }
    ended = true;
    queue.clear();
    queuedBytes = 0;
    done.failed(why);
    onEnd.accept(this);
  }

  private void writeNext() {
    ByteBuffer next;
    boolean last = false;
    synchronized (this) {
      if (ended) {
        writing = false;
        return;
      }
      next = queue.poll();
      if (next != null) {
        queuedBytes -= next.remaining();
      } else if (closing) {
        last = true;
        next = ByteBuffer.allocate(0);
      } else {
        writing = false;
        return;
      }
    }
    response.write(last, next, last ? new Closed() : new Written());
  }

  /** A record was written: write the next one. */
  private final class Written implements Callback {
    @Override
    public void succeeded() {
      writeNext();
    }

    @Override
    public void failed(Throwable x) {
      synchronized (EventStream.this) {
        abortLocked(x);
      }
    }
  }

  /** The final chunk was written: the response is complete. */
  private final class Closed implements Callback {
    @Override
    public void succeeded() {
      boolean first;
      synchronized (EventStream.this) {
        first = !ended;
        ended = true;
      }
      if (first) {
        done.succeeded();
        onEnd.accept(EventStream.this);
      }
    }

    @Override
    public void failed(Throwable x) {
      synchronized (EventStream.this) {
        abortLocked(x);
      }
    }
  }
}
