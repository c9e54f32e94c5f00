package com.amazonaws.ecs.mesos.internal.events;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The SQS side of ECS events: {@value #READERS} threads long-poll the queue (10 messages per
 * {@code ReceiveMessage}, 20 s wait) and hand each batch, parsed, to the {@link Listener}; the listener deletes a batch
 * ({@link #delete}) once the driver applied it, so a message whose event was not applied reappears after
 * the queue's visibility timeout instead of being lost. At most {@value #MAX_BATCHES_IN_FLIGHT} batches wait
 * for the driver at a time: a busy driver slows the reading, not its memory.
 *
 * <p>SQS calls do not go through the ECS rate limiter: SQS's own limits are far above what one cluster's
 * events need, and the ECS read budget is what events exist to save.
 */
public final class EventQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventQueue.class);
  static final int MAX_MESSAGES = 10;
  static final int WAIT_SECONDS = 20;
  /**
   * Threads long-polling at once: one ReceiveMessage brings at most 10 messages, so one reader caps the events
   * a driver takes in at 10 per round trip; a busy cluster's changes (several per task) need more.
   */
  static final int READERS = 2;
  /** How long deletions wait for others to share a DeleteMessageBatch (10 per call). */
  static final long DELETE_GATHER_MILLIS = 20;
  static final int MAX_BATCHES_IN_FLIGHT = 2 * READERS;
  private static final long MAX_BACKOFF_MILLIS = 20_000;

  /** One message: its receipt handle (to delete it) and its event (null: not an ECS change, or unreadable). */
  public static final class Received {
    private final String receiptHandle;
    private final EcsEvent event;

    Received(String receiptHandle, EcsEvent event) {
      this.receiptHandle = receiptHandle;
      this.event = event;
    }

    public String receiptHandle() {
      return receiptHandle;
    }

    public EcsEvent event() {
      return event;
    }
  }

  /** Hears what the queue says; called on the queue's threads. */
  public interface Listener {
    /** A batch of messages (never empty); {@link #delete} its handles once applied. */
    void received(List<Received> batch);

    /** A ReceiveMessage answered with no message: the queue is reachable. */
    void empty();

    /** A ReceiveMessage failed; the queue is read again after a backoff. */
    void failed(Throwable error);
  }

  private final SqsClient sqs;
  private final String queueUrl;
  private final boolean ownsClient;
  private final List<Thread> readers = new ArrayList<>();
  private final Thread deleter;
  private final java.util.concurrent.LinkedBlockingQueue<String> toDelete =
      new java.util.concurrent.LinkedBlockingQueue<>();
  private final Semaphore inFlight = new Semaphore(MAX_BATCHES_IN_FLIGHT);
  private volatile boolean closed;
  private Listener listener;

  /**
   * @param ownsClient whether {@link #close()} closes {@code sqs} (the driver built it)
   */
  public EventQueue(SqsClient sqs, String queueUrl, boolean ownsClient, String threadPrefix) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.ownsClient = ownsClient;
    for (int i = 1; i <= READERS; i++) {
      Thread reader = new Thread(this::readForever, threadPrefix + "-events-" + i);
      reader.setDaemon(true);
      readers.add(reader);
    }
    this.deleter = new Thread(this::deleteForever, threadPrefix + "-events-delete");
    this.deleter.setDaemon(true);
  }

  /**
   * The SQS endpoint for a queue URL: the URL's own scheme, host and port, except for AWS's own hosts, where
   * the SDK's endpoint of the region is right (null). A queue of ecs-local or any SQS-compatible server is thus
   * read where it lives without another setting.
   */
  public static URI endpointOf(URI queueUrl) {
    String host = queueUrl.getHost();
    if (host == null || host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn")) {
      return null;
    }
    return URI.create(queueUrl.getScheme() + "://" + host + (queueUrl.getPort() > 0 ? ":" + queueUrl.getPort() : ""));
  }

  public String queueUrl() {
    return queueUrl;
  }

  /** Starts reading. */
  public void start(Listener l) {
    this.listener = l;
    for (Thread reader : readers) {
      reader.start();
    }
    deleter.start();
  }

  private void readForever() {
    long backoff = 0;
    while (!closed) {
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        return;
      }
      boolean handedOver = false;
      try {
        ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(MAX_MESSAGES)
            .waitTimeSeconds(WAIT_SECONDS));
        backoff = 0;
        if (closed) {
          return;
        }
        if (r.messages().isEmpty()) {
          listener.empty();
        } else {
          List<Received> batch = new ArrayList<>(r.messages().size());
          for (Message m : r.messages()) {
            batch.add(new Received(m.receiptHandle(), parse(m)));
          }
          handedOver = true;
          listener.received(batch);
        }
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        listener.failed(e);
        backoff = backoff == 0 ? 500 : Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        try {
          TimeUnit.MILLISECONDS.sleep(backoff); // a dedicated reader thread: nothing else waits on it
        } catch (InterruptedException ie) {
          return;
        }
      } finally {
        if (!handedOver) {
          inFlight.release();
        }
      }
    }
  }

  private static EcsEvent parse(Message m) {
    try {
      return EcsEvents.parse(m.body());
    } catch (IllegalArgumentException e) {
      LOG.warn("Dropping message {} of the events queue: {}", m.messageId(), e.getMessage());
      return null;
    }
  }

  /** Deletes a batch the driver applied (any thread); frees its place for the next batch. */
  public void delete(final List<Received> batch) {
    inFlight.release();
    if (closed) {
      return;
    }
    for (Received r : batch) {
      toDelete.add(r.receiptHandle());
    }
  }

  /**
   * Deletes applied messages 10 per call, gathering for up to {@value #DELETE_GATHER_MILLIS} ms: a busy cluster's
   * batches often bring fewer than 10 messages each, and every SQS call costs the driver's CPU.
   */
  private void deleteForever() {
    List<String> handles = new ArrayList<>(MAX_MESSAGES);
    while (!closed) {
      try {
        handles.clear();
        handles.add(toDelete.take());
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELETE_GATHER_MILLIS);
        while (handles.size() < MAX_MESSAGES) {
          String h = toDelete.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (h == null) {
            break;
          }
          handles.add(h);
        }
      } catch (InterruptedException e) {
        return;
      }
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(handles.size());
      for (int i = 0; i < handles.size(); i++) {
        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(handles.get(i))
            .build());
      }
      try {
        DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        if (r.hasFailed() && !r.failed().isEmpty()) {
          // They come back after the visibility timeout: a duplicate, which versions make harmless.
          LOG.debug("{} of {} events were not deleted: {}", r.failed().size(), entries.size(), r.failed().get(0));
        }
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.debug("DeleteMessageBatch failed ({}); the events come back as duplicates", e.toString());
        }
      }
    }
  }

  /** Stops reading and deleting; closes the client if the driver built it. */
  @Override
  public void close() {
    closed = true;
    for (Thread reader : readers) {
      reader.interrupt();
    }
    deleter.interrupt();
    if (ownsClient) {
      sqs.close();
    }
  }
}
