package com.amazonaws.ecs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bench at a small size, as CI runs it, and its answers to bad input. */
class BenchCommandTest {
    private static final Pattern RESULT = Pattern.compile("(?m)^RESULT tasks=(\\d+) finished=(\\d+) lost=(\\d+) "
            + "duplicates=(\\d+) api_calls=(\\d+) api_calls_per_task=(\\d+\\.\\d\\d) throttled=(\\d+) "
            + "launch_per_s=(\\d+\\.\\d) status_p50_ms=(-?\\d+) status_p99_ms=(-?\\d+) driver_cpu_s=(\\d+\\.\\d\\d) "
            + "heap_mb=(\\d+) wall_s=(\\d+\\.\\d) refused=(\\d+) offer_use_p50_ms=(\\d+|nan) offer_use_p99_ms=(\\d+|nan)"
            + "( frameworks=(\\d+) fairness_max_dev_pct=(\\d+\\.\\d|nan) master_cpu_s=(\\d+\\.\\d\\d) "
            + "master_cpu_steady_pct=(\\d+\\.\\d|nan))? reads_per_s=(\\d+\\.\\d\\d|nan)$");

    @Test
    @Timeout(60)
    void fortyShortTasksAllFinishOnceAndTheResultLineSaysSo() {
        CommandRun run = CommandRun.of("bench", "--agents", "5", "--tasks", "40", "--task-seconds", "2",
                "--time-factor", "10");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("(?m)^bench +\\d+\\.\\d s  launched \\d+/40  started \\d+  running \\d+  finished \\d+"
                        + "  ECS \\d+\\.\\d calls/s  throttled \\d+  driver CPU \\d+\\.\\d%$")
                .containsPattern("(?m)^ecs-local CPU \\(not the driver's\\): \\d+\\.\\d\\d s$")
                .containsPattern("(?m)^ECS calls by action \\(\\d+ received, \\d+ throttled\\): .*RunTask 4\\d")
                .doesNotContain("\033[");
        Matcher m = RESULT.matcher(run.out());
        assertThat(m.find()).as("RESULT line in:%n%s", run.out()).isTrue();
        assertThat(run.out().strip()).endsWith(m.group());
        assertThat(m.group(1)).isEqualTo("40");
        assertThat(m.group(2)).as("finished").isEqualTo("40");
        assertThat(m.group(3)).as("lost").isEqualTo("0");
        assertThat(m.group(4)).as("duplicates").isEqualTo("0");
        assertThat(Double.parseDouble(m.group(6))).as("api_calls_per_task").isGreaterThan(1);
        assertThat(Long.parseLong(m.group(5))).as("api_calls").isGreaterThanOrEqualTo(40);
        assertThat(Double.parseDouble(m.group(8))).as("launch_per_s").isPositive();
        assertThat(Double.parseDouble(m.group(11))).as("driver_cpu_s").isPositive();
        assertThat(Long.parseLong(m.group(12))).as("heap_mb").isPositive();
        assertThat(m.group(14)).as("refused").isEqualTo("0");
        assertThat(Long.parseLong(m.group(15))).as("offer_use_p50_ms of the embedded driver").isNotNegative();
        assertThat(m.group(17)).as("no master figures").isNull();
        assertThat(m.group(22)).as("reads_per_s").isNotNull();
    }

    @Test
    @Timeout(90)
    void withEventsTheStatusComesFromEcsEventsAndTheTasksAllFinishOnce() {
        CommandRun run = CommandRun.of("bench", "--agents", "5", "--tasks", "40", "--task-seconds", "2",
                "--time-factor", "10", "--status-source", "events");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("status from events")
                .containsPattern("Driver CPU by thread group: .*ecs-scheduler-driver-events");
        Matcher m = RESULT.matcher(run.out());
        assertThat(m.find()).as("RESULT line in:%n%s", run.out()).isTrue();
        assertThat(m.group(2)).as("finished").isEqualTo("40");
        assertThat(m.group(3)).as("lost").isEqualTo("0");
        assertThat(m.group(4)).as("duplicates").isEqualTo("0");
    }

    /** Fargate only: every task a RunTask on FARGATE, each finished once, no container instance needed. */
    @Test
    @Timeout(90)
    void fargateTasksRunWithoutInstances() {
        CommandRun run = CommandRun.of("bench", "--fargate", "--agents", "0", "--tasks", "30", "--task-seconds", "2",
                "--time-factor", "10");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("on 0 agents and Fargate (3 zones)").containsPattern("RunTask 3\\d")
                .doesNotContain("StartTask");
        Matcher m = RESULT.matcher(run.out());
        assertThat(m.find()).as("RESULT line in:%n%s", run.out()).isTrue();
        assertThat(m.group(2)).as("finished").isEqualTo("30");
        assertThat(m.group(3)).as("lost").isEqualTo("0");
    }

