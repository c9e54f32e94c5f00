package com.amazonaws.ecs.local.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registration checks of {@code dependsOn}, as a table: containers as {@code name[!][+hc]>dep:COND,...}. */
class ContainerOrderingTest {

    /**
     * Parses {@code "init>;app!>init:SUCCESS"}: {@code !} marks an essential container, {@code +hc} one with a
     * health check, and what follows {@code >} its dependencies.
     */
    private static List<ContainerDefinition> containers(String spec) {
        List<ContainerDefinition> out = new ArrayList<>();
        for (String c : spec.split(";")) {
            String[] parts = c.trim().split(">", -1);
            String head = parts[0];
            boolean essential = head.contains("!");
            boolean health = head.contains("+hc");
            String name = head.replace("!", "").replace("+hc", "");
            List<ContainerDefinition.Dependency> deps = new ArrayList<>();
            if (parts.length > 1 && !parts[1].isBlank()) {
                for (String d : parts[1].split(",")) {
                    String[] nc = d.split(":");
                    deps.add(new ContainerDefinition.Dependency(nc[0], nc[1]));
                }
            }
            out.add(new ContainerDefinition(name, "img", 0, 64, null, essential, List.of(), List.of(), List.of(),
                    health, List.of(), 0, deps));
        }
        return out;
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "init>;app!>init:SUCCESS                  | ",
        "init>;app!>init:COMPLETE                 | ",
        "web!>;sidecar>web:START                  | ",
        "db+hc>;app!>db:HEALTHY                   | ",
        "a!>b:START;b>c:START;c>                  | ",
        "app!>ghost:START                         | Cannot depend on container + 'ghost' because it does not exist",
        "init!>;app!>init:SUCCESS                 | cannot be an essential container",
        "init!>;app!>init:COMPLETE                | cannot be an essential container",
        "db>;app!>db:HEALTHY                      | must have health check configured",
        "a!>a:START                               | must not have a cycle",
        "a!>b:START;b>a:START                     | must not have a cycle",
        "a!>b:START;b>c:START;c>a:START           | must not have a cycle",
    })
    void registrationRefusesWhatEcsRefuses(String spec, String problem) {
        String found = ContainerOrdering.invalid(containers(spec));
        if (problem == null) {
            assertThat(found).isNull();
        } else {
            assertThat(found).contains(problem);
        }
    }
}
