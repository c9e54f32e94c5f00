package com.amazonaws.ecs.local;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;

/**
 * Starts a fresh ecs-local for each test and talks to it through the real AWS SDK v2 clients,
 * with SDK retries off so that every ECS answer (throttling included) reaches the test as sent.
 */
abstract class EcsLocalTestBase {
    protected EcsLocal ecsLocal;
    protected EcsClient ecs;
    protected Ec2Client ec2;

    /** Override to configure the endpoint under test. */
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        return builder;
    }

    @BeforeEach
    void startEcsLocal() {
        ecsLocal = configure(EcsLocal.builder()).build();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret"));
        ecs = EcsClient.builder()
                .endpointOverride(ecsLocal.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(100))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))
                        .apiCallTimeout(Duration.ofSeconds(20)))
                .build();
        ec2 = Ec2Client.builder()
                .endpointOverride(ecsLocal.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    @AfterEach
    void stopEcsLocal() {
        ecs.close();
        ec2.close();
        ecsLocal.close();
    }

    /** Registers a one-container task definition with the given command (bridge mode). */
    protected RegisterTaskDefinitionResponse registerTaskDefinition(String family, int cpu, int memory,
            String... command) {
        return ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(ContainerDefinition.builder()
                .name("main").image("busybox").cpu(cpu).memory(memory).essential(true).command(command).build()));
    }

    /** Registers a task definition publishing {@code containerPort} on {@code hostPort} (0 = dynamic). */
    protected RegisterTaskDefinitionResponse registerWebServer(String family, int hostPort) {
        return ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(ContainerDefinition.builder()
                .name("web").image("nginx").cpu(100).memory(100).essential(true)
                .portMappings(PortMapping.builder().containerPort(80).hostPort(hostPort).build()).build()));
    }
}
