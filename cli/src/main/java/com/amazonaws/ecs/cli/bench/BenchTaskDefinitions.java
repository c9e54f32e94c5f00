package com.amazonaws.ecs.cli.bench;

import com.amazonaws.ecs.local.EcsLocal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The task definitions a bench run's tasks name, registered in ecs-local up front (in-process, not counted as ECS
 * calls): {@code bench-sleep} for container instances, {@code bench-sleep-fargate} (awsvpc, 0.25 vCPU / 512 MiB)
 * for Fargate, whose subnets are three, one per zone.
 */
final class BenchTaskDefinitions {
    static final String FAMILY = "bench-sleep";
    static final String FARGATE_FAMILY = "bench-sleep-fargate";
    static final List<String> SUBNET_SPECS = List.of("subnet-bench-a=us-east-1a:10.1.0.0/16",
            "subnet-bench-b=us-east-1b:10.2.0.0/16", "subnet-bench-c=us-east-1c:10.3.0.0/16");
    static final List<String> SUBNETS = List.of("subnet-bench-a", "subnet-bench-b", "subnet-bench-c");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchTaskDefinitions() {}

    /** {@code bench-sleep}: one container running {@code sleep SECONDS}; returns {@code family:revision}. */
    static String ec2(EcsLocal ecsLocal, int seconds) {
        ObjectNode request = JSON.createObjectNode().put("family", FAMILY);
        ObjectNode container = request.putArray("containerDefinitions").addObject()
                .put("name", "sleep").put("image", "busybox").put("cpu", 10).put("memory", 10).put("essential", true);
        container.putArray("command").add("sleep").add(String.valueOf(seconds));
        return register(ecsLocal, request);
    }

    /** {@code bench-sleep-fargate}: the same container, awsvpc, Fargate's smallest size. */
    static String fargate(EcsLocal ecsLocal, int seconds) {
        ObjectNode request = JSON.createObjectNode().put("family", FARGATE_FAMILY).put("networkMode", "awsvpc")
                .put("cpu", "256").put("memory", "512");
        request.putArray("requiresCompatibilities").add("FARGATE");
        ObjectNode container = request.putArray("containerDefinitions").addObject()
                .put("name", "sleep").put("image", "busybox").put("essential", true);
        container.putArray("command").add("sleep").add(String.valueOf(seconds));
        return register(ecsLocal, request);
    }

    private static String register(EcsLocal ecsLocal, ObjectNode request) {
        JsonNode td = read(ecsLocal.call("RegisterTaskDefinition", request.toString())).path("taskDefinition");
        if (td.isMissingNode()) {
            throw new IllegalStateException("ecs-local did not register " + request.path("family").asText());
        }
        return td.path("family").asText() + ":" + td.path("revision").asInt();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
