package com.amazonaws.ecs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo, as CI runs it: fast, quiet, and its summary checked. */
class DemoCommandTest {

    @Test
    @Timeout(90)
    void theDemoShowsEveryStepAndExitsZero() {
        CommandRun run = CommandRun.of("demo", "--speed", "600", "--quiet");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Summary\n")
                .contains("  steps          7 of 7 done\n")
                .containsPattern("(?m)^    TASK_FINISHED  8  job-1 job-2 job-3 job-4 job-5 job-6 job-7 job-8$")
                .containsPattern("(?m)^    TASK_KILLED    1  nginx-1$")
                .containsPattern("(?m)^    TASK_RUNNING   2  nginx-2 nginx-3$")
                .contains("  replacement    nginx-1 killed, nginx-3 launched in its place and RUNNING\n")
                .contains("  ECS tasks      0 left running after stop(false)\n")
                .containsPattern("ECS calls +\\d+: .*RunTask 11.*")
                .containsPattern("StopTask [1-9]")
                .containsPattern("(?m)^  offers +\\d+ made, [4-9] used, \\d+ declined$");
        assertThat(run.out()).doesNotContain("FAILED", "\033[");
    }

    @Test
    void oneInstanceIsAUsageError() {
        CommandRun run = CommandRun.of("demo", "--instances", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("ecs-mesos demo: Invalid value for option '--instances': must be 2 or more");
    }
}
