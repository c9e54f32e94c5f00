package com.amazonaws.ecs.cli.run;

import com.amazonaws.ecs.cli.mesos.OfferSpace;
import com.amazonaws.ecs.cli.mesos.QuietScheduler;
import com.amazonaws.ecs.cli.mesos.TaskStates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;

/**
 * A one-shot framework: launches {@code instances} tasks of one task definition, each once, on the offers
 * that fit them, and is done when every task reached a final state (or the driver reported {@code error()}).
 * Progress goes to {@code progress} as lines; callbacks run on the driver's thread, the rest reads snapshots.
 */
final class BatchFramework extends QuietScheduler {
    /** Once all tasks are placed, offers are declined for long; while waiting, briefly, to see new space soon. */
    private static final Protos.Filters DONE = Protos.Filters.newBuilder().setRefuseSeconds(3600).build();
    private static final Protos.Filters WAITING = Protos.Filters.newBuilder().setRefuseSeconds(1).build();

    private final String taskDefinition;
    private final TaskShape shape;
    private final int instances;
    private final String idPrefix;
    private final Consumer<String> progress;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Map<String, Protos.TaskStatus> last = new LinkedHashMap<>();
    private int launched;
    private volatile String error;

    BatchFramework(String taskDefinition, TaskShape shape, int instances, String idPrefix, Consumer<String> progress) {
        this.taskDefinition = taskDefinition;
        this.shape = shape;
        this.instances = instances;
        this.idPrefix = idPrefix;
        this.progress = progress;
    }

    /** Waits until all tasks ended or the driver failed; false on timeout. */
    boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The driver's {@code error()} message, if it reported one. */
    String error() {
        return error;
    }

    /** The latest status of each launched task, in launch order. */
    synchronized List<Protos.TaskStatus> statuses() {
        return List.copyOf(last.values());
    }

    synchronized int launched() {
        return launched;
    }

    @Override
    public void registered(SchedulerDriver driver, Protos.FrameworkID frameworkId, Protos.MasterInfo masterInfo) {
        progress.accept("registered as framework " + frameworkId.getValue() + " with " + masterInfo.getId());
    }

    @Override
    public void reregistered(SchedulerDriver driver, Protos.MasterInfo masterInfo) {
        progress.accept("re-registered: ECS answers again");
    }

    @Override
    public void resourceOffers(SchedulerDriver driver, List<Protos.Offer> offers) {
        for (Protos.Offer offer : offers) {
            OfferSpace space = new OfferSpace(offer);
            List<Protos.TaskInfo> tasks = new ArrayList<>();
            synchronized (this) {
                while (launched < instances) {
                    String id = idPrefix + "-" + (launched + 1);
                    var task = space.carve(id, id, taskDefinition, shape.cpus(), shape.mem(), shape.ports());
                    if (task.isEmpty()) {
                        break;
                    }
                    tasks.add(task.get());
                    last.put(id, Protos.TaskStatus.newBuilder().setTaskId(task.get().getTaskId())
                            .setState(TaskState.TASK_STAGING).build());
                    launched++;
                }
            }
            if (tasks.isEmpty()) {
                driver.declineOffer(offer.getId(), launched() < instances ? WAITING : DONE);
                continue;
            }
            for (Protos.TaskInfo t : tasks) {
                progress.accept(t.getTaskId().getValue() + " launched on agent " + offer.getSlaveId().getValue()
                        + " (" + offer.getHostname() + ")");
            }
            driver.launchTasks(List.of(offer.getId()), tasks, launched() < instances ? WAITING : DONE);
        }
        if (launched() >= instances) {
            driver.suppressOffers();
        }
    }

    @Override
    public void statusUpdate(SchedulerDriver driver, Protos.TaskStatus status) {
        String id = status.getTaskId().getValue();
        boolean allDone;
        synchronized (this) {
            Protos.TaskStatus previous = last.get(id);
            if (previous == null || TaskStates.isTerminal(previous.getState())) {
                return; // not ours, or a resent update of a task that already ended
            }
            last.put(id, status);
            allDone = launched == instances && last.values().stream().allMatch(s -> TaskStates.isTerminal(s.getState()));
        }
        progress.accept(id + " " + status.getState() + (status.getMessage().isEmpty() ? "" : ": " + status.getMessage()));
        if (allDone) {
            done.countDown();
        }
    }

    @Override
    public void disconnected(SchedulerDriver driver) {
        progress.accept("disconnected: ECS is not answering; waiting");
    }

    @Override
    public void slaveLost(SchedulerDriver driver, Protos.SlaveID slaveId) {
        progress.accept("agent " + slaveId.getValue() + " lost");
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
        error = message;
        done.countDown();
    }
}
