package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;

/** The account's Fargate vCPU quotas, On-Demand and Spot apart, here of one vCPU each. */
class FargateQuotaTest extends EcsLocalTestBase {

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        // Stopping takes 60 s of cluster time, 0.6 s at 100x: long enough to see a stopping task still counted.
        return builder.timeFactor(100).fargate(FargateOptions.defaults().withVcpuQuotas(1, 1))
                .timings(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(60),
                        Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofHours(1));
    }

    private RunTaskResponse run(String provider, int count) {
        return ecs.runTask(r -> r.taskDefinition("quarter").count(count)
                .capacityProviderStrategy(CapacityProviderStrategyItem.builder().capacityProvider(provider).weight(1)
                        .build())
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1"))));
    }

    @Test
    void theQuotaCountsTheTasksNotYetStoppedPerCapacityProvider() {
        ecsLocal.createCluster("default");
        ecs.registerTaskDefinition(r -> r.family("quarter").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("c").image("i").build()));
        // 1 vCPU is four tasks of 0.25 vCPU; the fifth is refused as ECS refuses it, in failures.
        RunTaskResponse onDemand = run("FARGATE", 5);
        assertThat(onDemand.tasks()).hasSize(4);
        assertThat(onDemand.failures()).extracting(Failure::reason)
                .containsExactly("You\u2019ve reached the limit on the number of vCPUs you can run concurrently");
        // Spot has a quota of its own.
        assertThat(run("FARGATE_SPOT", 5).tasks()).hasSize(4);

        String first = onDemand.tasks().get(0).taskArn();
        await().atMost(Duration.ofSeconds(20)).until(() -> ecs.describeTasks(d -> d.tasks(first)).tasks().get(0)
                .lastStatus().equals("RUNNING"));
        ecs.stopTask(s -> s.task(first));
        assertThat(run("FARGATE", 1).tasks()).as("still held until STOPPED").isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> ecs.describeTasks(d -> d.tasks(first)).tasks().get(0)
                .lastStatus().equals("STOPPED"));
        assertThat(run("FARGATE", 1).tasks()).hasSize(1);
    }
}
