package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceField;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.UpdateContainerInstancesStateResponse;

class ContainerInstanceApiTest extends EcsLocalTestBase {
    private static final List<String> AGENT_PORTS = List.of("22", "2375", "2376", "51678", "51679");

    @Test
    void registerContainerInstanceTakesResourcesIdentityAttributesAndTags() {
        ecs.createCluster(r -> r.clusterName("agents"));
        String identity = """
                {"instanceId":"i-0123456789abcdef0","availabilityZone":"us-east-1b","instanceType":"c5.xlarge",
                 "region":"us-east-1","accountId":"000000000000"}""";

        ContainerInstance ci = ecs.registerContainerInstance(r -> r.cluster("agents")
                .instanceIdentityDocument(identity)
                .totalResources(integer("CPU", 4096), integer("MEMORY", 7680), stringSet("PORTS", "80"),
                        stringSet("PORTS_UDP", "53"), stringSet("GPU", "GPU-a", "GPU-b"))
                .attributes(Attribute.builder().name("stack").value("blue").build())
                .tags(Tag.builder().key("owner").value("me").build())).containerInstance();

        assertThat(ci.ec2InstanceId()).isEqualTo("i-0123456789abcdef0");
        assertThat(ci.containerInstanceArn())
                .startsWith("arn:aws:ecs:us-east-1:000000000000:container-instance/agents/");
        assertThat(ci.status()).isEqualTo("ACTIVE");
        assertThat(ci.agentConnected()).isTrue();
        assertThat(ci.registeredAt()).isNotNull();
        Map<String, Resource> registered = byName(ci.registeredResources());
        assertThat(registered.get("CPU").integerValue()).isEqualTo(4096);
        assertThat(registered.get("MEMORY").integerValue()).isEqualTo(7680);
        assertThat(registered.get("PORTS").stringSetValue()).containsExactlyInAnyOrder(
                "22", "80", "2375", "2376", "51678", "51679");
        assertThat(registered.get("PORTS_UDP").stringSetValue()).containsExactly("53");
        assertThat(registered.get("GPU").stringSetValue()).containsExactlyInAnyOrder("GPU-a", "GPU-b");
        assertThat(ci.attributes()).contains(attr("ecs.availability-zone", "us-east-1b"),
                attr("ecs.instance-type", "c5.xlarge"), attr("stack", "blue"));
        assertThat(ci.attributes()).extracting(Attribute::name).contains("ecs.os-type", "ecs.ami-id",
                "ecs.cpu-architecture");

        ContainerInstance described = ecs.describeContainerInstances(r -> r.cluster("agents")
                .containerInstances(ci.containerInstanceArn()).include(ContainerInstanceField.TAGS))
                .containerInstances().get(0);
        assertThat(described.tags()).containsExactly(Tag.builder().key("owner").value("me").build());
        assertThat(ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0")).reservations().get(0)
                .instances().get(0).placement().availabilityZone()).isEqualTo("us-east-1b");
    }

