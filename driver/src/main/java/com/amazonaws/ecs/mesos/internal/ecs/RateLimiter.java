package com.amazonaws.ecs.mesos.internal.ecs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * The driver's one client-side rate limiter: ECS's request buckets (burst, sustained per second), so the
 * driver spends its budget evenly instead of bursting into {@code ThrottlingException}s. ECS's buckets are
 * per account and region and shared with every other caller, so ECS may still throttle; the gateway retries
 * those calls.
 *
 * <pre>
 * cluster resource read    DescribeTasks, DescribeContainerInstances, ListTasks, ListContainerInstances  100 / 20
 * cluster resource modify  StartTask, StopTask, RunTask                                                 100 / 40
 * task definition read     DescribeTaskDefinition                                                        50 / 20
 * task definition modify   RegisterTaskDefinition                                                        20 / 1
 * cluster read             DescribeClusters                                                              50 / 20
 * EC2 DescribeInstances    (EC2's own limits; a modest share of them)                                    50 / 10
 * </pre>
 *
 * <p>Calls wait for their bucket's tokens in a queue, not with a reservation made when they were asked:
 * a token goes to the first waiting call of the highest {@link Priority} when it becomes available. So a
 * {@code StopTask} (a kill, a teardown) asked while 10,000 {@code StartTask}s wait goes out with the next
 * token instead of 250 s later, and a waiting call that is no longer wanted (a launch after
 * {@code stop(false)}) is dropped without spending a token.
 *
 * <p>Among calls of one priority, the tenants of a bucket (the frameworks launching through one master) take
 * turns: each call gets a virtual start tag one past the later of its tenant's previous tag and the tag last
 * served (start-time fair queueing), and the lowest tag goes first. So 10 frameworks that each accept 1,000
 * launches at once start them interleaved, one each in turn, not in the order their accepts arrived, and a
 * framework that arrives later waits for one turn, not for everyone's backlog. With one tenant (the embedded
 * driver) this is first come, first served.
 */
public final class RateLimiter {

  /** Which waiting call gets the next token of a bucket: all FIRST ones before any NORMAL one. */
  public enum Priority {
    /** Kills and teardown stops: they free resources and end work the framework no longer wants. */
    FIRST,
    NORMAL
  }

  /** A call waiting for a token. */
  public interface Waiting {
    /** Whether the call is no longer wanted; asked when a token would be handed to it. */
    boolean cancelled();

    /** Makes the call; it holds its token. Must not block. */
    void send();

    /** The call is dropped unsent (it was cancelled). Must not block. */
    void drop();
  }

  /** Runs an action later (the gateway's timer thread). */
  public interface Timer {
    void schedule(Runnable action, long delayNanos);
  }

  private static final class Entry implements Comparable<Entry> {
    final Priority priority;
    final Object tenant;
    final long tag;
    final long seq;
    final Waiting call;

    Entry(Priority priority, Object tenant, long tag, long seq, Waiting call) {
      this.priority = priority;
      this.tenant = tenant;
      this.tag = tag;
      this.seq = seq;
      this.call = call;
    }

    @Override
    public int compareTo(Entry o) {
      int c = priority.compareTo(o.priority);
      if (c != 0) {
        return c;
      }
      c = Long.compare(tag, o.tag);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** The tenant of calls that name none. */
  private static final Object SHARED = new Object();

  /** One bucket and the calls waiting for its tokens. */
  private final class Lane {
    final TokenBucket bucket;
    final PriorityQueue<Entry> waiting = new PriorityQueue<>();
    /** Each tenant with calls waiting: the tag of its last one. */
    final Map<Object, Long> lastTag = new HashMap<>();
    /** The tag of the last call served: where a tenant with nothing waiting starts again. */
    long virtualTime;
    boolean timerSet;

    Lane(TokenBucket bucket) {
      this.bucket = bucket;
    }

    void add(Priority priority, Object tenant, long seq, Waiting call) {
      if (priority == Priority.FIRST) {
        // Goes ahead of every NORMAL call whatever its tag, so it takes no turn: given its tenant's next tag, it
        // would carry the lane's virtual time to the end of that tenant's backlog when served, and every other
        // framework launching after it would wait for that whole backlog (one RunTask retried after a throttle
        // held two frameworks' launches 7 s behind a third's 1,000 after a master failover).
        waiting.add(new Entry(priority, tenant, virtualTime, seq, call));
        return;
      }
      Long last = lastTag.get(tenant);
      long tag = Math.max(virtualTime, last == null ? 0 : last) + 1;
      lastTag.put(tenant, tag);
      waiting.add(new Entry(priority, tenant, tag, seq, call));
    }

    /** {@code e} leaves the queue (served or dropped). */
    void left(Entry e, boolean served) {
      if (e.priority == Priority.FIRST) {
        return;
      }
      if (served) {
        virtualTime = Math.max(virtualTime, e.tag);
      }
      Long last = lastTag.get(e.tenant);
      if (last != null && last == e.tag) {
        lastTag.remove(e.tenant); // its last waiting call: nothing of the tenant is left to remember
      }
    }

    /** Hands out the tokens there are; returns the calls to send and to drop (run outside the lock). */
    void drain(List<Waiting> send, List<Waiting> drop) {
      long now = nanos.getAsLong();
      while (!waiting.isEmpty()) {
        Entry head = waiting.peek();
        if (head.call.cancelled()) {
          waiting.poll();
          left(head, false);
          drop.add(head.call);
        } else if (bucket.tryTake(now)) {
          waiting.poll();
          left(head, true);
          send.add(head.call);
        } else {
          break;
        }
      }
      if (!waiting.isEmpty() && !timerSet) {
        timerSet = true;
        timer.schedule(this::onTimer, Math.max(1, bucket.nanosUntilToken(now)));
      }
    }

    void onTimer() {
      List<Waiting> send = new ArrayList<>();
      List<Waiting> drop = new ArrayList<>();
      synchronized (this) {
        timerSet = false;
        drain(send, drop);
      }
      run(send, drop);
    }

    void purge(List<Waiting> drop) {
      for (Iterator<Entry> it = waiting.iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.call.cancelled()) {
          it.remove();
          left(e, false);
          drop.add(e.call);
        }
      }
    }
  }

