package com.amazonaws.ecs.cli.demo;

import java.time.Duration;

/**
 * What the demo must show, in order, each with a deadline in cluster time (scaled by the speed, never below
 * {@link #FLOOR} of real time so a slow machine at a high speed still gets a fair chance).
 */
enum DemoStep {
    REGISTERED("framework registered with the driver", Duration.ofMinutes(10)),
    SERVICE_UP("2 nginx:2 tasks RUNNING on different agents (host port 80 taken)", Duration.ofMinutes(5)),
    BATCH_STARTED("sleep360:1 jobs RUNNING", Duration.ofMinutes(5)),
    KILLED("one nginx killed: TASK_KILLED", Duration.ofMinutes(5)),
    REPLACED("its replacement launched and RUNNING", Duration.ofMinutes(5)),
    BATCH_FINISHED("all " + DemoFramework.JOBS + " sleep360:1 jobs TASK_FINISHED", Duration.ofMinutes(60)),
    STOPPED("driver stopped with stop(false), no ECS task left running", Duration.ofMinutes(10));

    static final Duration FLOOR = Duration.ofSeconds(15);

    final String description;
    private final Duration clusterDeadline;

    DemoStep(String description, Duration clusterDeadline) {
        this.description = description;
        this.clusterDeadline = clusterDeadline;
    }

    /** The real time this step may take at {@code speed}. */
    Duration deadline(double speed) {
        Duration scaled = Duration.ofMillis((long) (clusterDeadline.toMillis() / speed));
        return scaled.compareTo(FLOOR) > 0 ? scaled : FLOOR;
    }
}
