package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.PlacementConstraint;
import software.amazon.awssdk.services.ecs.model.PlacementConstraintType;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

/** RunTask placement, ListTasks filters and pages, DescribeTasks with tags and failures, StopTask. */
class TaskQueriesTest extends EcsLocalTestBase {

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        return builder.timeFactor(100);
    }

    @Test
    void runTaskPlacesUpToCountAndReportsWhatDidNotFit() {
        List<String> cis = ecsLocal.addInstances("default", 3, 2048, 4096);
        registerWebServer("nginx", 80);
        RunTaskResponse r = ecs.runTask(x -> x.taskDefinition("nginx").count(5));
        assertThat(r.tasks()).hasSize(3);
        assertThat(r.tasks()).extracting(Task::containerInstanceArn).containsExactlyInAnyOrderElementsOf(cis);
        assertThat(r.failures()).extracting(Failure::reason).containsOnly("RESOURCE:PORTS");
    }

    @Test
    void runTaskWithDistinctInstanceAndClientTokenIsIdempotent() {
        ecsLocal.addInstances("default", 2, 4096, 8192);
        registerTaskDefinition("t", 128, 128, "sleep", "3600");
        RunTaskResponse first = ecs.runTask(x -> x.taskDefinition("t").count(2).clientToken("token-1")
                .placementConstraints(PlacementConstraint.builder().type(PlacementConstraintType.DISTINCT_INSTANCE)
                        .build()));
        assertThat(first.tasks()).extracting(Task::containerInstanceArn).doesNotHaveDuplicates();
        RunTaskResponse again = ecs.runTask(x -> x.taskDefinition("t").count(2).clientToken("token-1")
                .placementConstraints(PlacementConstraint.builder().type(PlacementConstraintType.DISTINCT_INSTANCE)
                        .build()));
        assertThat(again.tasks()).extracting(Task::taskArn)
                .containsExactlyInAnyOrderElementsOf(first.tasks().stream().map(Task::taskArn).toList());
        assertThat(ecs.listTasks(l -> l.family("t")).taskArns()).hasSize(2);
        // The same token with another request is ECS's ConflictException, and starts nothing.
        assertThatThrownBy(() -> ecs.runTask(x -> x.taskDefinition("t").count(1).clientToken("token-1")))
                .isInstanceOf(software.amazon.awssdk.services.ecs.model.ConflictException.class)
                .hasMessageContaining("token-1");
        assertThat(ecs.listTasks(l -> l.family("t")).taskArns()).hasSize(2);
    }

    @Test
    void aClientTokenIsForgottenAfter24HoursOfClusterTime() {
        ecsLocal.addInstances("default", 1, 4096, 8192);
        registerTaskDefinition("t", 128, 128, "sleep", "3600000");
        String first = ecs.runTask(x -> x.taskDefinition("t").clientToken("day-1")).tasks().get(0).taskArn();
        assertThat(ecs.runTask(x -> x.taskDefinition("t").clientToken("day-1")).tasks().get(0).taskArn())
                .as("within the day: the same task").isEqualTo(first);

        ecsLocal.setTimeFactor(1_000_000); // a day of cluster time in about 90 ms
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(100)).until(() -> !ecs.runTask(
                x -> x.taskDefinition("t").clientToken("day-1")).tasks().get(0).taskArn().equals(first));
        ecsLocal.setTimeFactor(100);
    }

    @Test
    void runTaskWithMemberOfPinsTheTaskToTheInstancesTheExpressionAdmits() {
        List<String> cis = ecsLocal.addInstances("default", 3, 4096, 8192);
        registerTaskDefinition("t", 128, 128, "sleep", "3600");
        List<software.amazon.awssdk.services.ecs.model.ContainerInstance> described = ecs.describeContainerInstances(
                d -> d.containerInstances(cis)).containerInstances();
        String target = described.get(1).ec2InstanceId();

        for (int i = 0; i < 5; i++) {
            RunTaskResponse pinned = ecs.runTask(x -> x.taskDefinition("t").placementConstraints(PlacementConstraint
                    .builder().type(PlacementConstraintType.MEMBER_OF).expression("ec2InstanceId == " + target).build()));
            assertThat(pinned.tasks()).extracting(Task::containerInstanceArn).containsExactly(cis.get(1));
        }
        RunTaskResponse others = ecs.runTask(x -> x.taskDefinition("t").count(4).placementConstraints(PlacementConstraint
                .builder().type(PlacementConstraintType.MEMBER_OF)
                .expression("ec2InstanceId not in ['" + target + "'] and agentConnected == true").build()));
        assertThat(others.tasks()).extracting(Task::containerInstanceArn).doesNotContain(cis.get(1)).hasSize(4);
        RunTaskResponse byAttribute = ecs.runTask(x -> x.taskDefinition("t").placementConstraints(PlacementConstraint
                .builder().type(PlacementConstraintType.MEMBER_OF).expression("attribute:ecs.instance-type == nope")
                .build()));
        assertThat(byAttribute.tasks()).isEmpty();
        assertThat(byAttribute.failures()).extracting(Failure::reason)
                .containsOnly("MemberOf placement constraint unsatisfied.");
        assertThatThrownBy(() -> ecs.runTask(x -> x.taskDefinition("t").placementConstraints(PlacementConstraint
                .builder().type(PlacementConstraintType.MEMBER_OF).expression("runningTasksCount == 0").build())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("runningTasksCount")
                .hasMessageContaining("ec2InstanceId");
    }

    @Test
    void aPinnedRunTaskOnAFullInstanceFailsForItsResourceNotAnotherInstance() {
        List<String> cis = ecsLocal.addInstances("default", 2, 1024, 2048);
        registerTaskDefinition("big", 1024, 128, "sleep", "3600");
        String first = ecs.describeContainerInstances(d -> d.containerInstances(cis.get(0))).containerInstances().get(0)
                .ec2InstanceId();
        ecs.startTask(s -> s.taskDefinition("big").containerInstances(cis.get(0)));

        RunTaskResponse r = ecs.runTask(x -> x.taskDefinition("big").placementConstraints(PlacementConstraint.builder()
                .type(PlacementConstraintType.MEMBER_OF).expression("ec2InstanceId == " + first).build()));

        assertThat(r.tasks()).isEmpty();
        assertThat(r.failures()).filteredOn(f -> cis.get(0).equals(f.arn())).extracting(Failure::reason)
                .containsExactly("RESOURCE:CPU");
    }

    @Test
    void runTaskWithoutInstancesSaysSo() {
        ecsLocal.createCluster("default");
        registerTaskDefinition("t", 128, 128, "sleep", "3600");
        RunTaskResponse r = ecs.runTask(x -> x.taskDefinition("t"));
        assertThat(r.tasks()).isEmpty();
        assertThat(r.failures().get(0).reason()).isEqualTo("No Container Instances were found in your cluster.");
        // Fargate needs no instance, but this bridge-mode definition cannot run there.
        assertThatThrownBy(() -> ecs.runTask(x -> x.taskDefinition("t").launchType("FARGATE")))
                .isInstanceOf(software.amazon.awssdk.services.ecs.model.ClientException.class)
                .hasMessageContaining("Task definition does not support launch_type FARGATE.");
        assertThatThrownBy(() -> ecs.runTask(x -> x.taskDefinition("t").launchType("EXTERNAL")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("EC2");
        assertThatThrownBy(() -> ecs.runTask(x -> x.taskDefinition("t").count(11)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listTasksFiltersByStartedByFamilyInstanceAndDesiredStatus() {
        List<String> cis = ecsLocal.addInstances("default", 2, 4096, 8192);
        registerTaskDefinition("a", 128, 128, "sleep", "3600");
        registerTaskDefinition("b", 128, 128, "sleep", "3600");
        Task a1 = ecs.startTask(s -> s.taskDefinition("a").containerInstances(cis.get(0)).startedBy("fw-1")).tasks()
                .get(0);
        ecs.startTask(s -> s.taskDefinition("b").containerInstances(cis.get(1)).startedBy("fw-1"));
        ecs.startTask(s -> s.taskDefinition("a").containerInstances(cis.get(1)).startedBy("fw-2"));
        ecs.stopTask(s -> s.task(a1.taskArn()));

        assertThat(ecs.listTasks(l -> l.startedBy("fw-1")).taskArns()).hasSize(1);
        assertThat(ecs.listTasks(l -> l.startedBy("fw-1").desiredStatus(DesiredStatus.STOPPED)).taskArns())
                .containsExactly(a1.taskArn());
        assertThat(ecs.listTasks(l -> l.family("a")).taskArns()).hasSize(1);
        assertThat(ecs.listTasks(l -> l.containerInstance(cis.get(1))).taskArns()).hasSize(2);
        assertThat(ecs.listTasks(l -> l.desiredStatus(DesiredStatus.PENDING)).taskArns()).isEmpty();
        assertThat(ecs.listTasks(l -> l.cluster("default")).taskArns()).hasSize(2);
        assertThatThrownBy(() -> ecs.listTasks(l -> l.startedBy("fw-1").family("a")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("only filter");
    }

    @Test
    void listTasksPagesWithoutRepeatsOrGaps() {
        String ci = ecsLocal.addInstances("default", 1, 100_000, 100_000).get(0);
        registerTaskDefinition("t", 1, 6, "sleep", "3600");
        Set<String> started = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            ecs.runTask(x -> x.taskDefinition("t").count(10).startedBy("pager")).tasks()
                    .forEach(t -> started.add(t.taskArn()));
        }
        assertThat(started).hasSize(250);
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListTasksResponse page = ecs.listTasks(l -> l.startedBy("pager").maxResults(100).nextToken(t));
            seen.addAll(page.taskArns());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(started);
        // The SDK paginator walks the same pages.
        assertThat(ecs.listTasksPaginator(l -> l.startedBy("pager").maxResults(40)).taskArns()).hasSize(250);
        assertThatThrownBy(() -> ecs.listTasks(l -> l.nextToken("garbage")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void describeTasksIncludesTagsOnRequestAndReportsMissingOnes() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        registerTaskDefinition("t", 128, 128, "sleep", "3600");
        Task t = ecs.startTask(s -> s.taskDefinition("t").containerInstances(ci)
                .tags(Tag.builder().key("mesos.task-id").value("web.1").build())).tasks().get(0);
        String id = t.taskArn().substring(t.taskArn().lastIndexOf('/') + 1);
        var withTags = ecs.describeTasks(d -> d.tasks(id, "ffffffffffffffffffffffffffffffff").include(TaskField.TAGS));
        assertThat(withTags.tasks()).hasSize(1);
        assertThat(withTags.tasks().get(0).tags()).containsExactly(Tag.builder().key("mesos.task-id").value("web.1")
                .build());
        assertThat(withTags.failures()).extracting(Failure::reason).containsExactly("MISSING");
        assertThat(withTags.failures().get(0).arn()).endsWith("/default/ffffffffffffffffffffffffffffffff");
        assertThat(ecs.describeTasks(d -> d.tasks(t.taskArn())).tasks().get(0).tags()).isEmpty();

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add("task-" + i);
        }
        assertThatThrownBy(() -> ecs.describeTasks(d -> d.tasks(tooMany)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void stopTaskOfAnUnknownTaskIsRefused() {
        ecsLocal.addInstances("default", 1, 2048, 4096);
        assertThatThrownBy(() -> ecs.stopTask(s -> s.task("0123456789abcdef0123456789abcdef")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("not found");
    }

    @Test
    void stoppingAPendingTaskNeverRunsIt() {
        String ci = ecsLocal.addInstances("default", 1, 2048, 4096).get(0);
        ecsLocal.setTimeFactor(0.01);
        registerTaskDefinition("t", 128, 128, "sleep", "3600");
        Task t = ecs.startTask(s -> s.taskDefinition("t").containerInstances(ci)).tasks().get(0);
        ecs.stopTask(s -> s.task(t.taskArn()));
        ecsLocal.setTimeFactor(100);
        await().atMost(Duration.ofSeconds(20)).until(() -> ecs.describeTasks(d -> d.tasks(t.taskArn())).tasks().get(0)
                .lastStatus().equals("STOPPED"));
        Task stopped = ecs.describeTasks(d -> d.tasks(t.taskArn())).tasks().get(0);
        assertThat(stopped.startedAt()).isNull();
        assertThat(stopped.containers().get(0).exitCode()).isNull();
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
    }
}
