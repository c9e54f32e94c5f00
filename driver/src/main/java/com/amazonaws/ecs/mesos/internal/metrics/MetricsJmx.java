package com.amazonaws.ecs.mesos.internal.metrics;

import com.amazonaws.ecs.mesos.DriverMetrics;
import com.amazonaws.ecs.mesos.DriverMetricsMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a driver's metrics as a {@link DriverMetricsMXBean} on the platform MBean server. Failing to
 * register (a locked-down MBean server) costs the metrics, never the driver: it is logged and ignored.
 */
public final class MetricsJmx implements DriverMetricsMXBean {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsJmx.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Supplier<DriverMetrics> metrics;

  private MetricsJmx(Supplier<DriverMetrics> metrics) {
    this.metrics = metrics;
  }

  /** A registration to undo when the driver stops. */
  public interface Registration {
    void unregister();
  }

  /** Registers the driver's metrics; the name says which framework and which driver of this JVM. */
  public static Registration register(String frameworkName, Supplier<DriverMetrics> metrics) {
    final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    final ObjectName name;
    try {
      name = new ObjectName("com.amazonaws.ecs.mesos:type=ECSSchedulerDriver,framework="
          + ObjectName.quote(frameworkName) + ",instance=" + INSTANCES.incrementAndGet());
      server.registerMBean(new StandardMBean(new MetricsJmx(metrics), DriverMetricsMXBean.class, true), name);
    } catch (JMException | RuntimeException e) {
      LOG.warn("Driver metrics are not available over JMX: {}", e.toString());
      return () -> { };
    }
    LOG.debug("Driver metrics registered over JMX as {}", name);
    return () -> {
      try {
        server.unregisterMBean(name);
      } catch (JMException | RuntimeException e) {
        LOG.debug("Unregistering {} failed: {}", name, e.toString());
      }
    };
  }

  @Override
  public long getEcsCallsTotal() {
    return metrics.get().ecsCallsTotal();
  }

  @Override
  public Map<String, Long> getEcsCallsByAction() {
    DriverMetrics m = metrics.get();
    Map<String, Long> out = new TreeMap<>();
    for (String action : m.ecsCalls().keySet()) {
      out.put(action, m.ecsCalls(action));
    }
    return out;
  }

  @Override
  public long getThrottled() {
    return metrics.get().throttled();
  }

  @Override
  public long getRetries() {
    return metrics.get().retries();
  }

  @Override
  public long getOffersMade() {
    return metrics.get().offersMade();
  }

  @Override
  public long getOffersDeclined() {
    return metrics.get().offersDeclined();
  }

  @Override
  public long getOffersRescinded() {
    return metrics.get().offersRescinded();
  }

  @Override
  public long getOffersAccepted() {
    return metrics.get().offersAccepted();
  }

  @Override
  public long getTasksLaunched() {
    return metrics.get().tasksLaunched();
  }

  @Override
  public Map<String, Long> getStatusUpdates() {
    return metrics.get().statusUpdates();
  }

  @Override
  public Map<String, Integer> getTasksByState() {
    return metrics.get().tasksByState();
  }

  @Override
  public double getStatusLatencyP50Millis() {
    return metrics.get().statusLatencyMillis(0.5);
  }

  @Override
  public double getStatusLatencyP99Millis() {
    return metrics.get().statusLatencyMillis(0.99);
  }

  @Override
  public int getLoopQueueDepth() {
    return metrics.get().loopQueueDepth();
  }
}
