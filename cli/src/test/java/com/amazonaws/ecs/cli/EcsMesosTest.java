package com.amazonaws.ecs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EcsMesosTest {

    @Test
    void helpListsTheLocalCommand() {
        CommandRun run = CommandRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: ecs-mesos").containsPattern("(?m)^\\s+local\\s+Serve Amazon ECS");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void helpListsTheDemoRunAndOffersCommands() {
        CommandRun run = CommandRun.of("--help");

        assertThat(run.out()).containsPattern("(?m)^\\s+demo\\s+Run a small Mesos framework")
                .containsPattern("(?m)^\\s+run\\s+Run N tasks of an ECS task definition")
                .containsPattern("(?m)^\\s+offers\\s+Print the offers");
    }

    @Test
    void versionIsTheProjectVersion() {
        CommandRun run = CommandRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("0.1");
    }

    @Test
    void withoutACommandItShowsTheCommands() {
        CommandRun run = CommandRun.of();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("local");
    }

    @Test
    void anUnknownCommandIsOneLineAndExitCodeTwo() {
        CommandRun run = CommandRun.of("launch-rockets");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("ecs-mesos: ").contains("launch-rockets");
    }

    @Test
    void localHelpListsExactlyTheDocumentedOptions() {
        CommandRun run = CommandRun.of("local", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--port=PORT", "--bind=ADDRESS", "--cluster=NAME", "--instances=N",
                "--cpu=UNITS", "--memory=MIB", "--time-factor=FACTOR", "--rate-limits=off|ecs", "--faults=SPEC",
                "--api-latency-ms=MS");
        assertThat(EcsMesos.commandLine().getSubcommands().get("local").getCommandSpec().options())
                .extracting(o -> o.longestName())
                .containsExactlyInAnyOrder("--help", "--port", "--bind", "--cluster", "--instances", "--cpu",
                        "--memory", "--time-factor", "--rate-limits", "--faults", "--api-latency-ms", "--events",
                        "--sqs-endpoint", "--subnets", "--fargate-vcpu-quota");
    }
}
