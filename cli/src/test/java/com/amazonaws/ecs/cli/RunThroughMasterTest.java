package com.amazonaws.ecs.cli;

import static com.amazonaws.ecs.cli.LocalEcs.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.mesos.master.EcsMesosMaster;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two {@code ecs-mesos run}s on one instance with room for two of their four tasks: alone on the cluster each
 * would be offered the same CPU and one would lose its launches ("the offered resources were taken in the
 * meantime"); through one master they take turns and every task finishes.
 */
@Timeout(90)
class RunThroughMasterTest {
    private final LocalEcs local = new LocalEcs(0);
    private EcsMesosMaster master;

    @AfterEach
    void close() {
        if (master != null) {
            master.close();
        }
        local.close();
    }

    @Test
    void twoRunsShareOneInstanceThroughTheMasterAndEveryTaskFinishes() throws Exception {
        local.ecsLocal.addInstances(LocalEcs.CLUSTER, 1, 1024, 2048);
        local.taskDefinition("sleep20", "sleep", "600"); // 1 s at ecs-local's 600 x: the runs overlap
        master = EcsMesosMaster.builder().ecsClient(local.ecs).cluster(LocalEcs.CLUSTER).port(0).build();
        master.start();
        String address = "127.0.0.1:" + master.port();

        CompletableFuture<CommandRun> first = CompletableFuture.supplyAsync(() -> run(address));
        CompletableFuture<CommandRun> second = CompletableFuture.supplyAsync(() -> run(address));

        for (CommandRun run : java.util.List.of(first.get(), second.get())) {
            assertThat(run.err()).isEmpty();
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("through the master at " + address).doesNotContain("TASK_LOST")
                    .endsWith("all 2 tasks finished\n");
        }
        assertThat(local.ecsLocal.stats().liveTasks()).isZero();
    }

    @Test
    void aMasterThatIsNotHostAndPortIsAOneLineError() {
        CommandRun run = CommandRun.of(args(new String[] {"run", "--task-definition", "x", "--master", "zk://h:2181/mesos"},
                local.target()));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--master").contains("host:port");
    }

    private CommandRun run(String address) {
        return CommandRun.of(args(new String[] {"run", "--task-definition", "sleep20", "--instances", "2", "--cpus",
                "0.5", "--master", address, "--timeout", "60s"}, local.target()));
    }
}
