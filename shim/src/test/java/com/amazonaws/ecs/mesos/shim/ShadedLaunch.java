package com.amazonaws.ecs.mesos.shim;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.MesosNativeLibrary;
import org.apache.mesos.MesosSchedulerDriver;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;

/**
 * A minimal unmodified-style Mesos framework, run by {@link ShimShadedIT} in its own JVM with only the shaded
 * jar, slf4j-api and protobuf-java on the classpath: it loads the "native library", checks its version as
 * Marathon does, constructs {@code MesosSchedulerDriver}, launches one task on the first offer and exits 0
 * once the task is TASK_RUNNING and
 * the driver has stopped it. Uses nothing but the Mesos API and the JDK.
 *
 * <p>Arguments: master, task definition family.
 */
public final class ShadedLaunch {
  public static void main(String[] args) throws InterruptedException {
    String master = args[0];
    String family = args[1];
    MesosNativeLibrary.load();
    if (MesosNativeLibrary.version().before(new MesosNativeLibrary.Version(1, 5, 0))) {
      throw new IllegalStateException("Mesos version " + MesosNativeLibrary.version() + " is below 1.5.0");
    }
    CountDownLatch running = new CountDownLatch(1);
    Protos.FrameworkInfo framework = Protos.FrameworkInfo.newBuilder().setName("shaded-launch").setUser("").build();
    SchedulerDriver driver = new MesosSchedulerDriver(new LaunchOne(family, running), framework, master, true);
    driver.start();
    boolean reached = running.await(60, TimeUnit.SECONDS);
    driver.stop(); // the framework is done: its task is stopped on ECS
    System.out.println("driver " + driver.join());
    System.out.println(reached ? "RESULT TASK_RUNNING" : "RESULT TIMEOUT");
    System.exit(reached ? 0 : 1);
  }

  private static final class LaunchOne extends QuietScheduler {
    private final String family;
    private final CountDownLatch running;
    private final AtomicBoolean launched = new AtomicBoolean();

    LaunchOne(String family, CountDownLatch running) {
      this.family = family;
      this.running = running;
    }

    @Override
    public void registered(SchedulerDriver driver, Protos.FrameworkID frameworkId, Protos.MasterInfo masterInfo) {
      System.out.println("registered " + frameworkId.getValue() + " master version " + masterInfo.getVersion());
    }

    @Override
    public void resourceOffers(SchedulerDriver driver, List<Protos.Offer> offers) {
      for (Protos.Offer offer : offers) {
        if (!launched.compareAndSet(false, true)) {
          driver.declineOffer(offer.getId());
          continue;
        }
        Protos.TaskInfo task = Protos.TaskInfo.newBuilder()
            .setName("shaded task")
            .setTaskId(Protos.TaskID.newBuilder().setValue("shaded-1"))
            .setSlaveId(offer.getSlaveId())
            .addResources(scalar("cpus", 0.25))
            .addResources(scalar("mem", 64))
            .setCommand(Protos.CommandInfo.newBuilder().setValue(family))
            .build();
        System.out.println("launching on " + offer.getSlaveId().getValue() + ": "
            + driver.launchTasks(offer.getId(), Collections.singletonList(task)));
      }
    }

    private static Protos.Resource scalar(String name, double value) {
      return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
          .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }

    @Override
    public void statusUpdate(SchedulerDriver driver, Protos.TaskStatus status) {
      System.out.println("status " + status.getTaskId().getValue() + " " + status.getState() + " "
          + status.getMessage());
      if (status.getState() == Protos.TaskState.TASK_RUNNING) {
        running.countDown();
      }
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
      System.out.println("error " + message);
    }
  }
}
