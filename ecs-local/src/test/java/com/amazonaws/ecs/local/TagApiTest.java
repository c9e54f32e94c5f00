package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;

class TagApiTest extends EcsLocalTestBase {
    private static final String PREFIX = "arn:aws:ecs:us-east-1:000000000000:";

    @ParameterizedTest
    @ValueSource(strings = {"cluster", "container-instance", "task", "task-definition"})
    void tagUntagAndListOnEveryTaggableResource(String kind) {
        String arn = resource(kind);

        ecs.tagResource(r -> r.resourceArn(arn).tags(tag("team", "infra"), tag("env", "test")));
        ecs.tagResource(r -> r.resourceArn(arn).tags(tag("env", "prod")));
        assertThat(list(arn)).as("a tag key has one value").containsExactlyInAnyOrder(tag("team", "infra"),
                tag("env", "prod"));

        ecs.untagResource(r -> r.resourceArn(arn).tagKeys("team", "not-there"));
        assertThat(list(arn)).containsExactly(tag("env", "prod"));
    }

    @Test
    void aResourceHoldsAtMost50Tags() {
        String arn = resource("cluster");
        ecs.tagResource(r -> r.resourceArn(arn).tags(tags(0, 49)));

        assertThatThrownBy(() -> ecs.tagResource(r -> r.resourceArn(arn).tags(tags(100, 2))))
                .isInstanceOf(InvalidParameterException.class);
        ecs.tagResource(r -> r.resourceArn(arn).tags(tags(200, 1)));
        assertThatThrownBy(() -> ecs.tagResource(r -> r.resourceArn(arn).tags(tags(0, 51))))
                .isInstanceOf(InvalidParameterException.class);

        assertThat(list(arn)).hasSize(50);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "semi;colon|v", "key|value*star", "quote\"|v", "aws:reserved|v", "AWS:Reserved|v", "|empty key"})
    void invalidTagsAreRefusedAndChangeNothing(String key, String value) {
        String arn = resource("cluster");

        assertThatThrownBy(() -> ecs.tagResource(r -> r.resourceArn(arn)
                .tags(tag("fine", "ok"), tag(key == null ? "" : key, value))))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(list(arn)).isEmpty();
    }

    @Test
    void tagKeysAndValuesMayUseLettersDigitsSpacesAndTheDocumentedSigns() {
        String arn = resource("cluster");
        Tag unusual = tag("Équipe 1_.:/=+-@", "välue 2_.:/=+-@");

        ecs.tagResource(r -> r.resourceArn(arn).tags(unusual, tag("k".repeat(128), "v".repeat(256))));

        assertThat(list(arn)).contains(unusual);
        assertThatThrownBy(() -> ecs.tagResource(r -> r.resourceArn(arn).tags(tag("k".repeat(129), "v"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.tagResource(r -> r.resourceArn(arn).tags(tag("k", "v".repeat(257)))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            PREFIX + "cluster/nope",
            PREFIX + "container-instance/default/0123456789abcdef0123456789abcdef",
            PREFIX + "task/default/0123456789abcdef0123456789abcdef",
            PREFIX + "task-definition/nope:1"})
    void unknownResourcesAreNotFound(String arn) {
        ecsLocal.addInstances("default", 1, 1024, 2048);

        assertThatThrownBy(() -> ecs.tagResource(r -> r.resourceArn(arn).tags(tag("k", "v"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> ecs.listTagsForResource(r -> r.resourceArn(arn)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-arn", "arn:aws:ecs:eu-west-1:000000000000:cluster/default",
            "arn:aws:ecs:us-east-1:000000000000:service/default/web"})
    void malformedOrForeignArnsAreRefused(String arn) {
        resource("cluster");

        assertThatThrownBy(() -> ecs.listTagsForResource(r -> r.resourceArn(arn)))
                .isInstanceOf(EcsException.class)
                .satisfies(e -> assertThat(((EcsException) e).statusCode()).isEqualTo(400));
    }

    private String resource(String kind) {
        return switch (kind) {
            case "cluster" -> ecs.createCluster(r -> r.clusterName("tagged")).cluster().clusterArn();
            case "container-instance" -> ecsLocal.addInstances("default", 1, 1024, 2048).get(0);
            case "task" -> {
                String ci = ecsLocal.addInstances("default", 1, 1024, 2048).get(0);
                registerTaskDefinition("sleeper", 128, 64, "sleep", "3600");
                yield ecs.startTask(r -> r.taskDefinition("sleeper").containerInstances(ci)).tasks().get(0).taskArn();
            }
            case "task-definition" -> registerTaskDefinition("web", 128, 64).taskDefinition().taskDefinitionArn();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private List<Tag> list(String arn) {
        return ecs.listTagsForResource(r -> r.resourceArn(arn)).tags();
    }

    private static List<Tag> tags(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> tag("k" + i, "v" + i)).toList();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
