package com.amazonaws.ecs.mesos.micrometer;

import com.amazonaws.ecs.mesos.DriverMetrics;
import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.mesos.Protos;

/**
 * Publishes what an {@link ECSSchedulerDriver} counts ({@link ECSSchedulerDriver#metrics()}) as Micrometer
 * meters:
 *
 * <pre>{@code
 * ECSSchedulerDriver driver = new ECSSchedulerDriver(scheduler, framework, "ecs://my-cluster");
 * new EcsSchedulerDriverMetrics(driver, Tags.of("framework", "marathon")).bindTo(registry);
 * }</pre>
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Name</th><th>Type</th><th>Tags</th><th>What</th></tr>
 * <tr><td>{@code ecs.scheduler.driver.ecs.calls}</td><td>function counter</td><td>{@code action},
 *   {@code outcome}</td><td>ECS and EC2 call attempts ({@link #ACTIONS} × {@link #OUTCOMES})</td></tr>
 * <tr><td>{@code ecs.scheduler.driver.retries}</td><td>function counter</td><td></td><td>attempts made again
 *   after a failure</td></tr>
 * <tr><td>{@code ecs.scheduler.driver.offers}</td><td>function counter</td><td>{@code event}: made, declined,
 *   rescinded, accepted</td><td>offers</td></tr>
 * <tr><td>{@code ecs.scheduler.driver.tasks.launched}</td><td>function counter</td><td></td><td>tasks sent to
 *   ECS (RunTask or StartTask)</td></tr>
 * <tr><td>{@code ecs.scheduler.driver.status.updates}</td><td>function counter</td><td>{@code state}</td>
 *   <td>status updates delivered to the framework, by Mesos task state</td></tr>
 * <tr><td>{@code ecs.scheduler.driver.tasks}</td><td>gauge</td><td>{@code state}</td><td>the framework's live
 *   tasks by latest state</td></tr>
 * <tr><td>{@code ecs.scheduler.driver.loop.queue}</td><td>gauge</td><td></td><td>commands waiting for the
 *   driver's loop thread</td></tr>
 * <tr><td>{@code ecs.scheduler.driver.status.latency}</td><td>gauge, milliseconds (base unit {@code ms})</td>
 *   <td>{@code quantile}: 0.5, 0.99</td><td>from ECS's timestamp of a change to the driver's update for it,
 *   over the driver's life; NaN until one is recorded</td></tr>
 * </table>
 *
 * <p>Every meter exists from {@link #bindTo} on, with value 0 until the driver counts something, so dashboards
 * and alerts need no "absent" handling. Actions the driver may add later, beyond {@link #ACTIONS}, are not
 * published.
 *
 * <p>A scrape reads about a hundred meters; they share one snapshot of the driver's metrics, taken again only
 * when the previous one is older than one second. Values may therefore lag the driver by up to a second.
 *
 * <p>The registry keeps the binder, and through it the driver's metrics source, reachable: callers need not
 * hold on to this object after {@code bindTo}, and should remove the meters from the registry if the driver is
 * discarded while the registry lives on.
 */
public final class EcsSchedulerDriverMetrics implements MeterBinder {

  /** The ECS and EC2 actions the driver calls, in the {@code action} tag. */
  public static final List<String> ACTIONS = Collections.unmodifiableList(Arrays.asList(
      "RunTask", "StartTask", "StopTask", "DescribeTasks", "ListTasks", "DescribeContainerInstances",
      "ListContainerInstances", "DescribeTaskDefinition", "RegisterTaskDefinition", "DescribeClusters",
      "DescribeInstances"));

  /** Call outcomes, in the {@code outcome} tag (see {@link DriverMetrics}). */
  public static final List<String> OUTCOMES = Collections.unmodifiableList(Arrays.asList(
      "ok", "throttled", "server_error", "no_answer", "rejected", "cluster_not_found", "other"));

  private static final String PREFIX = "ecs.scheduler.driver.";
  private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Snapshots snapshots;
  private final Tags tags;

  /** Meters for {@code driver}, without extra tags. */
  public EcsSchedulerDriverMetrics(ECSSchedulerDriver driver) {
    this(driver, Tags.empty());
  }

  /** Meters for {@code driver}, each carrying {@code tags} (e.g. the framework's or the cluster's name). */
  public EcsSchedulerDriverMetrics(ECSSchedulerDriver driver, Iterable<Tag> tags) {
    this(metricsOf(driver), tags);
  }

  /**
   * Meters over any source of {@link DriverMetrics} snapshots (another driver, a test), each carrying
   * {@code tags}. {@code metrics} is called at most once a second, from whichever thread reads a meter.
   */
  public EcsSchedulerDriverMetrics(Supplier<DriverMetrics> metrics, Iterable<Tag> tags) {
    this(metrics, tags, System::nanoTime);
  }

