package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.ResourceRequirement;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/** StartTask: what it takes from a container instance, what it refuses, and giving it back once. */
class StartTaskAccountingTest extends EcsLocalTestBase {

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        return builder.timeFactor(100);
    }

    private ContainerInstance describeInstance(String arn) {
        return ecs.describeContainerInstances(d -> d.containerInstances(arn)).containerInstances().get(0);
    }

    private static Resource remaining(ContainerInstance ci, String name) {
        return ci.remainingResources().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private StartTaskResponse start(String family, String instance) {
        return ecs.startTask(s -> s.taskDefinition(family).containerInstances(instance));
    }

    @Test
    void startTakesCpuMemoryAndPortsAndStoppingGivesThemBackOnce() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerWebServer("nginx", 80);
        Task task = start("nginx", ci).tasks().get(0);
        ContainerInstance during = describeInstance(ci);
        assertThat(remaining(during, "CPU").integerValue()).isEqualTo(2048 - 100);
        assertThat(remaining(during, "MEMORY").integerValue()).isEqualTo(4096 - 100);
        assertThat(remaining(during, "PORTS").stringSetValue()).contains("80", "22", "2375", "2376", "51678",
                "51679");

        ecs.stopTask(s -> s.task(task.taskArn()));
        ecs.stopTask(s -> s.task(task.taskArn()));
        await().atMost(Duration.ofSeconds(20)).until(() -> ecs.describeTasks(d -> d.tasks(task.taskArn())).tasks()
                .get(0).lastStatus().equals("STOPPED"));
        ecs.stopTask(s -> s.task(task.taskArn()));
        ContainerInstance after = describeInstance(ci);
        assertThat(remaining(after, "CPU").integerValue()).isEqualTo(2048);
        assertThat(remaining(after, "MEMORY").integerValue()).isEqualTo(4096);
        assertThat(remaining(after, "PORTS").stringSetValue()).containsExactlyInAnyOrder("22", "2375", "2376",
                "51678", "51679");
    }

    @Test
    void aSecondTaskOnTheSameHostPortIsRefusedWithResourcePorts() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerWebServer("nginx", 80);
        assertThat(start("nginx", ci).failures()).isEmpty();
        StartTaskResponse second = start("nginx", ci);
        assertThat(second.tasks()).isEmpty();
        assertThat(second.failures()).extracting(Failure::reason).containsExactly("RESOURCE:PORTS");
        assertThat(second.failures().get(0).arn()).isEqualTo(ci);
    }

    @Test
    void agentReservedPortsCannotBeTaken() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerWebServer("ssh", 22);
        assertThat(start("ssh", ci).failures()).extracting(Failure::reason).containsExactly("RESOURCE:PORTS");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "too much cpu,    4096, 128,  RESOURCE:CPU",
        "too much memory, 256,  8192, RESOURCE:MEMORY",
    })
    void whatDoesNotFitIsRefusedAndReservesNothing(String name, int cpu, int memory, String reason) {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("big", cpu, memory, "sleep", "10");
        StartTaskResponse r = start("big", ci);
        assertThat(r.tasks()).isEmpty();
        assertThat(r.failures()).extracting(Failure::reason).containsExactly(reason);
        ContainerInstance after = describeInstance(ci);
        assertThat(remaining(after, "CPU").integerValue()).isEqualTo(2048);
        assertThat(remaining(after, "MEMORY").integerValue()).isEqualTo(4096);
    }

    @Test
    void eachInstanceOfOneCallSucceedsOrFailsOnItsOwn() {
        List<String> cis = ecsLocal.addInstances("default", 2, 2048, 4096);
        registerWebServer("nginx", 80);
        start("nginx", cis.get(0));
        ecsLocal.disconnectAgent("default", cis.get(1));
        StartTaskResponse r = ecs.startTask(s -> s.taskDefinition("nginx")
                .containerInstances(cis.get(0), cis.get(1), "0123456789abcdef0123456789abcdef"));
        assertThat(r.tasks()).isEmpty();
        assertThat(r.failures()).extracting(Failure::reason).containsExactly("RESOURCE:PORTS", "AGENT", "MISSING");
    }

    @Test
    void inactiveInstancesAreRefused() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("t", 128, 128, "sleep", "10");
        ecs.deregisterContainerInstance(d -> d.containerInstance(ci));
        assertThat(start("t", ci).failures()).extracting(Failure::reason).containsExactly("INACTIVE");
    }

    @Test
    void taskLevelSizesAndOverridesTakePrecedenceOverContainerSums() {
        String ci = ecsLocal.addInstances("default", 1, 4096, 8192).get(0);
        ecs.registerTaskDefinition(r -> r.family("sized").cpu("1024").memory("2 GB").containerDefinitions(
                ContainerDefinition.builder().name("a").image("a").cpu(10).memory(10).build(),
                ContainerDefinition.builder().name("b").image("b").cpu(10).memory(10).build()));
        start("sized", ci);
        assertThat(remaining(describeInstance(ci), "CPU").integerValue()).isEqualTo(4096 - 1024);
        assertThat(remaining(describeInstance(ci), "MEMORY").integerValue()).isEqualTo(8192 - 2048);

        Task t = ecs.startTask(s -> s.taskDefinition("sized").containerInstances(ci)
                .overrides(o -> o.cpu("512").memory("256"))).tasks().get(0);
        assertThat(t.cpu()).isEqualTo("512");
        assertThat(t.memory()).isEqualTo("256");
        assertThat(remaining(describeInstance(ci), "CPU").integerValue()).isEqualTo(4096 - 1024 - 512);
        assertThat(remaining(describeInstance(ci), "MEMORY").integerValue()).isEqualTo(8192 - 2048 - 256);
    }

    @Test
    void containerSumsUseMemoryReservationFirst() {
        String ci = ecsLocal.addInstances("default", 1, 4096, 8192).get(0);
        ecs.registerTaskDefinition(r -> r.family("soft").containerDefinitions(
                ContainerDefinition.builder().name("a").image("a").cpu(100).memory(500).memoryReservation(200)
                        .build(),
                ContainerDefinition.builder().name("b").image("b").cpu(50).memory(300).build()));
        start("soft", ci);
        assertThat(remaining(describeInstance(ci), "CPU").integerValue()).isEqualTo(4096 - 150);
        assertThat(remaining(describeInstance(ci), "MEMORY").integerValue()).isEqualTo(8192 - 500);
    }

    @Test
    void dynamicHostPortsAreAssignedAndBound() {
        String ci = ecsLocal.addInstances("default", 1, 4096, 8192).get(0);
        registerWebServer("dyn", 0);
        Task a = start("dyn", ci).tasks().get(0);
        Task b = start("dyn", ci).tasks().get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> ecs.describeTasks(d -> d.tasks(a.taskArn(), b.taskArn()))
                .tasks().stream().allMatch(t -> "RUNNING".equals(t.lastStatus())));
        List<Integer> hostPorts = new ArrayList<>();
        for (Task t : ecs.describeTasks(d -> d.tasks(a.taskArn(), b.taskArn())).tasks()) {
            NetworkBinding binding = t.containers().get(0).networkBindings().get(0);
            assertThat(binding.containerPort()).isEqualTo(80);
            assertThat(binding.protocol()).isEqualTo(TransportProtocol.TCP);
            hostPorts.add(binding.hostPort());
        }
        assertThat(hostPorts).doesNotHaveDuplicates().allMatch(p -> p >= 49153 && p <= 65535);
        assertThat(remaining(describeInstance(ci), "PORTS").stringSetValue())
                .contains(String.valueOf(hostPorts.get(0)), String.valueOf(hostPorts.get(1)));
    }

    @Test
    void hostNetworkModeTakesTheContainerPortAndUdpIsAccountedApart() {
        String ci = ecsLocal.addInstances("default", 1, 4096, 8192).get(0);
        ecs.registerTaskDefinition(r -> r.family("dns").networkMode(NetworkMode.HOST).containerDefinitions(
                ContainerDefinition.builder().name("dns").image("dns").memory(64).portMappings(
                        PortMapping.builder().containerPort(53).protocol(TransportProtocol.UDP).build(),
                        PortMapping.builder().containerPort(53).protocol(TransportProtocol.TCP).build()).build()));
        assertThat(start("dns", ci).failures()).isEmpty();
        ContainerInstance after = describeInstance(ci);
        assertThat(remaining(after, "PORTS").stringSetValue()).contains("53");
        assertThat(remaining(after, "PORTS_UDP").stringSetValue()).containsExactly("53");
        assertThat(start("dns", ci).failures()).extracting(Failure::reason).containsExactly("RESOURCE:PORTS");
    }

    @Test
    void gpusAreCountedAndAssigned() {
        String ci = ecsLocal.addInstance(InstanceSpec.of(4096, 8192).withGpus(2));
        ecs.registerTaskDefinition(r -> r.family("gpu").containerDefinitions(ContainerDefinition.builder()
                .name("train").image("cuda").memory(64).resourceRequirements(ResourceRequirement.builder()
                        .type("GPU").value("2").build()).build()));
        assertThat(start("gpu", ci).failures()).isEmpty();
        assertThat(start("gpu", ci).failures()).extracting(Failure::reason).containsExactly("RESOURCE:GPU");
    }

    @Test
    void overridesForUnknownContainersAndUnknownDefinitionsAreRejected() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("t", 128, 128, "sleep", "10");
        assertThatThrownBy(() -> ecs.startTask(s -> s.taskDefinition("t").containerInstances(ci)
                .overrides(o -> o.containerOverrides(ContainerOverride.builder().name("nope").build()))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("nope is not a container in the TaskDefinition");
        assertThatThrownBy(() -> start("missing", ci)).isInstanceOf(ClientException.class)
                .hasMessageContaining("TaskDefinition not found");
        assertThatThrownBy(() -> ecs.startTask(s -> s.taskDefinition("t").containerInstances(List.of(
                "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.startTask(s -> s.taskDefinition("t").containerInstances(ci)
                .startedBy("x".repeat(37)))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void commandOverridesChangeWhatTheContainerDoes() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("t", 128, 128, "sleep", "3600");
        Task t = ecs.startTask(s -> s.taskDefinition("t").containerInstances(ci).overrides(o -> o.containerOverrides(
                ContainerOverride.builder().name("main").command("sh", "-c", "exit 7").build()))).tasks().get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> ecs.describeTasks(d -> d.tasks(t.taskArn())).tasks().get(0)
                .lastStatus().equals("STOPPED"));
        assertThat(ecs.describeTasks(d -> d.tasks(t.taskArn())).tasks().get(0).containers().get(0).exitCode())
                .isEqualTo(7);
    }

    @Test
    void fiftyParallelStartTasksNeverOverCommitAnInstance() throws Exception {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        // 256 CPU units each: exactly 8 of 50 can fit.
        registerTaskDefinition("p", 256, 64, "sleep", "3600");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<StartTaskResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit(() -> start("p", ci)));
            }
            int started = 0;
            int refused = 0;
            for (Future<StartTaskResponse> f : calls) {
                StartTaskResponse r = f.get();
                started += r.tasks().size();
                refused += (int) r.failures().stream().filter(x -> x.reason().equals("RESOURCE:CPU")).count();
            }
            assertThat(started).isEqualTo(8);
            assertThat(refused).isEqualTo(42);
            assertThat(remaining(describeInstance(ci), "CPU").integerValue()).isZero();
            assertThat(ecs.listTasks(l -> l.containerInstance(ci)).taskArns()).hasSize(8);
        } finally {
            pool.shutdownNow();
        }
    }
}
