package com.amazonaws.ecs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Cluster time to real time, from ecs-local's reports; the clock is set by hand. */
class EcsTaskChangesTest {
    private static final long MS = 1_000_000;
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void aLateReportDoesNotShiftTheMappingButAPromptOneCorrectsIt() {
        EcsTaskChanges changes = new EcsTaskChanges(10, nanos::get);
        // Created at cluster 50_000 ms, seen 7 ms late (real 1007 ms): the first guess is 7 ms off.
        nanos.set(1007 * MS);
        changes.changed("arn:1", "PROVISIONING", "RUNNING", 50_000);
        // RUNNING at cluster 51_000 (real 1100 ms), applied lazily and seen at real 1500 ms: no better bound.
        nanos.set(1500 * MS);
        changes.changed("arn:1", "RUNNING", "RUNNING", 51_000);
        assertThat(changes.realNanos(51_000) / MS).isCloseTo(1107, within(1e-6));
        // A task created at cluster 52_000 (real 1200 ms) and seen at once: the mapping is now exact.
        nanos.set(1200 * MS);
        changes.changed("arn:2", "PROVISIONING", "RUNNING", 52_000);

        assertThat(changes.realNanos(50_000) / MS).isCloseTo(1000, within(1e-6));
        assertThat(changes.realNanos(51_000) / MS).isCloseTo(1100, within(1e-6));
        assertThat(changes.created()).isEqualTo(2);
        assertThat(changes.lastChangeNanos()).isEqualTo(1200 * MS);
    }

    @Test
    void keepsTheFirstRunningAndStoppedOfEachTaskAndItsCreationTime() {
        EcsTaskChanges changes = new EcsTaskChanges(1, nanos::get);
        nanos.set(10 * MS);
        changes.changed("arn:1", "PROVISIONING", "RUNNING", 1000);
        changes.changed("arn:1", "RUNNING", "RUNNING", 1200);
        changes.changed("arn:1", "RUNNING", "STOPPED", 1300); // desired status changes are reported too
        changes.changed("arn:1", "STOPPED", "STOPPED", 1400);
        nanos.set(510 * MS);
        changes.changed("arn:2", "PROVISIONING", "RUNNING", 1500);

        assertThat(changes.tasks()).containsExactly(
                new EcsTaskChanges.Seen("arn:1", 10 * MS, 1200, 1400),
                new EcsTaskChanges.Seen("arn:2", 510 * MS, 0, 0));
        assertThat(changes.creationsPerSecond()).isCloseTo(4.0, within(1e-9)); // 2 tasks in 0.5 s
    }

    @Test
    void oneTaskHasNoCreationRate() {
        EcsTaskChanges changes = new EcsTaskChanges(1, nanos::get);
        changes.changed("arn:1", "PROVISIONING", "RUNNING", 1000);

        assertThat(changes.creationsPerSecond()).isZero();
    }
}
