package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Task;

/** What happens to instances and their tasks when agents disconnect and EC2 instances go away. */
class InstanceEventsTest extends EcsLocalTestBase {

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        return builder.timeFactor(100);
    }

    private Task describe(String arn) {
        return ecs.describeTasks(d -> d.tasks(arn)).tasks().get(0);
    }

    private ContainerInstance instance(String arn) {
        return ecs.describeContainerInstances(d -> d.containerInstances(arn)).containerInstances().get(0);
    }

    @Test
    void aDisconnectedAgentFreezesItsTasksUntilItReconnects() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("short", 128, 128, "sleep", "3600");
        Task t = ecs.startTask(s -> s.taskDefinition("short").containerInstances(ci)).tasks().get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(t.taskArn()).lastStatus().equals("RUNNING"));

        ecsLocal.disconnectAgent("default", ci);
        assertThat(instance(ci).agentConnected()).isFalse();
        assertThat(ecs.startTask(s -> s.taskDefinition("short").containerInstances(ci)).failures())
                .extracting(Failure::reason).containsExactly("AGENT");
        // Far more than the task's hour of cluster time passes: it is still reported RUNNING.
        ecsLocal.setTimeFactor(1_000_000);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> describe(t.taskArn()).lastStatus().equals("RUNNING"));

        ecsLocal.setTimeFactor(100);
        ecsLocal.reconnectAgent("default", ci);
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(t.taskArn()).lastStatus().equals("STOPPED"));
        assertThat(describe(t.taskArn()).containers().get(0).exitCode()).isZero();
        assertThat(instance(ci).agentConnected()).isTrue();
    }

    @Test
    void terminatingTheEc2InstanceStopsItsTasksAndDeregistersIt() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("forever", 512, 512, "nginx");
        Task t = ecs.startTask(s -> s.taskDefinition("forever").containerInstances(ci)).tasks().get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(t.taskArn()).lastStatus().equals("RUNNING"));
        String ec2Id = instance(ci).ec2InstanceId();

        ecsLocal.terminateInstance("default", ci);

        Task stopped = describe(t.taskArn());
        assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
        assertThat(stopped.desiredStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stoppedReason()).isEqualTo("Host EC2 (instance " + ec2Id + ") terminated.");
        ContainerInstance gone = instance(ci);
        assertThat(gone.status()).isEqualTo("INACTIVE");
        assertThat(gone.agentConnected()).isFalse();
        assertThat(ecs.listContainerInstances(l -> l.cluster("default")).containerInstanceArns()).isEmpty();
        assertThat(ec2.describeInstances(d -> d.instanceIds(ec2Id)).reservations().get(0).instances().get(0)
                .state().nameAsString()).isEqualTo("terminated");
        assertThatThrownBy(() -> ecsLocal.reconnectAgent("default", ci)).hasMessageContaining("terminated");
    }

    @Test
    void removingAnInstanceDeregistersItAndOrphansItsTasks() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("forever", 512, 512, "nginx");
        Task t = ecs.startTask(s -> s.taskDefinition("forever").containerInstances(ci)).tasks().get(0);
        ecsLocal.removeInstance("default", ci);
        assertThat(instance(ci).status()).isEqualTo("INACTIVE");
        assertThat(describe(t.taskArn()).lastStatus()).isNotEqualTo("STOPPED");
        assertThat(ecs.startTask(s -> s.taskDefinition("forever").containerInstances(ci)).failures())
                .extracting(Failure::reason).containsExactly("INACTIVE");
    }

    @Test
    void controlCallsOnUnknownInstancesSaySo() {
        ecsLocal.createCluster("default");
        assertThatThrownBy(() -> ecsLocal.disconnectAgent("default", "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
