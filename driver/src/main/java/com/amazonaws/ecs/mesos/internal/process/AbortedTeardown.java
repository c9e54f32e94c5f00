package com.amazonaws.ecs.mesos.internal.process;

import com.amazonaws.ecs.mesos.internal.cluster.EcsConnection;
import com.amazonaws.ecs.mesos.internal.config.DriverConfig;
import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.internal.metrics.MetricsRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stop(false)} after {@code abort()}: Mesos's driver still unregisters the framework then, which
 * kills its tasks. An aborted driver has already released its loop, threads and clients, so this stops the
 * tasks it knew to run at the abort through a connection of its own, on a thread of its own, and releases
 * that too. {@code join()} waits for it.
 */
final class AbortedTeardown {
  private static final Logger LOG = LoggerFactory.getLogger(AbortedTeardown.class);

  /** An ECS task the aborted driver knew to be live. */
  static final class LiveTask {
    final String taskId;
    final String arn;
    final String agentId;

    LiveTask(String taskId, String arn, String agentId) {
      this.taskId = taskId;
      this.arn = arn;
      this.agentId = agentId;
    }
  }

  private final DriverConfig config;
  private final String threadPrefix;
  private final List<LiveTask> live;
  private final String reason;
  private final CountDownLatch done = new CountDownLatch(1);

  AbortedTeardown(DriverConfig config, String threadPrefix, List<LiveTask> live, String reason) {
    this.config = config;
    this.threadPrefix = threadPrefix;
    this.live = live;
    this.reason = reason;
  }

  void start() {
    Thread t = new Thread(this::run, threadPrefix + "-teardown");
    t.setDaemon(true);
    t.start();
  }

  /** Waits until every StopTask has been answered (or given up). */
  void await() throws InterruptedException {
    done.await();
  }

  private void run() {
    EcsConnection connection = null;
    try {
      if (live.isEmpty()) {
        return;
      }
      LOG.info("Stopping the {} task(s) the aborted driver knew to be live", live.size());
      connection = EcsConnection.executors(threadPrefix + "-teardown", config.ioThreads)
          .open(config, new MetricsRecorder());
      List<CompletableFuture<?>> stops = new ArrayList<>();
      for (final LiveTask t : live) {
        stops.add(connection.gateway().stopTask(t.arn, reason).handle((task, error) -> {
          if (error != null) {
            LOG.warn("Left running: task {} (ECS {}, agent {}): StopTask failed: {}", t.taskId, t.arn, t.agentId,
                EcsErrors.describe(error));
          }
          return null;
        }));
      }
      // At ECS's 40 StopTask per second, plus the time the calls' own retries may take.
      long budgetMillis = config.teardownTimeout.toMillis() + live.size() * 25L;
      CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0])).get(budgetMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("Teardown after abort gave up after its time; StopTask calls without answer may have left tasks "
          + "running");
    } catch (Exception e) {
      LOG.warn("Teardown after abort failed: {}", EcsErrors.describe(e));
    } finally {
      if (connection != null) {
        connection.close();
      }
      done.countDown();
    }
  }
}
