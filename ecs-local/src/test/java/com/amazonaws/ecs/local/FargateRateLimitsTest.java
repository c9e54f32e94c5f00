package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;

/**
 * Fargate's rate limits with ECS's rate limits on: a task launch bucket per capacity provider and a bucket of RunTask
 * calls that launch on Fargate, made small and slow here so that a test reaches them.
 */
class FargateRateLimitsTest extends EcsLocalTestBase {

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        // One token per 1000 s: nothing comes back while a test runs.
        return builder.rateLimits(true).fargate(FargateOptions.defaults().withLaunchRate(10, 0.001)
                .withRunTaskRate(5, 0.001));
    }

    private void registerQuarterVcpu() {
        ecsLocal.addInstances("default", 1, 4096, 8192);
        ecs.registerTaskDefinition(r -> r.family("quarter").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("c").image("i").memory(64).build()));
    }

    private RunTaskResponse run(String provider, int count) {
        return ecs.runTask(r -> r.taskDefinition("quarter").count(count)
                .capacityProviderStrategy(CapacityProviderStrategyItem.builder().capacityProvider(provider).weight(1)
                        .build())
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1"))));
    }

    private static void throttled(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(EcsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        });
    }

    @Test
    void launchesAreThrottledPerCapacityProvider() {
        registerQuarterVcpu();
        assertThat(run("FARGATE", 10).tasks()).hasSize(10);
        throttled(() -> run("FARGATE", 1));
        // Spot launches have a bucket of their own; EC2 launches have none of these.
        assertThat(run("FARGATE_SPOT", 6).tasks()).hasSize(6);
        throttled(() -> run("FARGATE_SPOT", 5));
        assertThat(run("FARGATE_SPOT", 4).tasks()).as("a refused call takes no tokens").hasSize(4);
        assertThat(ecs.runTask(r -> r.taskDefinition("quarter").launchType("EC2")).tasks()).hasSize(1);
        assertThat(ecsLocal.stats().throttled()).isEqualTo(2);
    }

    @Test
    void runTaskCallsThatLaunchOnFargateHaveTheirOwnBucket() {
        registerQuarterVcpu();
        for (int i = 0; i < 5; i++) {
            assertThat(run(i % 2 == 0 ? "FARGATE" : "FARGATE_SPOT", 1).tasks()).hasSize(1);
        }
        throttled(() -> run("FARGATE", 1));
        for (int i = 0; i < 7; i++) {
            assertThat(ecs.runTask(r -> r.taskDefinition("quarter").launchType("EC2")).tasks()).hasSize(1);
        }
    }
}
