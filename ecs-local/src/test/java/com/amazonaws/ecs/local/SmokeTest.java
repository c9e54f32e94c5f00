package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;

class SmokeTest extends EcsLocalTestBase {
    @Test
    void startsATaskThroughTheSdk() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("sleep360", 256, 128, "sleep", "360");
        StartTaskResponse r = ecs.startTask(s -> s.taskDefinition("sleep360").containerInstances(ci).startedBy("fw1"));
        assertThat(r.failures()).isEmpty();
        assertThat(r.tasks()).hasSize(1);
        System.out.println(r.tasks().get(0));
        assertThat(r.tasks().get(0).createdAt()).isNotNull();
        assertThatThrownBy(() -> ecs.listTasks(l -> l.cluster("nope"))).isInstanceOf(ClusterNotFoundException.class);
        var d = ecs.describeContainerInstances(x -> x.containerInstances(ci));
        System.out.println(d.containerInstances().get(0));
        var e = ec2.describeInstances(x -> x.instanceIds(d.containerInstances().get(0).ec2InstanceId()));
        System.out.println(e);
        assertThat(e.reservations().get(0).instances().get(0).privateDnsName()).startsWith("ip-10-0-");
    }
}