  /** With the clock (in nanoseconds, like {@link System#nanoTime()}) that ages the snapshot: for tests. */
  EcsSchedulerDriverMetrics(Supplier<DriverMetrics> metrics, Iterable<Tag> tags, LongSupplier nanoClock) {
    if (metrics == null) {
      throw new NullPointerException("metrics");
    }
    if (nanoClock == null) {
      throw new NullPointerException("nanoClock");
    }
    this.snapshots = new Snapshots(metrics, nanoClock);
    this.tags = Tags.of(tags == null ? Tags.empty() : tags);
  }

  private static Supplier<DriverMetrics> metricsOf(final ECSSchedulerDriver driver) {
    if (driver == null) {
      throw new NullPointerException("driver");
    }
    return driver::metrics;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (final String action : ACTIONS) {
      for (final String outcome : OUTCOMES) {
        counter(registry, "ecs.calls", "ECS and EC2 call attempts by action and outcome",
            tags.and("action", action, "outcome", outcome), null, m -> {
              Map<String, Long> byOutcome = m.ecsCalls().get(action);
              Long n = byOutcome == null ? null : byOutcome.get(outcome);
              return n == null ? 0 : n;
            });
      }
    }
    counter(registry, "retries", "ECS and EC2 call attempts made again after a failure", tags, null,
        DriverMetrics::retries);
    counter(registry, "offers", "Offers by event: made to the framework, declined, rescinded, accepted",
        tags.and("event", "made"), null, DriverMetrics::offersMade);
    counter(registry, "offers", "Offers by event: made to the framework, declined, rescinded, accepted",
        tags.and("event", "declined"), null, DriverMetrics::offersDeclined);
    counter(registry, "offers", "Offers by event: made to the framework, declined, rescinded, accepted",
        tags.and("event", "rescinded"), null, DriverMetrics::offersRescinded);
    counter(registry, "offers", "Offers by event: made to the framework, declined, rescinded, accepted",
        tags.and("event", "accepted"), null, DriverMetrics::offersAccepted);
    counter(registry, "tasks.launched", "Tasks sent to ECS (RunTask or StartTask)", tags, BaseUnits.TASKS,
        DriverMetrics::tasksLaunched);
    for (Protos.TaskState state : Protos.TaskState.values()) {
      final String name = state.name();
      counter(registry, "status.updates", "Status updates delivered to the framework, by task state",
          tags.and("state", name), null, m -> {
            Long n = m.statusUpdates().get(name);
            return n == null ? 0 : n;
          });
      gauge(registry, "tasks", "The framework's live tasks by latest state, as of the last status sweep",
          tags.and("state", name), BaseUnits.TASKS, m -> {
            Integer n = m.tasksByState().get(name);
            return n == null ? 0 : n;
          });
    }
    gauge(registry, "loop.queue", "Commands waiting for the driver's loop thread", tags, null,
        DriverMetrics::loopQueueDepth);
    for (final double q : new double[] {0.5, 0.99}) {
      gauge(registry, "status.latency",
          "Time from ECS's timestamp of a task change to the driver's status update for it, at a quantile "
              + "over the driver's life; NaN until one is recorded",
          tags.and("quantile", Double.toString(q)), BaseUnits.MILLISECONDS, m -> {
            // DriverMetrics says -1 for "none recorded"; to a metrics system that is a value, NaN is not.
            return m.statusLatencyCount() == 0 ? Double.NaN : m.statusLatencyMillis(q);
          });
    }
  }

  private void counter(MeterRegistry registry, String name, String description, Tags meterTags, String baseUnit,
      final ToDoubleFunction<DriverMetrics> read) {
    // Micrometer holds a function counter's object weakly; the function holds the snapshots strongly, so the
    // meters keep working when the caller drops this binder after bindTo (the usual one-liner).
    final Snapshots s = snapshots;
    FunctionCounter.builder(PREFIX + name, s, ignored -> read.applyAsDouble(s.get()))
        .description(description).baseUnit(baseUnit).tags(meterTags).register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String description, Tags meterTags, String baseUnit,
      final ToDoubleFunction<DriverMetrics> read) {
    final Snapshots s = snapshots; // held strongly by the function, as for counters
    Gauge.builder(PREFIX + name, s, ignored -> read.applyAsDouble(s.get()))
        .description(description).baseUnit(baseUnit).tags(meterTags).register(registry);
  }

  /** The latest snapshot, taken again when older than a second. */
  static final class Snapshots {
    private final Supplier<DriverMetrics> source;
    private final LongSupplier nanoClock;
    private DriverMetrics latest;
    private long takenAt;

    Snapshots(Supplier<DriverMetrics> source, LongSupplier nanoClock) {
      this.source = source;
      this.nanoClock = nanoClock;
    }

    synchronized DriverMetrics get() {
      long now = nanoClock.getAsLong();
      if (latest == null || now - takenAt >= MAX_AGE_NANOS) {
        DriverMetrics m = source.get();
        if (m == null) {
          throw new IllegalStateException("the metrics source returned null");
        }
        latest = m;
        takenAt = now;
      }
      return latest;
    }
  }
}
