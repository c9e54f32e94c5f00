package com.amazonaws.ecs.local.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
    private final AtomicLong realNanos = new AtomicLong();

    @Test
    void runsFactorTimesFasterAndStaysContinuousWhenTheFactorChanges() {
        VirtualClock clock = new VirtualClock(1_000, 60, realNanos::get);
        realNanos.addAndGet(1_000_000_000L);
        assertThat(clock.nowMillis()).isEqualTo(1_000 + 60_000);
        clock.setFactor(1);
        assertThat(clock.nowMillis()).isEqualTo(61_000);
        realNanos.addAndGet(500_000_000L);
        assertThat(clock.nowMillis()).isEqualTo(61_500);
        assertThat(clock.realMillisUntil(62_500)).isEqualTo(1_000);
        assertThat(clock.realMillisUntil(0)).isZero();
    }

    @Test
    void refusesFactorsThatStopOrReverseTime() {
        assertThatThrownBy(() -> new VirtualClock(0, 0, realNanos::get)).isInstanceOf(IllegalArgumentException.class);
        VirtualClock clock = new VirtualClock(0, 1, realNanos::get);
        assertThatThrownBy(() -> clock.setFactor(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.setFactor(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.factor()).isEqualTo(1);
    }
}
