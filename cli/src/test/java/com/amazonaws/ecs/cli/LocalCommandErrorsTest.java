package com.amazonaws.ecs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ecs.local.EcsLocal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input to {@code ecs-mesos local}: one line on stderr naming the problem, a non-zero exit, nothing started. */
class LocalCommandErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --instances -1                   | '--instances': must be 0 or more, got -1
            --time-factor 0                  | '--time-factor': must be more than 0, got 0
            --time-factor -2.5               | '--time-factor': must be more than 0, got -2.5
            --time-factor fast               | '--time-factor': 'fast' is not a double
            --rate-limits foo                | '--rate-limits': expected off or ecs but was 'foo'
            --faults bogus                   | '--faults': fault 'bogus' must be KIND:OPERATION:AMOUNT
            --faults throttle:StartTask:1.5  | '--faults': probability in fault 'throttle:StartTask:1.5'
            --faults melt:StartTask:x1       | '--faults': unknown fault kind 'melt'
            --port 70000                     | '--port': must be between 0 and 65535, got 70000
            --cpu 0                          | '--cpu': must be more than 0, got 0
            --memory -1                      | '--memory': must be more than 0, got -1
            --cluster a/b                    | '--cluster': must be 1 to 255 letters
            --api-latency-ms -1              | '--api-latency-ms': must be 0 or more, got -1
            --frobnicate                     | Unknown option: '--frobnicate'
            """)
    @Timeout(20) // were a bad value accepted, the endpoint would serve until stopped
    void usageErrorsExitTwoWithOneLine(String args, String problem) {
        String port = args.contains("--port") ? "" : " --port 0";
        CommandRun run = CommandRun.of(("local " + args + port).split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("ecs-mesos local: ")
                .contains(problem)
                .doesNotContain("Exception");
    }

    @Test
    void aPortInUseExitsOneWithOneLine() {
        try (EcsLocal other = EcsLocal.builder().build()) {
            CommandRun run = CommandRun.of("local", "--port", String.valueOf(other.port()));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines()).singleElement().asString()
                    .isEqualTo("ecs-mesos local: ecs-local cannot listen on 127.0.0.1:" + other.port()
                            + ": Address already in use");
        }
    }
}
