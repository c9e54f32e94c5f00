package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.HealthCheck;

/** RegisterTaskDefinition refuses the {@code dependsOn} that ECS refuses, with ClientException. */
class ContainerDependsOnValidationTest extends EcsLocalTestBase {

    private static ContainerDefinition.Builder container(String name, boolean essential) {
        return ContainerDefinition.builder().name(name).image("busybox").memory(64).essential(essential);
    }

    private static ContainerDependency on(String name, ContainerCondition condition) {
        return ContainerDependency.builder().containerName(name).condition(condition).build();
    }

    private void refused(String message, ContainerDefinition... containers) {
        assertThatThrownBy(() -> ecs.registerTaskDefinition(r -> r.family("f").containerDefinitions(containers)))
                .isInstanceOf(ClientException.class).hasMessageContaining(message);
    }

    @Test
    void aDependencyOnAnUnknownContainerIsRefusedWithEcsWording() {
        refused("Cannot depend on container + 'ghost' because it does not exist",
                container("app", true).dependsOn(on("ghost", ContainerCondition.START)).build());
    }

    @Test
    void completeOrSuccessOnAnEssentialContainerIsRefused() {
        for (ContainerCondition condition : new ContainerCondition[] {ContainerCondition.COMPLETE,
            ContainerCondition.SUCCESS}) {
            refused("A dependency container with SUCCESS or COMPLETE condition cannot be an essential container",
                    container("init", true).build(),
                    container("app", true).dependsOn(on("init", condition)).build());
        }
    }

    @Test
    void healthyOnAContainerWithoutHealthCheckIsRefused() {
        refused("HEALTHY condition must have health check configured",
                container("db", false).build(),
                container("app", true).dependsOn(on("db", ContainerCondition.HEALTHY)).build());
    }

    @Test
    void cyclesAreRefusedIncludingAContainerOnItself() {
        refused("must not have a cycle",
                container("a", true).dependsOn(on("b", ContainerCondition.START)).build(),
                container("b", false).dependsOn(on("c", ContainerCondition.START)).build(),
                container("c", false).dependsOn(on("a", ContainerCondition.START)).build());
        refused("must not have a cycle", container("a", true).dependsOn(on("a", ContainerCondition.START)).build());
    }

    @Test
    void validDependenciesAreKeptAsRegistered() {
        var td = ecs.registerTaskDefinition(r -> r.family("ok").containerDefinitions(
                container("init", false).build(),
                container("db", false).healthCheck(HealthCheck.builder().command("CMD", "true").build()).build(),
                container("app", true).dependsOn(on("init", ContainerCondition.SUCCESS),
                        on("db", ContainerCondition.HEALTHY)).build())).taskDefinition();
        assertThat(td.containerDefinitions().get(2).dependsOn()).containsExactly(
                on("init", ContainerCondition.SUCCESS), on("db", ContainerCondition.HEALTHY));
        assertThatThrownBy(() -> ecsLocal.call("RegisterTaskDefinition", "{\"family\":\"bad\",\"containerDefinitions\":"
                + "[{\"name\":\"a\",\"image\":\"x\",\"memory\":64,\"dependsOn\":[{\"containerName\":\"a\","
                + "\"condition\":\"DONE\"}]}]}")).hasMessageContaining("InvalidParameterException");
    }
}
