package com.amazonaws.ecs.mesos.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.mesos.DriverMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.mesos.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** The binding over hand-built snapshots, in a SimpleMeterRegistry. */
class EcsSchedulerDriverMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final AtomicInteger calls = new AtomicInteger();

  /** Latency counts: below 16 ms the histogram's buckets are exact, bucket i holding i ms. */
  private static long[] latencies(int... millis) {
    long[] counts = new long[16];
    for (int ms : millis) {
      counts[ms]++;
    }
    return counts;
  }

  private static DriverMetrics sample() {
    return new DriverMetrics(
        Map.of("StartTask", Map.of("ok", 3L, "throttled", 2L), "DescribeTasks", Map.of("ok", 40L)),
        2, 10, 4, 1, 3, 3,
        Map.of("TASK_RUNNING", 3L, "TASK_FINISHED", 1L),
        Map.of("TASK_RUNNING", 2, "TASK_STAGING", 1),
        latencies(3, 5, 5, 12), 7);
  }

  private static DriverMetrics empty() {
    return new DriverMetrics(Map.of(), 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), latencies(), 0);
  }

  private void bind(Supplier<DriverMetrics> snapshots, Tags tags) {
    new EcsSchedulerDriverMetrics(() -> {
      calls.incrementAndGet();
      return snapshots.get();
    }, tags, nanos::get).bindTo(registry);
  }

  private double counter(String name, String... tags) {
    return registry.get("ecs.scheduler.driver." + name).tags(tags).functionCounter().count();
  }

  private double gauge(String name, String... tags) {
    return registry.get("ecs.scheduler.driver." + name).tags(tags).gauge().value();
  }

  @Test
  void countersAndGaugesShowTheSnapshot() {
    bind(EcsSchedulerDriverMetricsTest::sample, Tags.empty());

    assertThat(counter("ecs.calls", "action", "StartTask", "outcome", "ok")).isEqualTo(3);
    assertThat(counter("ecs.calls", "action", "StartTask", "outcome", "throttled")).isEqualTo(2);
    assertThat(counter("ecs.calls", "action", "DescribeTasks", "outcome", "ok")).isEqualTo(40);
    assertThat(counter("retries")).isEqualTo(2);
    assertThat(counter("offers", "event", "made")).isEqualTo(10);
    assertThat(counter("offers", "event", "declined")).isEqualTo(4);
    assertThat(counter("offers", "event", "rescinded")).isEqualTo(1);
    assertThat(counter("offers", "event", "accepted")).isEqualTo(3);
    assertThat(counter("tasks.launched")).isEqualTo(3);
    assertThat(counter("status.updates", "state", "TASK_RUNNING")).isEqualTo(3);
    assertThat(counter("status.updates", "state", "TASK_FINISHED")).isEqualTo(1);
    assertThat(gauge("tasks", "state", "TASK_RUNNING")).isEqualTo(2);
    assertThat(gauge("tasks", "state", "TASK_STAGING")).isEqualTo(1);
    assertThat(gauge("loop.queue")).isEqualTo(7);
    assertThat(gauge("status.latency", "quantile", "0.5")).isEqualTo(5);
    assertThat(gauge("status.latency", "quantile", "0.99")).isEqualTo(12);
  }

  @Test
  void everyMeterExistsBeforeTheFirstCallWithValueZero() {
    bind(EcsSchedulerDriverMetricsTest::empty, Tags.empty());

    for (String action : EcsSchedulerDriverMetrics.ACTIONS) {
      for (String outcome : EcsSchedulerDriverMetrics.OUTCOMES) {
        assertThat(counter("ecs.calls", "action", action, "outcome", outcome)).as(action + " " + outcome).isZero();
      }
    }
    for (TaskState state : TaskState.values()) {
      assertThat(counter("status.updates", "state", state.name())).isZero();
      assertThat(gauge("tasks", "state", state.name())).isZero();
    }
    assertThat(registry.get("ecs.scheduler.driver.ecs.calls").functionCounters()).hasSize(11 * 7);
    assertThat(registry.get("ecs.scheduler.driver.offers").functionCounters()).hasSize(4);
    assertThat(registry.get("ecs.scheduler.driver.status.updates").functionCounters())
        .hasSize(TaskState.values().length);
    assertThat(registry.get("ecs.scheduler.driver.tasks").gauges()).hasSize(TaskState.values().length);
    assertThat(counter("retries")).isZero();
    assertThat(counter("tasks.launched")).isZero();
    assertThat(gauge("loop.queue")).isZero();
  }

  @Test
  void latencyIsNaNNotMinusOneWhenNoneRecorded() {
    bind(EcsSchedulerDriverMetricsTest::empty, Tags.empty());

    assertThat(gauge("status.latency", "quantile", "0.5")).isNaN();
    assertThat(gauge("status.latency", "quantile", "0.99")).isNaN();
    Gauge p99 = registry.get("ecs.scheduler.driver.status.latency").tag("quantile", "0.99").gauge();
    assertThat(p99.getId().getBaseUnit()).isEqualTo(BaseUnits.MILLISECONDS).isEqualTo("ms");
  }

  @Test
  void commonTagsAreOnEveryMeter() {
    bind(EcsSchedulerDriverMetricsTest::sample, Tags.of("framework", "marathon", "cluster", "prod"));

    assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> assertThat(m.getId().getTags())
        .contains(io.micrometer.core.instrument.Tag.of("framework", "marathon"),
            io.micrometer.core.instrument.Tag.of("cluster", "prod")));
    assertThat(counter("ecs.calls", "framework", "marathon", "action", "StartTask", "outcome", "ok"))
        .isEqualTo(3);
    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getName())
        .startsWith("ecs.scheduler.driver."));
  }

  @Test
  void aScrapeTakesOneSnapshotAndANewOneOnlyAfterASecond() {
    AtomicLong retries = new AtomicLong(1);
    bind(() -> new DriverMetrics(Map.of(), retries.get(), 0, 0, 0, 0, 0, Map.of(), Map.of(), latencies(), 0),
        Tags.empty());

    for (Meter m : registry.getMeters()) {
      m.measure().forEach(ms -> ms.getValue());
    }
    assertThat(registry.getMeters()).hasSizeGreaterThan(100);
    assertThat(calls).hasValue(1);

    retries.set(5);
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
    assertThat(counter("retries")).as("a snapshot 999 ms old is still used").isEqualTo(1);
    assertThat(calls).hasValue(1);

    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(counter("retries")).as("a snapshot a second old is taken again").isEqualTo(5);
    assertThat(counter("tasks.launched")).isZero();
    assertThat(calls).hasValue(2);
  }

  @Test
  void metersKeepWorkingWhenTheCallerDropsTheBinder() {
    // The usual one-liner keeps no reference to the binder; Micrometer holds function counters' objects weakly.
    new EcsSchedulerDriverMetrics(EcsSchedulerDriverMetricsTest::sample, Tags.empty()).bindTo(registry);
    System.gc();
    System.gc();

    FunctionCounter launched = registry.get("ecs.scheduler.driver.tasks.launched").functionCounter();
    assertThat(launched.count()).isEqualTo(3);
    assertThat(gauge("loop.queue")).isEqualTo(7);
  }
}
