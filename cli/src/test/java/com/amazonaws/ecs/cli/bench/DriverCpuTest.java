package com.amazonaws.ecs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DriverCpuTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "ecs-scheduler-driver, true",
        "ecs-scheduler-driver-io-3, true",
        "ecs-scheduler-driver-timer-1, true",
        "ecs-scheduler-driver-2-io-3, true",
        "ecs-mesos-master, true",
        "ecs-mesos-master-io-4, true",
        "ecs-mesos-master-http-21, true",
        "sdk-ScheduledExecutor-0-1, true",
        "idle-connection-reaper, true",
        "ecs-local-http-12, false",
        "HTTP-Dispatcher, false",
        "ecs-mesos-bench, false",
        "main, false",
        "Reference Handler, false",
    })
    void countsTheDriverAndTheSdkOnly(String thread, boolean counted) {
        assertThat(DriverCpu.counted(thread)).isEqualTo(counted);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "ecs-local-http-12, true",
        "HTTP-Dispatcher, true",
        "ecs-scheduler-driver-io-3, false",
        "main, false",
    })
    void ecsLocalIsReportedApart(String thread, boolean ecsLocal) {
        assertThat(DriverCpu.ecsLocal(thread)).isEqualTo(ecsLocal);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "ecs-mesos-master, true",
        "ecs-mesos-master-http-3, true",
        "sdk-ScheduledExecutor-0-1, true",
        "ecs-scheduler-driver-2-io-1, false",
        "ecs-scheduler-driver-2-stream-1, false",
        "ecs-local-http-12, false",
    })
    void theMastersShareIsItsThreadsAndTheSdks(String thread, boolean master) {
        assertThat(DriverCpu.master(thread)).isEqualTo(master);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "ecs-scheduler-driver-1, ecs-scheduler-driver",
        "ecs-scheduler-driver-12-io-3, ecs-scheduler-driver-io",
        "ecs-scheduler-driver-3-timer-1, ecs-scheduler-driver-timer",
        "sdk-ScheduledExecutor-0-1, sdk-ScheduledExecutor",
        "idle-connection-reaper, idle-connection-reaper",
        "ecs-mesos-master-io-7, ecs-mesos-master-io",
        "ecs-mesos-master-http-18, ecs-mesos-master-http",
        "'ecs-mesos-master-http-18-acceptor-0@1932370-oejs.ServerConnector@f54dd32{HTTP/1.1}', ecs-mesos-master-http",
    })
    void threadsAreGroupedWithoutTheirNumbers(String thread, String group) {
        assertThat(DriverCpu.group(thread)).isEqualTo(group);
    }
}
