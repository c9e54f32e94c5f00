package com.amazonaws.ecs.mesos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;

/**
 * A Scheduler that records every callback in order (thread-safe), notes whether two callbacks ever ran at
 * the same time, and lets a test act from inside callbacks through hooks.
 */
public final class RecordingScheduler implements Scheduler {

  /** One callback: its name and arguments. */
  public record Event(String name, Object arg, Thread thread) {}

  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger overlaps = new AtomicInteger();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  public volatile BiConsumer<SchedulerDriver, List<Protos.Offer>> onOffers = (d, o) -> { };
  public volatile BiConsumer<SchedulerDriver, Protos.TaskStatus> onStatus = (d, s) -> { };
  public volatile BiConsumer<SchedulerDriver, Protos.FrameworkID> onRegistered = (d, id) -> { };
  public volatile BiConsumer<SchedulerDriver, String> onError = (d, m) -> { };

  private void record(String name, Object arg, Runnable hook) {
    if (inside.incrementAndGet() > 1) {
      overlaps.incrementAndGet();
    }
    try {
      threads.add(Thread.currentThread());
      events.add(new Event(name, arg, Thread.currentThread()));
      hook.run();
    } finally {
      inside.decrementAndGet();
    }
  }

  @Override
  public void registered(SchedulerDriver driver, Protos.FrameworkID frameworkId, Protos.MasterInfo masterInfo) {
    record("registered", List.of(frameworkId, masterInfo), () -> onRegistered.accept(driver, frameworkId));
  }

  @Override
  public void reregistered(SchedulerDriver driver, Protos.MasterInfo masterInfo) {
    record("reregistered", masterInfo, () -> { });
  }

  @Override
  public void resourceOffers(SchedulerDriver driver, List<Protos.Offer> offers) {
    record("resourceOffers", List.copyOf(offers), () -> onOffers.accept(driver, offers));
  }

  @Override
  public void offerRescinded(SchedulerDriver driver, Protos.OfferID offerId) {
    record("offerRescinded", offerId, () -> { });
  }

  @Override
  public void statusUpdate(SchedulerDriver driver, Protos.TaskStatus status) {
    record("statusUpdate", status, () -> onStatus.accept(driver, status));
  }

  @Override
  public void frameworkMessage(SchedulerDriver driver, Protos.ExecutorID executorId, Protos.SlaveID slaveId,
      byte[] data) {
    record("frameworkMessage", data, () -> { });
  }

  @Override
  public void disconnected(SchedulerDriver driver) {
    record("disconnected", null, () -> { });
  }

  @Override
  public void slaveLost(SchedulerDriver driver, Protos.SlaveID slaveId) {
    record("slaveLost", slaveId, () -> { });
  }

  @Override
  public void executorLost(SchedulerDriver driver, Protos.ExecutorID executorId, Protos.SlaveID slaveId,
      int status) {
    record("executorLost", executorId, () -> { });
  }

  @Override
  public void error(SchedulerDriver driver, String message) {
    record("error", message, () -> onError.accept(driver, message));
  }

  // ---- queries

  public List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  public List<String> names() {
    return events().stream().map(Event::name).toList();
  }

  public int count(String name) {
    return (int) events().stream().filter(e -> e.name().equals(name)).count();
  }

  public boolean has(String name) {
    return count(name) > 0;
  }

  @SuppressWarnings("unchecked")
  public <T> List<T> args(String name) {
    return events().stream().filter(e -> e.name().equals(name)).map(e -> (T) e.arg()).toList();
  }

  public List<Protos.Offer> offers() {
    List<List<Protos.Offer>> batches = args("resourceOffers");
    return batches.stream().flatMap(List::stream).toList();
  }

  public List<Protos.TaskStatus> statuses() {
    return args("statusUpdate");
  }

  public List<Protos.TaskStatus> statuses(String taskId) {
    return statuses().stream().filter(s -> s.getTaskId().getValue().equals(taskId)).toList();
  }

  public List<Protos.TaskState> states(String taskId) {
    return statuses(taskId).stream().map(Protos.TaskStatus::getState).toList();
  }

  public Protos.TaskStatus last(String taskId) {
    List<Protos.TaskStatus> s = statuses(taskId);
    return s.isEmpty() ? null : s.get(s.size() - 1);
  }

  public Protos.FrameworkID frameworkId() {
    List<List<Object>> r = args("registered");
    return r.isEmpty() ? null : (Protos.FrameworkID) r.get(0).get(0);
  }

  public Protos.MasterInfo masterInfo() {
    List<List<Object>> r = args("registered");
    return r.isEmpty() ? null : (Protos.MasterInfo) r.get(0).get(1);
  }

  /** How many times a callback started while another was still running (must stay 0). */
  public int overlaps() {
    return overlaps.get();
  }

  public Set<Thread> threads() {
    return Set.copyOf(threads);
  }
}
