package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;

class Ec2DescribeInstancesTest extends EcsLocalTestBase {

    @Test
    void describesTheInstanceBehindAContainerInstance() {
        String ci = ecsLocal.addInstance(InstanceSpec.of(2048, 4096).withZone("us-east-1c")
                .withInstanceType("c5.large"));
        String instanceId = ec2InstanceId(ci);

        Instance i = single(ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations());

        assertThat(i.instanceId()).isEqualTo(instanceId);
        assertThat(i.state().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(i.state().code()).isEqualTo(16);
        assertThat(i.privateIpAddress()).startsWith("10.0.");
        assertThat(i.privateDnsName()).isEqualTo("ip-" + i.privateIpAddress().replace('.', '-') + ".ec2.internal");
        assertThat(i.placement().availabilityZone()).isEqualTo("us-east-1c");
        assertThat(i.instanceTypeAsString()).isEqualTo("c5.large");
        assertThat(i.launchTime()).isNotNull();
    }

    @Test
    void eachInstanceHasItsOwnAddress() {
        List<String> cis = ecsLocal.addInstances("default", 3, 1024, 2048);
        List<String> ids = cis.stream().map(this::ec2InstanceId).toList();

        List<Instance> all = instances(ec2.describeInstances(r -> r.instanceIds(ids)).reservations());

        assertThat(all).extracting(Instance::instanceId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(all).extracting(Instance::privateIpAddress).doesNotHaveDuplicates();
        assertThat(all).extracting(Instance::privateDnsName).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownInstanceIdIsInvalidInstanceIdNotFound() {
        String known = ec2InstanceId(ecsLocal.addInstances("default", 1, 1024, 2048).get(0));

        assertThatThrownBy(() -> ec2.describeInstances(r -> r.instanceIds(known, "i-0000000000000dead")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("i-0000000000000dead");
                });
    }

    @Test
    void filtersSelectInstances() {
        String a = ec2InstanceId(ecsLocal.addInstance(InstanceSpec.of(1024, 2048).withZone("us-east-1a")
                .withInstanceType("m5.large")));
        String b = ec2InstanceId(ecsLocal.addInstance(InstanceSpec.of(1024, 2048).withZone("us-east-1b")
                .withInstanceType("m5.large")));
        String c = ec2InstanceId(ecsLocal.addInstance(InstanceSpec.of(1024, 2048).withZone("us-east-1b")
                .withInstanceType("c5.xlarge")));

        assertThat(ids(filter("availability-zone", "us-east-1b"))).containsExactlyInAnyOrder(b, c);
        assertThat(ids(filter("instance-type", "m5.large"))).containsExactlyInAnyOrder(a, b);
        assertThat(ids(filter("availability-zone", "us-east-1b"), filter("instance-type", "m5.large")))
                .containsExactly(b);
        assertThat(ids(filter("instance-type", "m5.large", "c5.xlarge"))).containsExactlyInAnyOrder(a, b, c);
        assertThat(ids(filter("instance-id", a))).containsExactly(a);
        assertThat(ids(filter("availability-zone", "eu-west-1a"))).isEmpty();
    }

    @Test
    void aTerminatedInstanceIsReportedTerminatedWithoutAnAddress() {
        List<String> cis = ecsLocal.addInstances("default", 2, 1024, 2048);
        String gone = ec2InstanceId(cis.get(0));
        String alive = ec2InstanceId(cis.get(1));

        ecsLocal.terminateInstance("default", cis.get(0));

        Instance i = single(ec2.describeInstances(r -> r.instanceIds(gone)).reservations());
        assertThat(i.state().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(i.state().code()).isEqualTo(48);
        assertThat(i.privateIpAddress()).isNull();
        assertThat(ids(filter("instance-state-name", "running"))).containsExactly(alive);
        assertThat(ids(filter("instance-state-name", "terminated"))).containsExactly(gone);
        assertThat(ecs.describeContainerInstances(r -> r.containerInstances(cis.get(0))).containerInstances().get(0)
                .status()).isEqualTo("INACTIVE");
    }

    private List<String> ids(Filter... filters) {
        return instances(ec2.describeInstances(r -> r.filters(filters)).reservations()).stream()
                .map(Instance::instanceId).toList();
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private String ec2InstanceId(String containerInstanceArn) {
        return ecs.describeContainerInstances(r -> r.containerInstances(containerInstanceArn)).containerInstances()
                .get(0).ec2InstanceId();
    }

    private static List<Instance> instances(List<Reservation> reservations) {
        return reservations.stream().flatMap(r -> r.instances().stream()).toList();
    }

    private static Instance single(List<Reservation> reservations) {
        assertThat(instances(reservations)).hasSize(1);
        return instances(reservations).get(0);
    }
}