    /**
     * Three master processes in a ZooKeeper, three frameworks, the leader killed with SIGKILL while they launch:
     * every task finishes, none has two ECS tasks, each framework that still had tasks to launch resumes.
     */
    @Test
    @Timeout(180)
    void aLeaderKilledWhileFrameworksLaunchLosesAndDoublesNothing() {
        CommandRun run = CommandRun.of("bench", "--masters", "3", "--frameworks", "3", "--agents", "10", "--tasks",
                "150", "--task-seconds", "2", "--time-factor", "10");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("killed the leader").contains("with SIGKILL").containsPattern(
                "the master on port \\d+ leads, [0-9.]+ s after the kill");
        Matcher m = Pattern.compile("(?m)^RESULT tasks=150 finished=150 lost=0 duplicates=0 frameworks=3 masters=3 "
                + "relaunched=\\d+ back_s_max=([0-9.]+) back_s=\\S+ gap_s_max=([0-9.]+) ").matcher(run.out());
        assertThat(m.find()).as("RESULT line in:%n%s", run.out()).isTrue();
        assertThat(Double.parseDouble(m.group(2))).as("longest pause after the kill, s").isLessThan(15);
    }

    @Test
    void noAgentsWithoutFargateIsAUsageError() {
        CommandRun run = CommandRun.of("bench", "--agents", "0", "--tasks", "1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--agents").contains("must be 1 or more");
    }

    @Test
    void anUnknownStatusSourceIsAUsageError() {
        CommandRun run = CommandRun.of("bench", "--agents", "1", "--tasks", "1", "--status-source", "carrier-pigeon");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--status-source").contains("polling or events");
    }

    /** Two frameworks through a master in the same JVM, over HTTP: all tasks once, none refused, both served. */
    @Test
    @Timeout(90)
    void twoFrameworksThroughAMasterShareTheTasksAndTheResultLineSaysSo() {
        CommandRun run = CommandRun.of("bench", "--master", "--frameworks", "2", "--agents", "4", "--tasks", "40",
                "--task-seconds", "2", "--time-factor", "10");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("2 framework(s) through an ecs-mesos master")
                .containsPattern("(?m)^ECS calls by action \\(\\d+ received, \\d+ throttled\\): .*RunTask 4\\d")
                .containsPattern("Driver CPU by thread group: .*ecs-mesos-master");
        Matcher m = RESULT.matcher(run.out());
        assertThat(m.find()).as("RESULT line in:%n%s", run.out()).isTrue();
        assertThat(m.group(2)).as("finished").isEqualTo("40");
        assertThat(m.group(3)).as("lost").isEqualTo("0");
        assertThat(m.group(4)).as("duplicates").isEqualTo("0");
        assertThat(m.group(14)).as("refused").isEqualTo("0");
        assertThat(m.group(15)).as("offer_use_p50_ms through the master").isNotEqualTo("nan");
        assertThat(m.group(18)).as("frameworks").isEqualTo("2");
        // fairness_max_dev_pct may be nan here: 40 launches fit ECS's burst, so the frameworks never compete.
        assertThat(Double.parseDouble(m.group(20))).as("master_cpu_s").isPositive();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "--agents 0 --tasks 10                    | Invalid value for option '--agents': must be 1 or more, got 0",
        "--agents 2 --tasks 0                     | Invalid value for option '--tasks': must be 1 or more, got 0",
        "--agents 2 --tasks 5 --task-seconds -1   | Invalid value for option '--task-seconds': must be 0 or more",
        "--agents 2 --tasks 5 --poll-ms 0         | Invalid value for option '--poll-ms': must be 1 or more, got 0",
        "--agents 2 --tasks 5 --api-latency-ms -5 | Invalid value for option '--api-latency-ms': must be 0 or more",
        "--agents 2 --tasks 5 --time-factor 0     | Invalid value for option '--time-factor': must be more than 0",
        "--agents 2 --tasks 5 --rate-limits aws   | Invalid value for option '--rate-limits': expected ecs or off",
        "--agents 2 --tasks many                  | Invalid value for option '--tasks': 'many' is not an int",
        "--agents 2                               | Missing required option: '--tasks=T'",
        "--agents 2 --tasks 5 --frameworks 2      | Invalid value for option '--frameworks': more than one framework needs --master",
        "--agents 2 --tasks 5 --master --frameworks 0 | Invalid value for option '--frameworks': must be 1 or more, got 0",
        "--agents 2 --tasks 5 --master --frameworks 6 | Invalid value for option '--frameworks': must not exceed --tasks (5), got 6",
    })
    void badInputIsOneClearLineAndAUsageError(String args, String message) {
        CommandRun run = CommandRun.of(("bench " + args).split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().startsWith("ecs-mesos bench: " + message);
    }
}
