package com.amazonaws.ecs.local.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerBehaviourTest {
    @ParameterizedTest(name = "[{0}] runs {1} ms, exits {2}, oom {3}")
    @CsvSource(delimiter = '|', value = {
        "sleep 360              | 360000 | 0   | false",
        "sleep 1.5              | 1500   | 0   | false",
        "sh -c sleep 5; exit 3  | 5000   | 3   | false",
        "sh -c sleep 2; sleep 3 | 5000   | 0   | false",
        "exit 1                 | 0      | 1   | false",
        "sh -c sh -c \"exit 3\"  | 0      | 3   | false",
        "sh -c 'exit 256'       | 0      | 0   | false",
        "sh -c sleep 1; oom     | 1000   | 137 | true",
        "nginx -g daemon off;   | -1     | 0   | false",
        "''                     | -1     | 0   | false",
        "python sleeper.py      | -1     | 0   | false",
        "sleepy 5               | -1     | 0   | false",
        "echo exit 3 is fine    | -1     | 0   | false",
        "bloom 1                | -1     | 0   | false",
    })
    void readsTheCommand(String script, long runMillis, int exitCode, boolean oom) {
        ContainerBehaviour b = ContainerBehaviour.parse(script.replace("'", ""));
        assertThat(b.runMillis()).isEqualTo(runMillis);
        assertThat(b.exitCode()).isEqualTo(exitCode);
        assertThat(b.outOfMemory()).isEqualTo(oom);
    }

    @ParameterizedTest
    @CsvSource({"sleep,30", "sh,-c"})
    void joinsEntryPointAndCommand(String first, String second) {
        ContainerBehaviour b = ContainerBehaviour.of(List.of(first), List.of(second, "sleep 4"));
        assertThat(b.runMillis()).isEqualTo("sleep".equals(first) ? 34_000 : 4_000);
    }
}
