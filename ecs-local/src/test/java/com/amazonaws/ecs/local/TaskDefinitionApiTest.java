package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

class TaskDefinitionApiTest extends EcsLocalTestBase {
    private static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:task-definition/";

    @Test
    void eachRegistrationOfAFamilyIsTheNextRevision() {
        List<Integer> revisions = Stream.of(1, 2, 3)
                .map(i -> registerTaskDefinition("web", 128, 64, "sleep", String.valueOf(i)).taskDefinition())
                .map(TaskDefinition::revision).toList();
        int other = registerTaskDefinition("worker", 128, 64).taskDefinition().revision();

        assertThat(revisions).containsExactly(1, 2, 3);
        assertThat(other).as("revisions count per family").isEqualTo(1);
        TaskDefinition third = ecs.describeTaskDefinition(r -> r.taskDefinition("web:3")).taskDefinition();
        assertThat(third.taskDefinitionArn()).isEqualTo(ARN_PREFIX + "web:3");
        assertThat(third.statusAsString()).isEqualTo("ACTIVE");
        assertThat(third.containerDefinitions().get(0).command()).containsExactly("sleep", "3");
        assertThat(third.registeredAt()).isNotNull();
    }

    /** Registrations ECS refuses with a ClientException, one rule per row. */
    static Stream<Arguments> invalidDefinitions() {
        ContainerDefinition ok = container("app").build();
        return Stream.of(
                Arguments.of("no memory at task or container level",
                        def(r -> r.containerDefinitions(container("app").memory(null).build()))),
                Arguments.of("memoryReservation above memory",
                        def(r -> r.containerDefinitions(container("app").memory(128).memoryReservation(256).build()))),
                Arguments.of("no essential container",
                        def(r -> r.containerDefinitions(container("a").essential(false).build(),
                                container("b").essential(false).build()))),
                Arguments.of("duplicate container names",
                        def(r -> r.containerDefinitions(container("app").build(), container("app").build()))),
                Arguments.of("duplicate host ports",
                        def(r -> r.containerDefinitions(container("a").portMappings(port(80, 8080)).build(),
                                container("b").essential(false).portMappings(port(81, 8080)).build()))),
                Arguments.of("host mode with hostPort different from containerPort",
                        def(r -> r.networkMode(NetworkMode.HOST)
                                .containerDefinitions(container("app").portMappings(port(80, 8080)).build()))),
                Arguments.of("family with invalid characters",
                        def(r -> r.family("my.family").containerDefinitions(ok))),
                Arguments.of("family longer than 255 characters",
                        def(r -> r.family("f".repeat(256)).containerDefinitions(ok))),
                Arguments.of("no container definitions", def(r -> r.containerDefinitions(List.of()))),
                Arguments.of("container without image",
                        def(r -> r.containerDefinitions(container("app").image(null).build()))),
                Arguments.of("unparseable task cpu", def(r -> r.cpu("lots").containerDefinitions(ok))),
                Arguments.of("unparseable task memory", def(r -> r.memory("2 TB please").containerDefinitions(ok))),
                Arguments.of("negative host port",
                        def(r -> r.containerDefinitions(container("app").portMappings(port(80, -5)).build()))),
                Arguments.of("non-numeric GPU count", def(r -> r.containerDefinitions(container("app")
                        .resourceRequirements(b -> b.type("GPU").value("two")).build()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDefinitions")
    void registerTaskDefinitionRefusesInvalidDefinitions(String rule, Consumer<RegisterTaskDefinitionRequest.Builder> def) {
        assertThatThrownBy(() -> ecs.registerTaskDefinition(def)).isInstanceOf(ClientException.class);
        assertThat(ecs.listTaskDefinitions(r -> r.status(TaskDefinitionStatus.ACTIVE)).taskDefinitionArns())
                .as("nothing registered").isEmpty();
    }

    @Test
    void taskMemoryAloneIsEnoughAndHostModeAcceptsMatchingPorts() {
        TaskDefinition td = ecs.registerTaskDefinition(r -> r.family("host").networkMode(NetworkMode.HOST)
                .memory("512").containerDefinitions(container("app").memory(null).portMappings(port(80, 80)).build(),
                        container("side").memory(null).essential(false).portMappings(port(81, null)).build()))
                .taskDefinition();

        assertThat(td.revision()).isEqualTo(1);
        assertThat(td.networkMode()).isEqualTo(NetworkMode.HOST);
    }

    @ParameterizedTest
    @CsvSource({"1 vCPU, 2 GB, 1024, 2048", "0.5 vcpu, 1GB, 512, 1024", "256, 512, 256, 512", "2 VCPU, 3072, 2048, 3072"})
    void taskLevelSizesAreConvertedToUnitsAndMibAtRegistration(String cpu, String memory, String units, String mib) {
        TaskDefinition registered = ecs.registerTaskDefinition(r -> r.family("sized").cpu(cpu).memory(memory)
                .containerDefinitions(container("app").memory(null).build())).taskDefinition();
        TaskDefinition described = ecs.describeTaskDefinition(r -> r.taskDefinition("sized")).taskDefinition();

        assertThat(List.of(registered.cpu(), registered.memory())).containsExactly(units, mib);
        assertThat(List.of(described.cpu(), described.memory())).containsExactly(units, mib);
    }

    @Test
    void describeTaskDefinitionResolvesFamilyFamilyRevisionAndArn() {
        registerTaskDefinition("web", 128, 64);
        registerTaskDefinition("web", 128, 64);
        registerTaskDefinition("web", 128, 64);
        ecs.deregisterTaskDefinition(r -> r.taskDefinition("web:3"));

        assertThat(describe("web").revision()).as("latest ACTIVE revision").isEqualTo(2);
        assertThat(describe("web:1").revision()).isEqualTo(1);
        assertThat(describe(ARN_PREFIX + "web:3").statusAsString()).as("INACTIVE stays describable").isEqualTo("INACTIVE");
    }

    @Test
    void describeTaskDefinitionIncludesTagsOnlyWhenAskedFor() {
        ecs.registerTaskDefinition(r -> r.family("tagged").containerDefinitions(container("app").build())
                .tags(Tag.builder().key("team").value("infra").build()));

        assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition("tagged").include(TaskDefinitionField.TAGS))
                .tags()).containsExactly(Tag.builder().key("team").value("infra").build());
        assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition("tagged")).hasTags()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"nope", "web:9", "web:x", "arn:aws:ecs:us-east-1:000000000000:task-definition/nope:1"})
    void describeTaskDefinitionOfAnUnknownDefinitionIsAClientException(String ref) {
        registerTaskDefinition("web", 128, 64);

        assertThatThrownBy(() -> ecs.describeTaskDefinition(r -> r.taskDefinition(ref)))
                .isInstanceOf(ClientException.class);
    }

    @Test
    void listTaskDefinitionsFiltersByFamilyAndStatusAndSorts() {
        registerTaskDefinition("web", 128, 64);
        registerTaskDefinition("worker", 128, 64);
        registerTaskDefinition("web", 128, 64);
        registerTaskDefinition("webby", 128, 64);
        registerTaskDefinition("web", 128, 64);
        ecs.deregisterTaskDefinition(r -> r.taskDefinition("web:2"));

        assertThat(arns(ecs.listTaskDefinitions(r -> {}))).containsExactly("web:1", "web:3", "webby:1", "worker:1");
        assertThat(arns(ecs.listTaskDefinitions(r -> r.familyPrefix("web")))).as("the whole family name")
                .containsExactly("web:1", "web:3");
        assertThat(arns(ecs.listTaskDefinitions(r -> r.familyPrefix("web").sort(SortOrder.DESC))))
                .containsExactly("web:3", "web:1");
        assertThat(arns(ecs.listTaskDefinitions(r -> r.status(TaskDefinitionStatus.INACTIVE))))
                .containsExactly("web:2");
    }

    @Test
    void listTaskDefinitionsPagesInSortedOrder() {
        for (int i = 0; i < 5; i++) {
            registerTaskDefinition("b", 128, 64);
            registerTaskDefinition("a", 128, 64);
        }

        ListTaskDefinitionsResponse first = ecs.listTaskDefinitions(r -> r.maxResults(4).sort(SortOrder.DESC));
        ListTaskDefinitionsResponse second = ecs.listTaskDefinitions(r -> r.maxResults(4).sort(SortOrder.DESC)
                .nextToken(first.nextToken()));
        ListTaskDefinitionsResponse third = ecs.listTaskDefinitions(r -> r.maxResults(4).sort(SortOrder.DESC)
                .nextToken(second.nextToken()));

        assertThat(arns(first)).containsExactly("b:5", "b:4", "b:3", "b:2");
        assertThat(arns(second)).containsExactly("b:1", "a:5", "a:4", "a:3");
        assertThat(arns(third)).containsExactly("a:2", "a:1");
        assertThat(third.nextToken()).isNull();
        assertThat(ecs.listTaskDefinitionsPaginator(r -> r.maxResults(3)).taskDefinitionArns().stream().toList())
                .hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void registrationsBetweenPagesNeitherRepeatNorSkip() {
        for (int i = 0; i < 3; i++) {
            registerTaskDefinition("c", 128, 64);
        }
        ListTaskDefinitionsResponse first = ecs.listTaskDefinitions(r -> r.maxResults(2));
        assertThat(arns(first)).containsExactly("c:1", "c:2");
        // "a" sorts before the page already handed out, "c:4" after it.
        registerTaskDefinition("a", 128, 64);
        registerTaskDefinition("c", 128, 64);
        ListTaskDefinitionsResponse second = ecs.listTaskDefinitions(r -> r.maxResults(2)
                .nextToken(first.nextToken()));
        assertThat(arns(second)).containsExactly("c:3", "c:4");
    }

    @Test
    void deregisterTaskDefinitionMakesTheRevisionInactive() {
        registerTaskDefinition("web", 128, 64);
        registerTaskDefinition("web", 128, 64);

        TaskDefinition gone = ecs.deregisterTaskDefinition(r -> r.taskDefinition("web:2")).taskDefinition();

        assertThat(gone.statusAsString()).isEqualTo("INACTIVE");
        assertThat(gone.deregisteredAt()).isNotNull();
        assertThat(describe("web").revision()).isEqualTo(1);

        ecs.deregisterTaskDefinition(r -> r.taskDefinition(ARN_PREFIX + "web:1"));
        assertThatThrownBy(() -> describe("web")).as("no ACTIVE revision left").isInstanceOf(ClientException.class);
        assertThat(registerTaskDefinition("web", 128, 64).taskDefinition().revision())
                .as("revisions are never reused").isEqualTo(3);
    }

    @Test
    void deregisterTaskDefinitionNeedsARevision() {
        registerTaskDefinition("web", 128, 64);

        assertThatThrownBy(() -> ecs.deregisterTaskDefinition(r -> r.taskDefinition("web")))
                .isInstanceOf(ClientException.class);
        assertThatThrownBy(() -> ecs.deregisterTaskDefinition(r -> r.taskDefinition("web:7")))
                .isInstanceOf(ClientException.class);
        assertThat(describe("web:1").statusAsString()).isEqualTo("ACTIVE");
    }

    private TaskDefinition describe(String ref) {
        return ecs.describeTaskDefinition(r -> r.taskDefinition(ref)).taskDefinition();
    }

    private static List<String> arns(ListTaskDefinitionsResponse r) {
        return r.taskDefinitionArns().stream().map(a -> a.substring(ARN_PREFIX.length())).toList();
    }

    private static Consumer<RegisterTaskDefinitionRequest.Builder> def(
            Consumer<RegisterTaskDefinitionRequest.Builder> custom) {
        return r -> custom.accept(r.family("fam"));
    }

    private static ContainerDefinition.Builder container(String name) {
        return ContainerDefinition.builder().name(name).image("busybox").cpu(128).memory(128).essential(true);
    }

    private static PortMapping port(int containerPort, Integer hostPort) {
        return PortMapping.builder().containerPort(containerPort).hostPort(hostPort).build();
    }
}
