package com.amazonaws.ecs.mesos.internal.remote;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's subscription to the master, kept up: it subscribes, follows a redirect to the leader, retries
 * with growing, jittered backoff while the master is away or not ready ({@link SubscribeBackoff}), and treats a
 * stream that falls silent for {@value #MISSED_HEARTBEATS} heartbeat intervals as ended. Loop-confined; what it
 * learns goes to its {@link Listener} on the loop, never from a stream that has been replaced.
 */
final class MasterConnection {
  private static final Logger LOG = LoggerFactory.getLogger(MasterConnection.class);
  static final int MISSED_HEARTBEATS = 5;

  /** What the connection reports, on the loop. */
  interface Listener {
    /** SUBSCRIBED: the stream is the framework's now. */
    void subscribed(Event.Subscribed subscribed);

    /** Any other event of the current stream. */
    void event(Event event);

    /** The stream ended or could not be opened; a new subscription follows after a backoff. */
    void lost(boolean wasConnected, String why);

    /** The master refused the subscription for good (4xx): the framework must be told. */
    void refused(String message);
  }

  private final DriverLoop loop;
  private final MasterLink link;
  private final ScheduledThreadPoolExecutor timer;
  private final String threadPrefix;
  private final Supplier<Call> subscribeCall;
  private final Listener listener;

  private Subscription subscription;
  private int generation;
  private String streamId;
  private boolean connected;
  private boolean closed;
  private long heartbeatMillis = 15_000;
  private long lastEventNanos;
  private final SubscribeBackoff backoff;
  /** The master and answer of the last 5xx refusal logged, so that a run of them is logged once. */
  private String lastRefusal;
  private ScheduledFuture<?> watchdog;

  /** @param subscribeCall the SUBSCRIBE to send, built anew for each attempt (the framework may have changed) */
  MasterConnection(DriverLoop loop, MasterLink link, ScheduledThreadPoolExecutor timer, Random random,
      String threadPrefix, Supplier<Call> subscribeCall, Listener listener) {
    this.loop = loop;
    this.link = link;
    this.timer = timer;
    this.backoff = new SubscribeBackoff(link.seeksLeader(), random);
    this.threadPrefix = threadPrefix;
    this.subscribeCall = subscribeCall;
    this.listener = listener;
  }

  MasterLink link() {
    return link;
  }

  /** Whether SUBSCRIBED arrived on the current stream and it has not ended. */
  boolean connected() {
    return connected;
  }

  /** The current stream's ID (for calls); null when there is none. */
  String streamId() {
    return streamId;
  }

  /** Changes whenever the stream does: an answer to a call made on an older stream is stale. */
  int generation() {
    return generation;
  }

  void subscribe() {
    if (closed) {
      return;
    }
    final int gen = ++generation;
    subscription = new Subscription(link, subscribeCall.get(), new Subscription.Listener() {
      @Override
      public void opened(String id) {
        onLoop(gen, () -> {
          streamId = id;
          lastEventNanos = System.nanoTime();
        });
      }

      @Override
      public void event(Event event) {
        onLoop(gen, () -> onEvent(event));
      }

      @Override
      public void refused(int status, String message, String location) {
        onLoop(gen, () -> onRefused(status, message, location));
      }

      @Override
      public void ended(String why) {
        onLoop(gen, () -> onEnded(why));
      }
    }, threadPrefix + "-stream-" + gen);
    subscription.start();
  }

  /** Runs {@code action} on the loop if the stream {@code gen} is still the current one. */
  private void onLoop(final int gen, final Runnable action) {
    loop.post(() -> {
      if (gen == generation && !closed) {
        action.run();
      }
    });
  }

  private void onEvent(Event e) {
    lastEventNanos = System.nanoTime();
    if (e.getType() == Event.Type.SUBSCRIBED) {
      Event.Subscribed s = e.getSubscribed();
      heartbeatMillis = s.hasHeartbeatIntervalSeconds()
          ? Math.max(1, (long) (s.getHeartbeatIntervalSeconds() * 1000)) : 15_000;
      connected = true;
      backoff.subscribed();
      lastRefusal = null;
      startWatchdog();
      listener.subscribed(s);
      return;
    }
    listener.event(e);
  }

  private void onRefused(int status, String message, String location) {
    subscription = null;
    if ((status == 307 || status == 301 || status == 302) && location != null) {
      link.redirect(location);
      LOG.info("The master redirected the subscription to the leading master at {}", link.base());
      subscribe();
      return;
    }
    if (status >= 500) {
      String refusal = link.base() + " " + status + " " + message;
      if (!refusal.equals(lastRefusal)) { // a recovering master is asked every 100 ms: one line, not a hundred
        LOG.info("The master at {} cannot take subscriptions yet ({} {}); retrying", link.base(), status, message);
      } else {
        LOG.debug("The master at {} still cannot take subscriptions ({} {})", link.base(), status, message);
      }
      lastRefusal = refusal;
      retryLater(SubscribeBackoff.recovering(status, message));
      return;
    }
    listener.refused("The Mesos master at " + link.base() + " refused the subscription (" + status + "): " + message);
  }

  private void onEnded(String why) {
    subscription = null;
    streamId = null;
    cancelWatchdog();
    boolean was = connected;
    connected = false;
    listener.lost(was, why);
    retryLater(false);
  }

  /** @param recovering the master answered that it has not finished recovery: it is about to serve */
  private void retryLater(boolean recovering) {
    long delay = backoff.next(recovering, System.nanoTime());
    final int gen = generation;
    timer.schedule(() -> loop.post(() -> {
      if (gen == generation && !closed) {
        subscribe();
      }
    }), delay, TimeUnit.MILLISECONDS);
  }

  /** A stream silent for several heartbeat intervals is as good as ended: the master or the network is gone. */
  private void startWatchdog() {
    cancelWatchdog();
    final int gen = generation;
    watchdog = timer.scheduleWithFixedDelay(() -> onLoop(gen, () -> {
      long silent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastEventNanos);
      if (connected && silent > MISSED_HEARTBEATS * heartbeatMillis) {
        drop();
        onEnded("no event for " + silent + " ms (heartbeats every " + heartbeatMillis + " ms)");
      }
    }), heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
  }

  private void cancelWatchdog() {
    if (watchdog != null) {
      watchdog.cancel(false);
      watchdog = null;
    }
  }

  /** The master does not know the current stream any more: it is cut, and a new subscription follows. Loop. */
  void resubscribe(String why) {
    if (closed || subscription == null) {
      return;
    }
    drop();
    onEnded(why);
  }

  /** Cuts the current stream; whatever it still says is stale. */
  private void drop() {
    generation++;
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }

  /** No more streams, no more retries. */
  void close() {
    closed = true;
    cancelWatchdog();
    drop();
    connected = false;
    streamId = null;
  }
}
