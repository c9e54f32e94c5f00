package com.amazonaws.ecs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.amazonaws.ecs.local.EcsLocal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;

/** Runs {@code ecs-mesos local} in-process, as the command line does, and talks to it through the AWS SDK. */
class LocalCommandTest {
    private final CommandLine cmd = EcsMesos.commandLine();
    private final LocalCommand local = cmd.getSubcommands().get("local").getCommand();
    private CompletableFuture<CommandRun> run;

    @AfterEach
    void stopLocal() throws Exception {
        if (run != null) {
            local.stop();
            run.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void servesTheClusterWithItsInstancesUntilStopped() throws Exception {
        EcsLocal ecsLocal = startInBackground("local", "--port", "0", "--cluster", "blue", "--instances", "2",
                "--cpu", "1024", "--memory", "3072");

        try (EcsClient ecs = client(ecsLocal.endpoint())) {
            List<String> arns = ecs.listContainerInstances(r -> r.cluster("blue")).containerInstanceArns();
            assertThat(arns).hasSize(2);
            List<ContainerInstance> instances = ecs.describeContainerInstances(r -> r.cluster("blue")
                    .containerInstances(arns)).containerInstances();
            assertThat(instances).allSatisfy(ci -> {
                assertThat(ci.status()).isEqualTo("ACTIVE");
                assertThat(ci.agentConnected()).isTrue();
                assertThat(resource(ci.registeredResources(), "CPU")).isEqualTo(1024);
                assertThat(resource(ci.registeredResources(), "MEMORY")).isEqualTo(3072);
            });

            local.stop();
            CommandRun done = run.get(20, TimeUnit.SECONDS);
            run = null;

            assertThat(done.exitCode()).isZero();
            assertThat(done.err()).isEmpty();
            assertThat(done.out()).startsWith("ecs-local is serving Amazon ECS at " + ecsLocal.endpoint()
                    + " (cluster \"blue\", 2 container instances of 1024 CPU units / 3072 MiB)\n")
                    .contains("  export AWS_ECS_ENDPOINT=" + ecsLocal.endpoint() + "\n")
                    .contains("  export AWS_ECS_CLUSTER=blue\n");
            assertThatThrownBy(() -> ecs.listClusters()).isInstanceOf(SdkClientException.class);
        }
    }

    @Test
    void optionsReachTheEndpoint() {
        EcsLocal ecsLocal = startInBackground("local", "--port", "0", "--instances", "0", "--time-factor", "30",
                "--faults", "throttle:ListClusters:x1");

        assertThat(ecsLocal.timeFactor()).isEqualTo(30);
        assertThat(ecsLocal.faults()).containsExactly("throttle:ListClusters:x1");
        assertThat(ecsLocal.stats().containerInstances()).isZero();
    }

    @Test
    void startReturnsTheRunningEndpointWithoutBlocking() {
        CommandLine.ParseResult parsed = cmd.parseArgs("local", "--port", "0", "--instances", "1");
        LocalCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();

        try (EcsLocal ecsLocal = command.start(); EcsClient ecs = client(ecsLocal.endpoint())) {
            assertThat(ecs.listContainerInstances(r -> r.cluster("default")).containerInstanceArns()).hasSize(1);
        }
    }

    @Test
    void subnetsGiveFargateTasksTheirZoneAndAddressRange() {
        EcsLocal ecsLocal = startInBackground("local", "--port", "0", "--instances", "0",
                "--subnets", "subnet-a=us-east-1c:10.9.1.0/24");
        try (EcsClient ecs = client(ecsLocal.endpoint())) {
            ecs.registerTaskDefinition(r -> r.family("f").networkMode("awsvpc").requiresCompatibilitiesWithStrings(
                    "FARGATE").cpu("256").memory("512").containerDefinitions(c -> c.name("main").image("busybox")
                    .essential(true)));
            software.amazon.awssdk.services.ecs.model.Task task = ecs.runTask(r -> r.cluster("default")
                    .taskDefinition("f").launchType("FARGATE").networkConfiguration(n -> n.awsvpcConfiguration(
                            v -> v.subnets("subnet-a")))).tasks().get(0);
            assertThat(task.availabilityZone()).isEqualTo("us-east-1c");
            assertThat(task.attachments().get(0).details()).anySatisfy(d -> {
                assertThat(d.name()).isEqualTo("subnetId");
                assertThat(d.value()).isEqualTo("subnet-a");
            });
        }
    }

    @Test
    void aSubnetThatIsNotIdZoneCidrIsAnError() {
        CommandRun bad = CommandRun.of("local", "--port", "0", "--subnets", "subnet-a:us-east-1a");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("--subnets").contains("ID=ZONE:CIDR");
    }

    private EcsLocal startInBackground(String... args) {
        run = CompletableFuture.supplyAsync(() -> CommandRun.of(cmd, args));
        await().atMost(Duration.ofSeconds(20)).until(() -> local.running() != null || run.isDone());
        assertThat(run).as("ecs-mesos local ended early").isNotDone();
        return local.running();
    }

    private static EcsClient client(URI endpoint) {
        return EcsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    private static int resource(List<Resource> resources, String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().integerValue();
    }
}
