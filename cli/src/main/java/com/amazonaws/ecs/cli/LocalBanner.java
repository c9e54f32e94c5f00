package com.amazonaws.ecs.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ecs-mesos local} prints once it serves: the endpoint and the exact lines that point the
 * AWS CLI, the AWS SDK and the driver at it. A value, so tests can read it without starting anything.
 */
record LocalBanner(URI endpoint, String region, String cluster, int instances, int cpu, int memory,
        double timeFactor, boolean rateLimits, String faults, long apiLatencyMillis) {

    String text() {
        StringBuilder b = new StringBuilder();
        b.append("ecs-local is serving Amazon ECS at ").append(endpoint)
                .append(" (cluster \"").append(cluster).append("\", ").append(instances)
                .append(instances == 1 ? " container instance" : " container instances")
                .append(" of ").append(cpu).append(" CPU units / ").append(memory).append(" MiB)\n");
        String settings = settings();
        if (!settings.isEmpty()) {
            b.append("Settings: ").append(settings).append('\n');
        }
        b.append("  export AWS_ECS_ENDPOINT=").append(endpoint).append('\n');
        b.append("  export AWS_ECS_CLUSTER=").append(cluster).append('\n');
        // AWS CLI v1 reads AWS_DEFAULT_REGION, the SDKs and CLI v2 read AWS_REGION.
        b.append("  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=").append(region)
                .append(" AWS_DEFAULT_REGION=").append(region).append('\n');
        b.append("  aws ecs list-container-instances --endpoint-url ").append(endpoint)
                .append(" --cluster ").append(cluster).append('\n');
        b.append("Control: POST ").append(endpoint).append("/_ecs-local/... (see README). Press Ctrl-C to stop.\n");
        return b.toString();
    }

    /** The settings that differ from the defaults, so a glance shows an unusual endpoint. */
    private String settings() {
        List<String> parts = new ArrayList<>();
        if (timeFactor != 1) {
            parts.add("time factor " + (timeFactor == Math.rint(timeFactor) ? String.valueOf((long) timeFactor)
                    : String.valueOf(timeFactor)));
        }
        if (rateLimits) {
            parts.add("ECS rate limits");
        }
        if (faults != null && !faults.isBlank()) {
            parts.add("faults " + faults);
        }
        if (apiLatencyMillis > 0) {
            parts.add("API latency " + apiLatencyMillis + " ms");
        }
        return String.join(", ", parts);
    }
}