    @Test
    void theAgentPortsAreAlwaysReserved() {
        ecs.createCluster(r -> {});

        ContainerInstance ci = ecs.registerContainerInstance(r -> r
                .totalResources(integer("CPU", 1024), integer("MEMORY", 2048))).containerInstance();

        assertThat(byName(ci.registeredResources()).get("PORTS").stringSetValue())
                .containsExactlyInAnyOrderElementsOf(AGENT_PORTS);
        assertThat(byName(ci.remainingResources()).get("PORTS").stringSetValue())
                .containsExactlyInAnyOrderElementsOf(AGENT_PORTS);
        assertThat(byName(ci.remainingResources()).get("CPU").integerValue()).isEqualTo(1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CPU", "MEMORY"})
    void registerContainerInstanceRefusesANonPositiveSize(String resource) {
        ecs.createCluster(r -> {});

        assertThatThrownBy(() -> ecs.registerContainerInstance(r -> r.totalResources(integer(resource, 0))))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(ecs.listContainerInstances(r -> {}).containerInstanceArns()).isEmpty();
    }

    @Test
    void registerContainerInstanceRefusesAnIdentityDocumentThatIsNotJson() {
        ecs.createCluster(r -> {});

        assertThatThrownBy(() -> ecs.registerContainerInstance(r -> r.instanceIdentityDocument("{not json")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void describeShowsWhatRunningTasksTakeFromRemainingResources() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerWebServer("web", 8080);
        ecs.startTask(r -> r.taskDefinition("web").containerInstances(ci));

        ContainerInstance d = ecs.describeContainerInstances(r -> r.containerInstances(ci)).containerInstances()
                .get(0);

        Map<String, Resource> registered = byName(d.registeredResources());
        Map<String, Resource> remaining = byName(d.remainingResources());
        assertThat(registered.get("CPU").integerValue()).isEqualTo(2048);
        assertThat(remaining.get("CPU").integerValue()).isEqualTo(2048 - 100);
        assertThat(registered.get("MEMORY").integerValue()).isEqualTo(4096);
        assertThat(remaining.get("MEMORY").integerValue()).isEqualTo(4096 - 100);
        assertThat(registered.get("PORTS").stringSetValue()).doesNotContain("8080");
        assertThat(remaining.get("PORTS").stringSetValue()).contains("8080").containsAll(AGENT_PORTS);
        assertThat(d.pendingTasksCount() + d.runningTasksCount()).isEqualTo(1);
    }

    @Test
    void deregisterIsRefusedWhileTasksRunUnlessForced() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("sleeper", 256, 128, "sleep", "3600");
        ecs.startTask(r -> r.taskDefinition("sleeper").containerInstances(ci));

        assertThatThrownBy(() -> ecs.deregisterContainerInstance(r -> r.containerInstance(ci)))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(describe(ci).status()).isEqualTo("ACTIVE");

        ContainerInstance gone = ecs.deregisterContainerInstance(r -> r.containerInstance(ci).force(true))
                .containerInstance();
        assertThat(gone.status()).isEqualTo("INACTIVE");
        assertThat(describe(ci).status()).isEqualTo("INACTIVE");
    }

    @Test
    void aDeregisteredInstanceIsInactiveAndNoLongerListed() {
        List<String> cis = ecsLocal.addInstances("default", 2, 1024, 2048);

        ContainerInstance gone = ecs.deregisterContainerInstance(r -> r.containerInstance(cis.get(0)))
                .containerInstance();

        assertThat(gone.status()).isEqualTo("INACTIVE");
        assertThat(ecs.listContainerInstances(r -> {}).containerInstanceArns()).containsExactly(cis.get(1));
        assertThat(describe(cis.get(0)).status()).as("still describable").isEqualTo("INACTIVE");
        assertThat(ecs.describeClusters(r -> {}).clusters().get(0).registeredContainerInstancesCount()).isEqualTo(1);
        assertThatThrownBy(() -> ecs.deregisterContainerInstance(r -> r.containerInstance(cis.get(0))))
                .as("deregistering twice").isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listContainerInstancesFiltersByStatus() {
        List<String> cis = ecsLocal.addInstances("default", 3, 1024, 2048);
        ecs.updateContainerInstancesState(r -> r.containerInstances(cis.get(1)).status("DRAINING"));

        assertThat(ecs.listContainerInstances(r -> r.status("DRAINING")).containerInstanceArns())
                .containsExactly(cis.get(1));
        assertThat(ecs.listContainerInstances(r -> r.status("ACTIVE")).containerInstanceArns())
                .containsExactly(cis.get(0), cis.get(2));
        assertThat(ecs.listContainerInstances(r -> {}).containerInstanceArns()).containsExactlyElementsOf(cis);
    }

    @Test
    void listContainerInstancesPagesThrough250InstancesExactlyOnce() {
        List<String> cis = ecsLocal.addInstances("big", 250, 1024, 2048);

        List<Integer> sizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListContainerInstancesResponse page = ecs.listContainerInstances(r -> r.cluster("big").nextToken(t));
            sizes.add(page.containerInstanceArns().size());
            seen.addAll(page.containerInstanceArns());
            token = page.nextToken();
        } while (token != null);

        assertThat(sizes).as("pages of at most 100 by default").containsExactly(100, 100, 50);
        assertThat(seen).containsExactlyElementsOf(cis);
        assertThat(ecs.listContainerInstancesPaginator(r -> r.cluster("big").maxResults(100)).containerInstanceArns()
                .stream().toList())
                .containsExactlyElementsOf(cis);
    }

    @Test
    void listContainerInstancesRefusesAFilterExpressionClearly() {
        ecsLocal.addInstances("default", 1, 1024, 2048);

        assertThatThrownBy(() -> ecs.listContainerInstances(r -> r.filter("attribute:ecs.instance-type == t2.micro")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("filter");
    }

    @Test
    void describeContainerInstancesReportsUnknownOnesAsMissing() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);
        String unknownArn = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/"
                + "0123456789abcdef0123456789abcdef";

        DescribeContainerInstancesResponse d = ecs.describeContainerInstances(r -> r
                .containerInstances(ci, "ffffffffffffffffffffffffffffffff", unknownArn));

        assertThat(d.containerInstances()).extracting(ContainerInstance::containerInstanceArn).containsExactly(ci);
        assertThat(d.failures()).extracting(f -> f.reason()).containsOnly("MISSING");
        assertThat(d.failures()).extracting(f -> f.arn()).containsExactly(
                "arn:aws:ecs:us-east-1:000000000000:container-instance/default/ffffffffffffffffffffffffffffffff",
                unknownArn);
    }

    @Test
    void describeContainerInstancesShowsTagsOnlyWhenAskedFor() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);
        ecs.tagResource(r -> r.resourceArn(ci).tags(Tag.builder().key("k").value("v").build()));

        assertThat(ecs.describeContainerInstances(r -> r.containerInstances(ci).include(ContainerInstanceField.TAGS))
                .containerInstances().get(0).tags()).extracting(Tag::key).containsExactly("k");
        assertThat(describe(ci).tags()).isEmpty();
    }

    @Test
    void describeContainerInstancesRefusesMoreThan100() {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);
        List<String> refs = new ArrayList<>(Collections.nCopies(100, ci));

        assertThat(ecs.describeContainerInstances(r -> r.containerInstances(refs)).containerInstances()).hasSize(100);
        refs.add(ci);
        assertThatThrownBy(() -> ecs.describeContainerInstances(r -> r.containerInstances(refs)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void updateContainerInstancesStateDrainsAndReactivates() {
        List<String> cis = ecsLocal.addInstances("default", 2, 1024, 2048);

        UpdateContainerInstancesStateResponse drained = ecs.updateContainerInstancesState(r -> r
                .containerInstances(cis).status("DRAINING"));
        assertThat(drained.containerInstances()).extracting(ContainerInstance::status)
                .containsExactly("DRAINING", "DRAINING");
        assertThat(drained.failures()).isEmpty();
        assertThat(describe(cis.get(0)).status()).isEqualTo("DRAINING");

        ecs.updateContainerInstancesState(r -> r.containerInstances(cis.get(0)).status("ACTIVE"));
        assertThat(describe(cis.get(0)).status()).isEqualTo("ACTIVE");
        assertThat(describe(cis.get(1)).status()).isEqualTo("DRAINING");
    }

    @Test
    void updateContainerInstancesStateReportsUnknownAndInactiveInstancesAsFailures() {
        List<String> cis = ecsLocal.addInstances("default", 2, 1024, 2048);
        ecs.deregisterContainerInstance(r -> r.containerInstance(cis.get(1)));

        UpdateContainerInstancesStateResponse u = ecs.updateContainerInstancesState(r -> r
                .containerInstances(cis.get(0), cis.get(1), "ffffffffffffffffffffffffffffffff").status("DRAINING"));

        assertThat(u.containerInstances()).extracting(ContainerInstance::containerInstanceArn)
                .containsExactly(cis.get(0));
        assertThat(u.failures()).extracting(f -> f.reason()).containsExactly("INACTIVE", "MISSING");
        assertThat(describe(cis.get(1)).status()).isEqualTo("INACTIVE");
    }

    @Test
    void updateContainerInstancesStateRefusesMoreThan10Instances() {
        List<String> cis = ecsLocal.addInstances("default", 11, 1024, 2048);

        assertThatThrownBy(() -> ecs.updateContainerInstancesState(r -> r.containerInstances(cis)
                .status("DRAINING"))).isInstanceOf(InvalidParameterException.class);
        assertThat(ecs.listContainerInstances(r -> r.status("DRAINING")).containerInstanceArns()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"INACTIVE", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED", "draining", "STOPPED"})
    void updateContainerInstancesStateAcceptsOnlyActiveAndDraining(String status) {
        String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);

        assertThatThrownBy(() -> ecs.updateContainerInstancesState(r -> r.containerInstances(ci).status(status)))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(describe(ci).status()).isEqualTo("ACTIVE");
    }

    private ContainerInstance describe(String ci) {
        return ecs.describeContainerInstances(r -> r.containerInstances(ci)).containerInstances().get(0);
    }

    static Resource integer(String name, int value) {
        return Resource.builder().name(name).type("INTEGER").integerValue(value).build();
    }

    static Resource stringSet(String name, String... values) {
        return Resource.builder().name(name).type("STRINGSET").stringSetValue(values).build();
    }

    static Map<String, Resource> byName(List<Resource> resources) {
        return resources.stream().collect(Collectors.toMap(Resource::name, r -> r));
    }

    private static Attribute attr(String name, String value) {
        return Attribute.builder().name(name).value(value).build();
    }

    static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }
}
