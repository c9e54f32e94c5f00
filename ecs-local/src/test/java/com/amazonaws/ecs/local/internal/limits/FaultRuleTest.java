package com.amazonaws.ecs.local.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultRuleTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "throttle:StartTask:0.2 | throttle:StartTask:0.2",
        "server-error:*:x3      | server-error:*:x3",
        "500:*:x3               | server-error:*:x3",
        "latency:*:200ms        | latency:*:200ms",
        "latency:*:2s           | latency:*:2000ms",
        "drop:StartTask:x1      | drop:StartTask:x1",
        "server-error-after:RunTask:0.1 | server-error-after:RunTask:0.1",
        "latency:*:200ms@x2     | latency:*:200ms@x2",
        "event-drop:task:0.1    | event-drop:task:0.1",
        "event-duplicate:*:x2   | event-duplicate:*:x2",
        "event-delay:instance:2s@0.1 | event-delay:instance:2000ms@0.1",
        "event-delay:*:500ms    | event-delay:*:500ms",
        "event-reorder:task:x1  | event-reorder:task:x1",
        "spot-interruption:*:0.05      | spot-interruption:*:0.05",
        "spot-interruption:worker:x3   | spot-interruption:worker:x3",
        "spot-interruption:*:10m@0.1   | spot-interruption:*:600000ms@0.1",
        "spot-interruption:*:30s@x2    | spot-interruption:*:30000ms@x2",
    })
    void parsesEachKind(String spec, String normalized) {
        assertThat(FaultRule.parse(spec)).hasToString(normalized);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "boom:*:x1          | unknown fault kind",
        "throttle:*         | KIND:OPERATION:AMOUNT",
        "throttle:*:1.5     | between 0 and 1",
        "throttle:*:x0      | xN with N > 0",
        "latency:*:soon     | 200ms or 2s",
        "event-drop:RunTask:x1  | must be task, instance or *",
        "event-delay:task:2s@2  | between 0 and 1",
        "event-delay:task:fast  | 200ms or 2s",
        "event-reorder:*:x0     | xN with N > 0",
        "spot-interruption:*:2  | between 0 and 1",
        "spot-interruption:*:1s@5 | between 0 and 1",
    })
    void refusesBadSpecs(String spec, String message) {
        assertThatThrownBy(() -> FaultRule.parseAll(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void countedFaultsAreUsedUpAndOnlyHitTheirOperation() {
        Faults faults = new Faults(1);
        faults.add(FaultRule.parseAll("throttle:StartTask:x2,latency:DescribeTasks:50ms"));
        assertThat(faults.decide("ListTasks").failure()).isNull();
        assertThat(faults.decide("StartTask").failure()).isEqualTo(FaultRule.Kind.THROTTLE);
        assertThat(faults.decide("StartTask").failure()).isEqualTo(FaultRule.Kind.THROTTLE);
        assertThat(faults.decide("StartTask").failure()).isNull();
        assertThat(faults.decide("DescribeTasks").delayMillis()).isEqualTo(50);
        assertThat(faults.describe()).containsExactly("latency:DescribeTasks:50ms");
    }

    @Test
    void eventFaultsAreDecidedForEventsOnlyAndCallFaultsForCallsOnly() {
        Faults faults = new Faults(1);
        faults.add(FaultRule.parseAll("event-drop:*:x1,throttle:*:x1"));
        assertThat(faults.decide("StartTask").failure()).isEqualTo(FaultRule.Kind.THROTTLE);
        assertThat(faults.decideEvent("instance").failure()).isEqualTo(FaultRule.Kind.EVENT_DROP);
        assertThat(faults.decide("StartTask").failure()).isNull();
        assertThat(faults.decideEvent("task").failure()).isNull();
        faults.add(FaultRule.parseAll("event-delay:task:2s@x1"));
        assertThat(faults.decideEvent("instance").delayMillis()).isZero();
        assertThat(faults.decideEvent("task").delayMillis()).isEqualTo(2000);
        assertThat(faults.describe()).isEmpty();
    }

    @Test
    void probabilitiesAreRepeatableForASeed() {
        int hits1 = hits(7);
        assertThat(hits(7)).isEqualTo(hits1);
        assertThat(hits1).isBetween(150, 250);
    }

    private static int hits(long seed) {
        Faults faults = new Faults(seed);
        faults.add(FaultRule.parseAll("server-error:*:0.2"));
        int n = 0;
        for (int i = 0; i < 1000; i++) {
            if (faults.decide("StartTask").failure() != null) {
                n++;
            }
        }
        return n;
    }

    @Test
    void spotInterruptionsAreDecidedForTasksOfTheirFamilyOnly() {
        Faults faults = new Faults(1);
        faults.add(FaultRule.parseAll("spot-interruption:worker:x1,throttle:*:x1,event-drop:*:x1"));
        assertThat(faults.spotInterruption("other")).isNull();
        assertThat(faults.spotInterruption("worker")).isZero();
        assertThat(faults.spotInterruption("worker")).isNull();
        // The other faults were not touched by the tasks, nor is a Spot rule by calls and events.
        faults.add(FaultRule.parseAll("spot-interruption:*:5s@x1"));
        assertThat(faults.decide("RunTask").failure()).isEqualTo(FaultRule.Kind.THROTTLE);
        assertThat(faults.decideEvent("task").failure()).isEqualTo(FaultRule.Kind.EVENT_DROP);
        assertThat(faults.decide("RunTask").failure()).isNull();
        assertThat(faults.spotInterruption("any")).isEqualTo(5000);
        assertThat(faults.describe()).isEmpty();
    }
}
