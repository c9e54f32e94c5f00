package com.amazonaws.ecs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadCallsTest {

    @Test
    void onlyReadsInsideTheWindowCount() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        ReadCalls reads = new ReadCalls(now::get);
        reads.before("DescribeTasks", "{}"); // before the window
        now.set(2_000_000_000L);
        for (int i = 0; i < 3000; i++) {
            reads.before(i % 2 == 0 ? "DescribeTasks" : "ListContainerInstances", "{}");
            reads.before("RunTask", "{}"); // not a read
        }
        now.set(5_000_000_000L);
        reads.before("DescribeContainerInstances", "{}"); // after the window
        assertThat(reads.perSecond(2_000_000_000L, 4_000_000_000L)).isEqualTo(1500.0);
        assertThat(reads.perSecond(0, 4_000_000_000L)).isNaN();
        assertThat(reads.perSecond(4_000_000_000L, 4_000_000_000L)).isNaN();
    }
}
