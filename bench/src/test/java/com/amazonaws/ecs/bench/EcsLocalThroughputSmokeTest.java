package com.amazonaws.ecs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Checks that the bench command still runs end to end, at a tiny size. It asserts no speed: the
 * figures are measured by running the bench by hand (BENCHMARKS.md), never in the test suite.
 */
class EcsLocalThroughputSmokeTest {

    @Test
    void runsTheWholeBenchAtATinySize() throws Exception {
        EcsLocalThroughput.Options tiny = EcsLocalThroughput.Options.parse(new String[] {
            "--instances", "100", "--tasks", "20", "--threads", "4", "--http-threads", "4",
            "--warmup", "0.5", "--duration", "1"});
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        EcsLocalThroughput.Result r = EcsLocalThroughput.run(tiny, new PrintStream(report, true, StandardCharsets.UTF_8));

        String text = report.toString(StandardCharsets.UTF_8);
        assertThat(r.errors()).as(text).isZero();
        assertThat(r.operations()).containsOnlyKeys("DescribeTasks", "StartTask", "ListTasks");
        assertThat(r.operations().values()).allSatisfy(op -> assertThat(op.count()).as(text).isPositive());
        assertThat(r.stats().containerInstances()).isEqualTo(100);
        assertThat(r.stats().tasks()).isGreaterThanOrEqualTo(20);
        assertThat(r.heapMegabytes()).isPositive();
        assertThat(r.resultLine()).startsWith("RESULT ecs_local_rps=").contains(" errors=0 ");
    }
}
