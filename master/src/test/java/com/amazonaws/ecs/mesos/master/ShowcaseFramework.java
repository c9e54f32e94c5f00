package com.amazonaws.ecs.mesos.master;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A V1 framework for the web UI's showcase: launches {@code count} tasks, as many per offer as fit
 * ({@code perOffer} at most), acknowledges every update, then keeps a few offers (the UI shows them held) and
 * declines the others for an hour. Task {@code i} runs the task definition {@code definitions.apply(i)}.
 */
final class ShowcaseFramework implements AutoCloseable {
  final V1Client client;
  final String prefix;
  /** Tasks launched and not dropped at launch: a launch the master refuses or drops is made again. */
  final AtomicInteger launched = new AtomicInteger();
  private final AtomicInteger nextIndex = new AtomicInteger();
  /** When the framework got each terminal update (wall clock, ms): when the master said the task ended. */
  final java.util.Map<String, Long> endedAt = new java.util.concurrent.ConcurrentHashMap<>();
  private final int count;
  private final int perOffer;
  private final double cpus;
  private final double mem;
  private final IntFunction<String> definitions;
  private final Thread loop;
  /** Offers kept once every task is launched, so the UI shows offers held. */
  private static final int HELD = 10;
  private volatile boolean stop;
  private final List<Protos.Offer> held = new ArrayList<>();
  private volatile Protos.FrameworkID id;

  ShowcaseFramework(V1Client client, String name, String prefix, int count, int perOffer, double cpus, double mem,
      IntFunction<String> definitions) throws Exception {
    this.client = client;
    this.prefix = prefix;
    this.count = count;
    this.perOffer = perOffer;
    this.cpus = cpus;
    this.mem = mem;
    this.definitions = definitions;
    client.subscribe(MasterTestBase.subscribe(MasterTestBase.framework(name, 3600)));
    this.loop = new Thread(this::run, "showcase-" + name);
    loop.setDaemon(true);
    loop.start();
  }

  Protos.FrameworkID id() {
    return id;
  }

  private void run() {
    try {
      while (!stop) {
        Event e = client.take(200);
        if (e == null) {
          continue;
        }
        switch (e.getType()) {
          case SUBSCRIBED -> id = e.getSubscribed().getFrameworkId();
          case OFFERS -> offers(e.getOffers().getOffersList());
          case UPDATE -> {
            Protos.TaskStatus s = e.getUpdate().getStatus();
            if (s.getState() == Protos.TaskState.TASK_KILLED) {
              endedAt.putIfAbsent(s.getTaskId().getValue(), System.currentTimeMillis());
            }
            if (s.hasUuid()) {
              client.call(MasterTestBase.acknowledge(id, s));
            }
            if (s.getState() == Protos.TaskState.TASK_DROPPED || s.getState() == Protos.TaskState.TASK_LOST
                || s.getState() == Protos.TaskState.TASK_ERROR) {
              launched.decrementAndGet(); // its offer was gone: launched again from an offer held, or the next
              relaunch();
            }
          }
          default -> { }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void offers(List<Protos.Offer> offers) throws Exception {
    for (Protos.Offer offer : offers) {
      List<Protos.TaskInfo> tasks = new ArrayList<>();
      int fit = (int) Math.min(scalar(offer, "cpus") / cpus + 1e-9, scalar(offer, "mem") / mem + 1e-9);
      while (tasks.size() < Math.min(perOffer, fit) && launched.get() < count) {
        launched.incrementAndGet();
        int i = nextIndex.getAndIncrement();
        tasks.add(MasterTestBase.task(String.format("%s-%05d", prefix, i), offer, definitions.apply(i), cpus, mem)
            .toBuilder().setName(prefix + " " + (i % 7 == 0 ? "indexer" : i % 3 == 0 ? "worker" : "server")).build());
      }
      if (!tasks.isEmpty()) {
        int status = client.call(MasterTestBase.accept(id, offer, tasks.toArray(new Protos.TaskInfo[0])))
            .statusCode();
        if (status != 202) {
          launched.addAndGet(-tasks.size()); // refused at once: launched again
          relaunch();
        }
      } else if (held.size() < HELD) {
        held.add(offer);
      } else {
        // Done: the rest goes to the other frameworks, for an hour.
        client.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.DECLINE).setDecline(Call.Decline
            .newBuilder().addOfferIds(offer.getId()).setFilters(Protos.Filters.newBuilder().setRefuseSeconds(3600)))
            .build());
      }
    }
  }

  /** Launches what is missing from the offers held, and asks for offers again. */
  private void relaunch() throws Exception {
    List<Protos.Offer> offers = new ArrayList<>(held);
    held.clear();
    offers(offers);
    client.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.REVIVE).build());
  }

  private static double scalar(Protos.Offer offer, String name) {
    return offer.getResourcesList().stream().filter(r -> r.getName().equals(name))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }

  /** Kills one of its tasks. */
  void kill(String taskId) throws Exception {
    client.call(Call.newBuilder().setFrameworkId(id).setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))).build());
  }

  @Override
  public void close() {
    stop = true;
    loop.interrupt();
  }
}
