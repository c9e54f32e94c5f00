package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterContainsContainerInstancesException;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;
import software.amazon.awssdk.services.ecs.model.Tag;

class ClusterApiTest extends EcsLocalTestBase {
    private static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:cluster/";

    @Test
    void createClusterWithoutANameCreatesTheDefaultCluster() {
        Cluster c = ecs.createCluster(r -> {}).cluster();

        assertThat(c.clusterName()).isEqualTo("default");
        assertThat(c.clusterArn()).isEqualTo(ARN_PREFIX + "default");
        assertThat(c.status()).isEqualTo("ACTIVE");
        assertThat(c.registeredContainerInstancesCount()).isZero();
    }

    @Test
    void createClusterIsIdempotent() {
        String first = ecs.createCluster(r -> r.clusterName("prod")).cluster().clusterArn();
        ecsLocal.addInstances("prod", 2, 1024, 2048);

        Cluster again = ecs.createCluster(r -> r.clusterName("prod")).cluster();

        assertThat(again.clusterArn()).isEqualTo(first);
        assertThat(again.registeredContainerInstancesCount()).as("the existing cluster, not a new one").isEqualTo(2);
        assertThat(ecs.listClusters().clusterArns()).containsExactly(first);
    }

    @Test
    void tagsGivenAtCreationAreDescribedOnlyWhenAskedFor() {
        ecs.createCluster(r -> r.clusterName("tagged").tags(tag("team", "infra"), tag("env", "test")));

        Cluster withTags = ecs.describeClusters(r -> r.clusters("tagged").include(ClusterField.TAGS)).clusters().get(0);
        Cluster plain = ecs.describeClusters(r -> r.clusters("tagged")).clusters().get(0);

        assertThat(withTags.tags()).containsExactlyInAnyOrder(tag("team", "infra"), tag("env", "test"));
        assertThat(plain.tags()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "slash/name", "dots.not.allowed", "ümlaut", "colon:name"})
    void createClusterRefusesInvalidNames(String name) {
        assertThatThrownBy(() -> ecs.createCluster(r -> r.clusterName(name)))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(ecs.listClusters().clusterArns()).isEmpty();
    }

