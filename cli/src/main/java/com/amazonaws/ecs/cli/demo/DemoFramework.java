package com.amazonaws.ecs.cli.demo;

import com.amazonaws.ecs.cli.mesos.OfferSpace;
import com.amazonaws.ecs.cli.mesos.QuietScheduler;
import com.amazonaws.ecs.cli.mesos.TaskStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;

/**
 * The demo's Mesos framework, a real {@link Scheduler}: like Marathon it keeps {@value #SERVICE_INSTANCES}
 * instances of {@code nginx:2} running, each taking host port 80 from its offer (so no two share an agent),
 * and replaces one that ends; like Chronos it runs a batch of {@value #JOBS} {@code sleep360:1} jobs, at most
 * {@value #JOBS_AT_ONCE} at a time. Offers it has no use for are declined for a second; when it needs room
 * again (a replacement, the next job) it revives offers.
 *
 * <p>Callbacks run on the driver's thread; {@link #killOneService} is called from the demo's script thread,
 * hence the lock.
 */
final class DemoFramework extends QuietScheduler {
    static final int SERVICE_INSTANCES = 2;
    static final int JOBS = 8;
    static final int JOBS_AT_ONCE = 2;
    static final double SERVICE_CPUS = 0.1;
    static final double SERVICE_MEM = 100;
    static final long SERVICE_PORT = 80;
    static final double JOB_CPUS = 0.25;
    static final double JOB_MEM = 64;
    private static final Protos.Filters BRIEFLY = Protos.Filters.newBuilder().setRefuseSeconds(1).build();

    private final DemoBoard board;
    /** Live (not terminal) tasks by ID, with their task definition. */
    private final Map<String, String> live = new LinkedHashMap<>();
    private int services;
    private int jobsLaunched;

    DemoFramework(DemoBoard board) {
        this.board = board;
    }

    @Override
    public void registered(SchedulerDriver driver, Protos.FrameworkID frameworkId, Protos.MasterInfo masterInfo) {
        board.event("registered: framework " + frameworkId.getValue() + ", master " + masterInfo.getId()
                + " (version " + masterInfo.getVersion() + ")");
    }

    @Override
    public void reregistered(SchedulerDriver driver, Protos.MasterInfo masterInfo) {
        board.event("re-registered");
    }

    @Override
    public synchronized void resourceOffers(SchedulerDriver driver, List<Protos.Offer> offers) {
        int used = 0;
        for (Protos.Offer offer : offers) {
            OfferSpace space = new OfferSpace(offer);
            List<Protos.TaskInfo> tasks = new ArrayList<>();
            while (liveOf(SeedTaskDefinitions.NGINX) < SERVICE_INSTANCES && addTo(tasks,
                    space.carve("nginx-" + (services + 1), "nginx", SeedTaskDefinitions.NGINX, SERVICE_CPUS,
                            SERVICE_MEM, List.of(SERVICE_PORT)))) {
                services++;
            }
            while (jobsLaunched < JOBS && liveOf(SeedTaskDefinitions.SLEEP) < JOBS_AT_ONCE && addTo(tasks,
                    space.carve("job-" + (jobsLaunched + 1), "sleep360 job", SeedTaskDefinitions.SLEEP, JOB_CPUS,
                            JOB_MEM, List.of()))) {
                jobsLaunched++;
            }
            if (tasks.isEmpty()) {
                driver.declineOffer(offer.getId(), BRIEFLY);
                continue;
            }
            used++;
            for (Protos.TaskInfo t : tasks) {
                board.launched(t.getTaskId().getValue(), t.getCommand().getValue(), offer.getSlaveId().getValue());
            }
            driver.launchTasks(List.of(offer.getId()), tasks, BRIEFLY);
        }
        board.offers(offers.size(), used, offers.size() - used);
    }

    private boolean addTo(List<Protos.TaskInfo> tasks, Optional<Protos.TaskInfo> task) {
        task.ifPresent(t -> {
            tasks.add(t);
            live.put(t.getTaskId().getValue(), t.getCommand().getValue());
        });
        return task.isPresent();
    }

    private long liveOf(String taskDefinition) {
        return live.values().stream().filter(taskDefinition::equals).count();
    }

    @Override
    public synchronized void statusUpdate(SchedulerDriver driver, Protos.TaskStatus status) {
        board.status(status);
        if (TaskStates.isTerminal(status.getState()) && live.remove(status.getTaskId().getValue()) != null) {
            boolean needRoom = liveOf(SeedTaskDefinitions.NGINX) < SERVICE_INSTANCES || jobsLaunched < JOBS;
            if (needRoom) {
                driver.reviveOffers(); // the offers declined a moment ago may be what we need now
            }
        }
    }

    /** Kills the oldest RUNNING nginx, as an operator would with Marathon's kill-and-scale; returns its ID. */
    synchronized Optional<String> killOneService(SchedulerDriver driver, List<DemoBoard.TaskRow> tasks) {
        for (DemoBoard.TaskRow row : tasks) {
            if (row.taskDefinition().equals(SeedTaskDefinitions.NGINX) && row.state() == TaskState.TASK_RUNNING
                    && live.containsKey(row.id())) {
                board.event("kill " + row.id());
                driver.killTask(Protos.TaskID.newBuilder().setValue(row.id()).build());
                return Optional.of(row.id());
            }
        }
        return Optional.empty();
    }

    /** The launch number in a task ID: 3 for {@code nginx-3}. */
    static int sequence(String taskId) {
        return Integer.parseInt(taskId.substring(taskId.lastIndexOf('-') + 1));
    }

    @Override
    public void disconnected(SchedulerDriver driver) {
        board.event("disconnected");
    }

    @Override
    public void slaveLost(SchedulerDriver driver, Protos.SlaveID slaveId) {
        board.event("agent lost: " + slaveId.getValue());
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
        board.event("driver error: " + message);
    }
}
