package com.amazonaws.ecs.cli.bench;

import com.amazonaws.ecs.mesos.DriverMetrics;
import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import com.amazonaws.ecs.mesos.master.EcsMesosMaster;
import com.amazonaws.ecs.mesos.master.EcsMesosMasterBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.mesos.Protos;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The drivers a bench run goes through: one embedded {@link ECSSchedulerDriver} that calls ECS itself, or an
 * {@link EcsMesosMaster} in this JVM and F frameworks whose drivers connect to it over HTTP (the V1 API), as
 * separate frameworks would. Each framework wants its part of the tasks; their IDs do not collide.
 */
final class BenchDrivers implements AutoCloseable {
    private final BenchFrameworks frameworks;
    private final List<ECSSchedulerDriver> drivers;
    private final EcsMesosMaster master;

    private BenchDrivers(BenchFrameworks frameworks, List<ECSSchedulerDriver> drivers, EcsMesosMaster master) {
        this.frameworks = frameworks;
        this.drivers = drivers;
        this.master = master;
    }

    /** The vCPUs the Fargate agents offer in a bench run: the whole of ecs-local's default quota. */
    static final int FARGATE_CPUS = 6000;

    /**
     * @param fargateSubnets the subnets of the Fargate agents, or null to run on the container instances only
     */
    static BenchDrivers embedded(int tasks, String taskDefinition, LongSupplier nanos, EcsClient ecs, Ec2Client ec2,
            String cluster, Duration poll, long seed, com.amazonaws.ecs.mesos.LaunchCall call, String eventsQueue,
            List<String> fargateSubnets) {
        BenchFramework framework = new BenchFramework(tasks, taskDefinition, nanos);
        ECSSchedulerDriver.Builder builder = ECSSchedulerDriver.builder(framework, info("ecs-mesos bench"))
                .ecsClient(ecs).ec2Client(ec2).cluster(cluster).pollInterval(poll).seed(seed).launchCall(call);
        if (fargateSubnets != null) {
            builder.fargate(fargateSubnets, List.of(), false).fargateCpus(FARGATE_CPUS);
        }
        ECSSchedulerDriver driver = (eventsQueue == null ? builder : builder.eventsQueueUrl(eventsQueue)).build();
        return new BenchDrivers(new BenchFrameworks(List.of(framework)), List.of(driver), null);
    }

    /** Starts the master (it answers once the cluster is ready); the frameworks' drivers start with {@link #start}. */
    static BenchDrivers throughMaster(int frameworkCount, int tasks, String taskDefinition, LongSupplier nanos,
            EcsClient ecs, Ec2Client ec2, String cluster, Duration poll, com.amazonaws.ecs.mesos.LaunchCall call,
            String eventsQueue, List<String> fargateSubnets) throws Exception {
        EcsMesosMasterBuilder builder = EcsMesosMaster.builder().ecsClient(ecs).ec2Client(ec2).cluster(cluster)
                .port(0).pollInterval(poll).launchCall(call);
        if (fargateSubnets != null) {
            builder.fargate(fargateSubnets, List.of(), false, false, FARGATE_CPUS);
        }
        EcsMesosMaster master = (eventsQueue == null ? builder : builder.eventsQueueUrl(eventsQueue)).build().start();
        List<BenchFramework> frameworks = new ArrayList<>();
        List<ECSSchedulerDriver> drivers = new ArrayList<>();
        for (int i = 0; i < frameworkCount; i++) {
            int share = tasks / frameworkCount + (i < tasks % frameworkCount ? 1 : 0);
            BenchFramework f = new BenchFramework(share, BenchFramework.TASK_ID_PREFIX + (i + 1) + "-", taskDefinition,
                    nanos);
            frameworks.add(f);
            drivers.add(ECSSchedulerDriver.builder(f, info("ecs-mesos bench " + (i + 1)))
                    .master(master.url().toString()).build());
        }
        return new BenchDrivers(new BenchFrameworks(frameworks), drivers, master);
    }

    private static Protos.FrameworkInfo info(String name) {
        return Protos.FrameworkInfo.newBuilder().setName(name).setUser("").build();
    }

    BenchFrameworks frameworks() {
        return frameworks;
    }

    boolean throughMaster() {
        return master != null;
    }

    void start() {
        drivers.forEach(ECSSchedulerDriver::start);
    }

    /** Where offers were used: the master's figures, or the embedded driver's. */
    DriverMetrics metrics() {
        return master != null ? master.metrics() : drivers.get(0).metrics();
    }

    /** Stops every framework ({@code stop(false)}: its tasks are stopped), then the master. */
    @Override
    public void close() {
        for (ECSSchedulerDriver d : drivers) {
            d.stop(false);
        }
        for (ECSSchedulerDriver d : drivers) {
            d.join();
        }
        if (master != null) {
            master.close();
        }
    }
}