    @Test
    void createClusterRefusesANameLongerThan255Characters() {
        assertThat(ecs.createCluster(r -> r.clusterName("c".repeat(255))).cluster().status()).isEqualTo("ACTIVE");
        assertThatThrownBy(() -> ecs.createCluster(r -> r.clusterName("c".repeat(256))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void describeClustersWithoutNamesDescribesTheDefaultCluster() {
        ecs.createCluster(r -> r.clusterName("other"));
        ecs.createCluster(r -> {});

        DescribeClustersResponse d = ecs.describeClusters(r -> {});

        assertThat(d.clusters()).extracting(Cluster::clusterName).containsExactly("default");
        assertThat(d.failures()).isEmpty();
    }

    @Test
    void describeClustersAcceptsNamesAndArnsAndReportsUnknownOnesAsMissing() {
        ecs.createCluster(r -> r.clusterName("a"));

        DescribeClustersResponse d = ecs.describeClusters(r -> r.clusters("a", ARN_PREFIX + "a", "nope"));

        assertThat(d.clusters()).extracting(Cluster::clusterArn).containsExactly(ARN_PREFIX + "a", ARN_PREFIX + "a");
        assertThat(d.failures()).singleElement().satisfies(f -> {
            assertThat(f.arn()).isEqualTo(ARN_PREFIX + "nope");
            assertThat(f.reason()).isEqualTo("MISSING");
        });
    }

    @Test
    void describeClustersWithoutAnyClusterReportsTheDefaultAsMissing() {
        DescribeClustersResponse d = ecs.describeClusters(r -> {});

        assertThat(d.clusters()).isEmpty();
        assertThat(d.failures()).extracting(f -> f.reason()).containsExactly("MISSING");
    }

    @Test
    void describeClustersCountsInstancesAndTasksAndReportsStatisticsWhenAsked() {
        List<String> instances = ecsLocal.addInstances("default", 3, 2048, 4096);
        registerTaskDefinition("sleeper", 256, 128, "sleep", "3600");
        ecs.updateContainerInstancesState(r -> r.containerInstances(instances.get(2)).status("DRAINING"));
        ecs.startTask(r -> r.taskDefinition("sleeper").containerInstances(instances.get(0), instances.get(1)));

        Cluster starting = ecs.describeClusters(r -> r.include(ClusterField.STATISTICS)).clusters().get(0);
        assertThat(starting.registeredContainerInstancesCount()).as("ACTIVE and DRAINING count").isEqualTo(3);
        assertThat(starting.pendingTasksCount()).isEqualTo(2);
        assertThat(starting.runningTasksCount()).isZero();
        assertThat(starting.statistics()).contains(stat("pendingEC2TasksCount", "2"),
                stat("runningEC2TasksCount", "0"));

        ecsLocal.setTimeFactor(1000);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Cluster running = ecs.describeClusters(r -> {}).clusters().get(0);
            assertThat(running.runningTasksCount()).isEqualTo(2);
            assertThat(running.pendingTasksCount()).isZero();
            assertThat(running.statistics()).as("only with include STATISTICS").isEmpty();
        });
    }

    @Test
    void listClustersPagesThroughEveryActiveClusterOnce() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "c" + i;
            created.add(ecs.createCluster(r -> r.clusterName(name)).cluster().clusterArn());
        }
        ecs.deleteCluster(r -> r.cluster("c3"));
        created.remove(ARN_PREFIX + "c3");

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListClustersResponse page = ecs.listClusters(r -> r.maxResults(3).nextToken(t));
            seen.addAll(page.clusterArns());
            pageSizes.add(page.clusterArns().size());
            token = page.nextToken();
        } while (token != null);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(ecs.listClustersPaginator(r -> r.maxResults(2)).clusterArns().stream().toList()).containsExactlyElementsOf(created);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void listClustersRefusesMaxResultsOutside1To100(int max) {
        assertThatThrownBy(() -> ecs.listClusters(r -> r.maxResults(max)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listClustersRefusesATokenItDidNotIssue() {
        assertThatThrownBy(() -> ecs.listClusters(r -> r.nextToken("not-a-token")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void deleteClusterIsRefusedWhileInstancesAreRegistered() {
        List<String> instances = ecsLocal.addInstances("busy", 2, 1024, 2048);
        ecs.updateContainerInstancesState(r -> r.cluster("busy").containerInstances(instances.get(0))
                .status("DRAINING"));
        ecs.deregisterContainerInstance(r -> r.cluster("busy").containerInstance(instances.get(1)));

        assertThatThrownBy(() -> ecs.deleteCluster(r -> r.cluster("busy")))
                .as("a DRAINING instance is still registered")
                .isInstanceOf(ClusterContainsContainerInstancesException.class);
        assertThat(ecs.describeClusters(r -> r.clusters("busy")).clusters().get(0).status()).isEqualTo("ACTIVE");
    }

    @Test
    void aDeletedClusterIsInactiveAndUnusable() {
        String instance = ecsLocal.addInstances("gone", 1, 1024, 2048).get(0);
        ecs.deregisterContainerInstance(r -> r.cluster("gone").containerInstance(instance));

        Cluster deleted = ecs.deleteCluster(r -> r.cluster(ARN_PREFIX + "gone")).cluster();

        assertThat(deleted.status()).isEqualTo("INACTIVE");
        assertThat(ecs.describeClusters(r -> r.clusters("gone")).clusters())
                .extracting(Cluster::status).containsExactly("INACTIVE");
        assertThat(ecs.listClusters().clusterArns()).doesNotContain(ARN_PREFIX + "gone");
        assertThatThrownBy(() -> ecs.listContainerInstances(r -> r.cluster("gone")))
                .isInstanceOf(ClusterNotFoundException.class);
        assertThatThrownBy(() -> ecs.registerContainerInstance(r -> r.cluster("gone")))
                .isInstanceOf(ClusterNotFoundException.class);
        assertThatThrownBy(() -> ecs.deleteCluster(r -> r.cluster("gone")))
                .isInstanceOf(ClusterNotFoundException.class);
    }

    @Test
    void aDeletedClusterCanBeCreatedAgainEmpty() {
        String instance = ecsLocal.addInstances("phoenix", 1, 1024, 2048).get(0);
        ecs.deregisterContainerInstance(r -> r.cluster("phoenix").containerInstance(instance));
        ecs.deleteCluster(r -> r.cluster("phoenix"));

        Cluster reborn = ecs.createCluster(r -> r.clusterName("phoenix")).cluster();

        assertThat(reborn.status()).isEqualTo("ACTIVE");
        assertThat(reborn.registeredContainerInstancesCount()).isZero();
        assertThat(ecs.listContainerInstances(r -> r.cluster("phoenix")).containerInstanceArns()).isEmpty();
    }

    @Test
    void deleteClusterOfAnUnknownClusterFails() {
        assertThatThrownBy(() -> ecs.deleteCluster(r -> r.cluster("never")))
                .isInstanceOf(ClusterNotFoundException.class);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static KeyValuePair stat(String name, String value) {
        return KeyValuePair.builder().name(name).value(value).build();
    }
}
