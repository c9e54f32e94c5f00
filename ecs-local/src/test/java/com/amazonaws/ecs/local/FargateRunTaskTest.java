package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/** RunTask on Fargate through the SDK: placement without instances, the ENI and its address, and ECS's checks. */
class FargateRunTaskTest extends EcsLocalTestBase {

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        // A /28 has 11 usable addresses (AWS keeps 5 of the 16).
        return builder.timeFactor(100).subnets("subnet-small=us-east-1b:10.20.0.0/28");
    }

    /** A Fargate-compatible definition: awsvpc, 0.25 vCPU and 512 MiB, one web container on port 8080. */
    private void registerWeb(String family, String... command) {
        ecs.registerTaskDefinition(r -> r.family(family).networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("web").image("nginx").essential(true)
                        .command(command).portMappings(PortMapping.builder().containerPort(8080).build()).build()));
    }

    private RunTaskResponse runFargate(String family, int count, String... subnets) {
        return ecs.runTask(r -> r.taskDefinition(family).count(count).launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnets))));
    }

    private Task describe(String arn) {
        return ecs.describeTasks(d -> d.tasks(arn)).tasks().get(0);
    }

    private Task awaitStatus(String arn, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).lastStatus().equals(status));
        return describe(arn);
    }

    private static Map<String, String> details(Attachment a) {
        return a.details().stream().collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value));
    }

    private static String ip(Task t) {
        return details(t.attachments().get(0)).get("privateIPv4Address");
    }

    @Test
    void aFargateTaskRunsWithoutInstanceAndShowsItsAddressOnceTheEniIsAttached() {
        ecsLocal.createCluster("default");
        registerWeb("web");
        List<String> seen = new CopyOnWriteArrayList<>();
        ecsLocal.onTaskChange((arn, last, desired, at) -> seen.add(last));

        Task created = runFargate("web", 1, "subnet-0abc").tasks().get(0);
        assertThat(created.launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(created.capacityProviderName()).isEqualTo("FARGATE");
        assertThat(created.containerInstanceArn()).isNull();
        assertThat(created.cpu()).isEqualTo("256");
        assertThat(created.memory()).isEqualTo("512");
        assertThat(created.platformVersion()).isEqualTo("1.4.0");
        assertThat(created.platformFamily()).isEqualTo("Linux");
        assertThat(created.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(created.lastStatus()).isEqualTo("PROVISIONING");
        Attachment precreated = created.attachments().get(0);
        assertThat(precreated.type()).isEqualTo("ElasticNetworkInterface");
        assertThat(precreated.status()).isEqualTo("PRECREATED");
        assertThat(details(precreated)).containsOnly(Map.entry("subnetId", "subnet-0abc"));

        Task running = awaitStatus(created.taskArn(), "RUNNING");
        Attachment eni = running.attachments().get(0);
        assertThat(eni.id()).isEqualTo(precreated.id());
        assertThat(eni.status()).isEqualTo("ATTACHED");
        assertThat(details(eni)).containsEntry("subnetId", "subnet-0abc")
                .containsEntry("privateIPv4Address", "10.1.0.4")
                .containsEntry("privateDnsName", "ip-10-1-0-4.ec2.internal")
                .containsKeys("networkInterfaceId", "macAddress");
        assertThat(details(eni).get("networkInterfaceId")).startsWith("eni-");
        assertThat(eni.details()).extracting(KeyValuePair::name).containsExactly("subnetId", "networkInterfaceId",
                "macAddress", "privateDnsName", "privateIPv4Address");
        Container web = running.containers().get(0);
        assertThat(web.networkInterfaces()).hasSize(1);
        assertThat(web.networkInterfaces().get(0).attachmentId()).isEqualTo(eni.id());
        assertThat(web.networkInterfaces().get(0).privateIpv4Address()).isEqualTo("10.1.0.4");
        assertThat(web.networkBindings()).singleElement().satisfies(b -> {
            assertThat(b.containerPort()).isEqualTo(8080);
            assertThat(b.hostPort()).isEqualTo(8080);
        });
        assertThat(ecs.listTasks(l -> l.launchType(LaunchType.FARGATE)).taskArns()).containsExactly(created.taskArn());
        assertThat(ecs.listTasks(l -> l.launchType(LaunchType.EC2)).taskArns()).isEmpty();

        ecs.stopTask(s -> s.task(created.taskArn()));
        Task stopped = awaitStatus(created.taskArn(), "STOPPED");
        assertThat(stopped.attachments().get(0).status()).isEqualTo("DELETED");
        assertThat(ip(stopped)).isEqualTo("10.1.0.4");
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(137);
        assertThat(seen).containsExactly("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "RUNNING",
                "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED");
    }

    @Test
    void addressesAreUniqueAmongLiveTasksAndComeFromTheSubnetsRange() {
        ecsLocal.createCluster("default");
        registerWeb("web");
        RunTaskResponse first = runFargate("web", 10, "subnet-small");
        assertThat(first.failures()).isEmpty();
        RunTaskResponse second = runFargate("web", 2, "subnet-small");
        assertThat(second.tasks()).hasSize(1);
        assertThat(second.failures()).singleElement().satisfies(f ->
                assertThat(f.reason()).startsWith("InsufficientFreeAddressesInSubnet"));
        List<String> arns = new java.util.ArrayList<>(first.tasks().stream().map(Task::taskArn).toList());
        arns.add(second.tasks().get(0).taskArn());
        arns.forEach(arn -> awaitStatus(arn, "RUNNING"));
        Set<String> ips = new HashSet<>();
        for (String arn : arns) {
            Task t = describe(arn);
            assertThat(t.availabilityZone()).isEqualTo("us-east-1b");
            ips.add(ip(t));
        }
        assertThat(ips).hasSize(11).allSatisfy(ip -> assertThat(ip).startsWith("10.20.0."));
        assertThat(ips).doesNotContain("10.20.0.0", "10.20.0.1", "10.20.0.2", "10.20.0.3", "10.20.0.15");

        // A stopped task gives its address back.
        ecs.stopTask(s -> s.task(arns.get(0)));
        awaitStatus(arns.get(0), "STOPPED");
        assertThat(runFargate("web", 1, "subnet-small").tasks()).hasSize(1);
    }

    @Test
    void unknownSubnetsGetZonesAndRangesInTurnAndTasksSpreadOverThem() {
        ecsLocal.createCluster("default");
        registerWeb("web");
        List<Task> tasks = runFargate("web", 4, "subnet-bbb", "subnet-aaa").tasks();
        Map<String, Long> byZone = tasks.stream().collect(Collectors.groupingBy(Task::availabilityZone,
                Collectors.counting()));
        assertThat(byZone).containsOnly(Map.entry("us-east-1a", 2L), Map.entry("us-east-1b", 2L));
        tasks.forEach(t -> awaitStatus(t.taskArn(), "RUNNING"));
        for (Task t : tasks) {
            Task d = describe(t.taskArn());
            String subnet = details(d.attachments().get(0)).get("subnetId");
            assertThat(ip(d)).startsWith("subnet-aaa".equals(subnet) ? "10.1." : "10.2.");
        }
    }

    @Test
    void aMultiContainerFargateTaskOrdersItsContainersAndSharesOneAddress() {
        ecsLocal.createCluster("default");
        ecs.registerTaskDefinition(r -> r.family("pod").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("512").memory("1024")
                .containerDefinitions(
                        ContainerDefinition.builder().name("init").image("busybox").essential(false)
                                .command("sh", "-c", "sleep 100; exit 0").build(),
                        ContainerDefinition.builder().name("executor").image("executor").essential(true)
                                .dependsOn(ContainerDependency.builder().containerName("init")
                                        .condition(ContainerCondition.SUCCESS).build()).build()));
        String arn = runFargate("pod", 1, "subnet-pod").tasks().get(0).taskArn();
        Task waiting = awaitStatus(arn, "RUNNING");
        assertThat(waiting.containers()).filteredOn(c -> c.name().equals("executor"))
                .extracting(Container::lastStatus).containsExactly("PENDING");
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(arn).containers().stream()
                .allMatch(c -> c.name().equals("init") ? "STOPPED".equals(c.lastStatus())
                        : "RUNNING".equals(c.lastStatus())));
        Task running = describe(arn);
        assertThat(running.containers()).allSatisfy(c -> assertThat(c.networkInterfaces().get(0)
                .privateIpv4Address()).isEqualTo(ip(running)));
        assertThat(running.containers()).filteredOn(c -> c.name().equals("init")).extracting(Container::exitCode)
                .containsExactly(0);
    }

    @Test
    void taskSizesFargateDoesNotRunAreRefusedWithEcsWording() {
        Consumer<RegisterTaskDefinitionRequest.Builder> tooBig = r -> r.family("big").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("4096")
                .containerDefinitions(ContainerDefinition.builder().name("c").image("i").build());
        assertThatThrownBy(() -> ecs.registerTaskDefinition(tooBig)).isInstanceOf(ClientException.class)
                .hasMessageContaining("No Fargate configuration exists for given values: 256 CPU, 4096 memory. "
                        + "See the Amazon ECS documentation for the valid values.");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(r -> r.family("bridge")
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("c").image("i").build())))
                .isInstanceOf(ClientException.class).hasMessageContaining("Fargate only supports network mode");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(r -> r.family("nocpu").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("c").image("i").build())))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("Fargate requires that 'cpu' be defined at the task level.");
        // "1 vCPU" and "2 GB" are sizes too; the definition is then compatible with Fargate.
        var td = ecs.registerTaskDefinition(r -> r.family("ok").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("1 vCPU").memory("2 GB")
                .containerDefinitions(ContainerDefinition.builder().name("c").image("i").build())).taskDefinition();
        assertThat(td.compatibilities()).contains(Compatibility.EC2, Compatibility.FARGATE);

        // RunTask checks the size its overrides make.
        ecsLocal.createCluster("default");
        registerWeb("web");
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("web").launchType(LaunchType.FARGATE)
                .overrides(o -> o.cpu("512").memory("512"))
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("No Fargate configuration exists for given values: 512 CPU, 512 memory.");
    }

    @Test
    void runTaskChecksWhatEcsChecks() {
        ecsLocal.createCluster("default");
        registerWeb("web");
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("web").launchType(LaunchType.FARGATE)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Network Configuration must be "
                        + "provided when networkMode 'awsvpc' is specified.");
        assertThatThrownBy(() -> runFargate("web", 1)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("subnets can not be empty.");
        assertThatThrownBy(() -> runFargate("web", 1, "sg-0123")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Error retrieving subnet information for [sg-0123]: The subnet ID 'sg-0123' "
                        + "does not exist");
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("web").launchType(LaunchType.FARGATE)
                .capacityProviderStrategy(CapacityProviderStrategyItem.builder().capacityProvider("FARGATE").build())
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Specifying both a launch type "
                        + "and capacity provider strategy is not supported. Remove one and try again.");
        ecs.registerTaskDefinition(r -> r.family("ec2-only").networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                .requiresCompatibilities(Compatibility.EC2)
                .containerDefinitions(ContainerDefinition.builder().name("c").image("i").build()));
        assertThatThrownBy(() -> runFargate("ec2-only", 1, "subnet-1")).isInstanceOf(ClientException.class)
                .hasMessageContaining("Task definition does not support launch_type FARGATE.");
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("web").capacityProviderStrategy(
                CapacityProviderStrategyItem.builder().capacityProvider("my-asg").weight(1).build())
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("not associated with the cluster");
    }

    @Test
    void aStrategySplitsTasksByBaseThenWeightOverFargateAndFargateSpot() {
        ecsLocal.createCluster("default");
        registerWeb("web");
        RunTaskRequest request = RunTaskRequest.builder().taskDefinition("web").count(5)
                .capacityProviderStrategy(
                        CapacityProviderStrategyItem.builder().capacityProvider("FARGATE").base(1).weight(1).build(),
                        CapacityProviderStrategyItem.builder().capacityProvider("FARGATE_SPOT").weight(3).build())
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1"))).build();
        List<Task> tasks = ecs.runTask(request).tasks();
        assertThat(tasks).extracting(Task::launchType).containsOnly(LaunchType.FARGATE);
        assertThat(tasks).extracting(Task::capacityProviderName)
                .containsExactlyInAnyOrder("FARGATE", "FARGATE", "FARGATE_SPOT", "FARGATE_SPOT", "FARGATE_SPOT");
    }

    @Test
    void clustersHaveBothFargateProvidersAndTheirDefaultStrategyIsUsed() {
        ecsLocal.createCluster("default");
        registerWeb("web");
        var cluster = ecs.describeClusters(d -> d.clusters("default")).clusters().get(0);
        assertThat(cluster.capacityProviders()).containsExactly("FARGATE", "FARGATE_SPOT");
        assertThat(ecs.describeCapacityProviders(d -> d.capacityProviders("FARGATE_SPOT", "nope")))
                .satisfies(r -> {
                    assertThat(r.capacityProviders()).singleElement().satisfies(p -> {
                        assertThat(p.name()).isEqualTo("FARGATE_SPOT");
                        assertThat(p.capacityProviderArn())
                                .isEqualTo("arn:aws:ecs:us-east-1:000000000000:capacity-provider/FARGATE_SPOT");
                        assertThat(p.statusAsString()).isEqualTo("ACTIVE");
                    });
                    assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
                });

        ecs.putClusterCapacityProviders(p -> p.cluster("default").capacityProviders("FARGATE", "FARGATE_SPOT")
                .defaultCapacityProviderStrategy(CapacityProviderStrategyItem.builder()
                        .capacityProvider("FARGATE_SPOT").weight(1).build()));
        Task spot = ecs.runTask(r -> r.taskDefinition("web")
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))).tasks().get(0);
        assertThat(spot.capacityProviderName()).isEqualTo("FARGATE_SPOT");
        assertThat(ecs.describeClusters(d -> d.clusters("default")).clusters().get(0)
                .defaultCapacityProviderStrategy()).singleElement()
                .satisfies(i -> assertThat(i.capacityProvider()).isEqualTo("FARGATE_SPOT"));
        // Launch type EC2 still means the instances.
        assertThat(ecs.runTask(r -> r.taskDefinition("web").launchType(LaunchType.EC2)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))).failures())
                .singleElement().satisfies(f -> assertThat(f.reason()).contains("No Container Instances"));
    }

    @Test
    void createClusterCanNameTheProvidersAndTheDefaultStrategy() {
        ecs.createCluster(c -> c.clusterName("spot-only").capacityProviders("FARGATE_SPOT")
                .defaultCapacityProviderStrategy(CapacityProviderStrategyItem.builder().capacityProvider("FARGATE_SPOT")
                        .weight(1).build()));
        registerWeb("web");
        Task t = ecs.runTask(r -> r.cluster("spot-only").taskDefinition("web")
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))).tasks().get(0);
        assertThat(t.capacityProviderName()).isEqualTo("FARGATE_SPOT");
        assertThatThrownBy(() -> ecs.runTask(r -> r.cluster("spot-only").taskDefinition("web")
                .capacityProviderStrategy(CapacityProviderStrategyItem.builder().capacityProvider("FARGATE").weight(1)
                        .build())
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("not associated with the cluster");
        // A launch type needs no association.
        assertThat(ecs.runTask(r -> r.cluster("spot-only").taskDefinition("web").launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))).tasks()).hasSize(1);
    }

    @Test
    void awsvpcTasksOnInstancesGetAnEniWhenTheRequestNamesSubnets() {
        String ci = ecsLocal.addInstance(InstanceSpec.of(2048, 4096).withZone("us-east-1b"));
        ecs.registerTaskDefinition(r -> r.family("vpc").networkMode(NetworkMode.AWSVPC)
                .containerDefinitions(ContainerDefinition.builder().name("c").image("i").memory(64).build()));
        Task t = ecs.startTask(s -> s.taskDefinition("vpc").containerInstances(ci)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-x", "subnet-small"))))
                .tasks().get(0);
        assertThat(t.launchType()).isEqualTo(LaunchType.EC2);
        assertThat(t.containerInstanceArn()).isEqualTo(ci);
        assertThat(t.capacityProviderName()).isNull();
        Task running = awaitStatus(t.taskArn(), "RUNNING");
        // The subnet in the instance's zone is chosen.
        assertThat(details(running.attachments().get(0))).containsEntry("subnetId", "subnet-small");
        assertThat(ip(running)).startsWith("10.20.0.");
        // Without a network configuration there is no ENI, as before.
        Task plain = ecs.startTask(s -> s.taskDefinition("vpc").containerInstances(ci)).tasks().get(0);
        assertThat(plain.attachments()).isEmpty();
    }
}