  private final Map<String, Lane> byAction = new HashMap<>();
  private final LongSupplier nanos;
  private final Timer timer;
  private long seq;

  private RateLimiter(LongSupplier nanos, Timer timer) {
    this.nanos = nanos;
    this.timer = timer;
  }

  /** ECS's buckets on the given clock (real time: {@code System::nanoTime}), waiting on {@code timer}. */
  public static RateLimiter ecs(LongSupplier nanos, Timer timer) {
    RateLimiter limiter = new RateLimiter(nanos, timer);
    long now = nanos.getAsLong();
    limiter.group(new TokenBucket(100, 20, now), "DescribeTasks", "DescribeContainerInstances", "ListTasks",
        "ListContainerInstances");
    limiter.group(new TokenBucket(100, 40, now), "StartTask", "StopTask", "RunTask");
    // Fargate: task launches 100 burst and 20/s per capacity provider, but RunTask calls that launch on Fargate
    // 20/s for both together; with one task per call the calls' bucket is the tighter one.
    limiter.group(new TokenBucket(20, 20, now), "RunTask:FARGATE", "RunTask:FARGATE_SPOT");
    limiter.group(new TokenBucket(50, 20, now), "DescribeTaskDefinition");
    limiter.group(new TokenBucket(20, 1, now), "RegisterTaskDefinition");
    limiter.group(new TokenBucket(50, 20, now), "DescribeClusters");
    limiter.group(new TokenBucket(50, 10, now), "DescribeInstances");
    return limiter;
  }

  /** ECS's buckets in real time, waiting on {@code timer} (calls left waiting when it is shut down). */
  public static RateLimiter ecs(final java.util.concurrent.ScheduledExecutorService timer) {
    return ecs(System::nanoTime, (action, delayNanos) -> {
      try {
        timer.schedule(action, delayNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // The driver has stopped: the gateway drops what still waits (purge).
      }
    });
  }

  private void group(TokenBucket bucket, String... actions) {
    Lane lane = new Lane(bucket);
    for (String action : actions) {
      byAction.put(action, lane);
    }
  }

  /**
   * Sends {@code call} once its bucket has a token for it, now (on the calling thread) or later (on the
   * timer's thread). Actions without a bucket are sent at once.
   */
  public void acquire(String action, Priority priority, Waiting call) {
    acquire(action, priority, null, call);
  }

  /** As {@link #acquire(String, Priority, Waiting)}, taking turns with the bucket's other tenants. */
  public void acquire(String action, Priority priority, Object tenant, Waiting call) {
    Lane lane = byAction.get(action);
    if (lane == null) {
      call.send();
      return;
    }
    List<Waiting> send = new ArrayList<>(1);
    List<Waiting> drop = new ArrayList<>(0);
    synchronized (lane) {
      lane.add(priority, tenant == null ? SHARED : tenant, nextSeq(), call);
      lane.drain(send, drop);
    }
    run(send, drop);
  }

  /** Drops every waiting call that is now cancelled, wherever it waits in its queue. */
  public void purge() {
    List<Waiting> drop = new ArrayList<>();
    for (Lane lane : new LinkedHashSet<>(byAction.values())) {
      synchronized (lane) {
        lane.purge(drop);
      }
    }
    run(new ArrayList<Waiting>(0), drop);
  }

  /** Calls waiting for a token of {@code action}'s bucket. */
  public int waiting(String action) {
    Lane lane = byAction.get(action);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.waiting.size();
    }
  }

  private synchronized long nextSeq() {
    return ++seq;
  }

  private static void run(Collection<Waiting> send, Collection<Waiting> drop) {
    for (Waiting w : drop) {
      w.drop();
    }
    for (Waiting w : send) {
      w.send();
    }
  }
}
