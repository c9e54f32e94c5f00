package com.amazonaws.ecs.cli;

import static com.amazonaws.ecs.cli.LocalEcs.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ecs-mesos run} against an ecs-local started by the test, through the real driver. */
@Timeout(60)
class RunCommandTest {
    private final LocalEcs local = new LocalEcs(2);

    @AfterEach
    void close() {
        local.close();
    }

    @Test
    void tasksThatFinishExitZeroWithTheirFinalStates() {
        local.taskDefinition("sleeper", "sleep", "30");

        CommandRun run = CommandRun.of(args(new String[] {"run", "--task-definition", "sleeper:1", "--instances", "3"},
                local.target()));

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().filter(l -> l.matches("sleeper-\\w+-\\d  TASK_FINISHED  .*exited with code 0.*")))
                .hasSize(3);
        assertThat(run.out()).contains("launched on agent", "TASK_RUNNING").endsWith("all 3 tasks finished\n");
        assertThat(local.ecsLocal.stats().liveTasks()).isZero();
    }

    @Test
    void aFailingTaskIsTaskFailedWithItsExitCodeAndExitsOne() {
        local.taskDefinition("fails", "sh", "-c", "exit 3");

        CommandRun run = CommandRun.of(args(new String[] {"run", "--task-definition", "fails"}, local.target()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^fails-\\w+-1  TASK_FAILED  .*exited with code 3");
        assertThat(run.err().lines()).containsExactly("ecs-mesos run: 1 of 1 tasks did not finish: 1 TASK_FAILED");
    }

    @Test
    void aFixedHostPortIsTakenFromTheOffersSoTwoTasksLandOnTwoAgents() {
        local.webServer("web", 8080);

        CommandRun run = CommandRun.of(args(new String[] {"run", "--task-definition", "web", "--instances", "2",
                "--timeout", "2s"}, local.target()));

        // The server runs until stopped: the run times out, stops both, and says so.
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("ports [8080]");
        assertThat(run.out().lines().filter(l -> l.contains("launched on agent")).map(l -> l.replaceAll(".* agent (\\w+) .*", "$1"))
                .distinct()).hasSize(2);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("ecs-mesos run: timed out after 2 s with 2 of 2 tasks not finished");
        await().atMost(Duration.ofSeconds(10)).until(() -> local.ecsLocal.stats().liveTasks() == 0);
    }

    @Test
    void anUnknownTaskDefinitionIsOneLine() {
        CommandRun run = CommandRun.of(args(new String[] {"run", "--task-definition", "nope:7"}, local.target()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("ecs-mesos run: task definition 'nope:7' not found in us-east-1");
    }

    @Test
    void anUnknownClusterIsOneLine() {
        CommandRun run = CommandRun.of("run", "--task-definition", "x", "--endpoint", local.ecsLocal.endpoint().toString(),
                "--region", "us-east-1", "--cluster", "elsewhere");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("ecs-mesos run: ECS cluster 'elsewhere' in us-east-1 ("
                + local.ecsLocal.endpoint() + ") not found; set --cluster or AWS_ECS_CLUSTER");
    }

    @Test
    void missingCredentialsAreOneLine() {
        Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null,
                "the environment has credentials");
        local.close(); // clears the credentials the test gave
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.sharedCredentialsFile", "/nonexistent/credentials");
        System.setProperty("aws.configFile", "/nonexistent/config");
        try {
            CommandRun run = CommandRun.of("run", "--task-definition", "x", "--endpoint", "http://127.0.0.1:9",
                    "--region", "us-east-1");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().lines()).singleElement().asString()
                    .startsWith("ecs-mesos run: no AWS credentials found: set AWS_ACCESS_KEY_ID");
        } finally {
            System.clearProperty("aws.disableEc2Metadata");
            System.clearProperty("aws.sharedCredentialsFile");
            System.clearProperty("aws.configFile");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --task-definition x --instances 0      | '--instances': must be 1 or more, got 0
            --task-definition x --cpus -1          | '--cpus': must be more than 0
            --task-definition x --ports 70000      | '--ports': ports must be between 1 and 65535
            --task-definition x --timeout soon     | 'soon' is not a duration
            --task-definition x --endpoint ftp://x | endpoint 'ftp://x' must be an http:// or https:// URL
            --instances 2                          | Missing required option: '--task-definition
            """)
    void badOptionsExitTwoWithOneLine(String options, String problem) {
        CommandRun run = CommandRun.of(("run " + options + " --region us-east-1").split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().startsWith("ecs-mesos run: ").contains(problem);
    }
}
