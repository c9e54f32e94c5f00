package com.amazonaws.ecs.cli.demo;

import com.amazonaws.ecs.local.EcsLocal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The agents (container instances) of the demo cluster with their free CPU and memory, read from the
 * embedded ecs-local in-process, so that refreshing the view adds no ECS calls to the summary's count.
 */
final class Agents {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One container instance: agent ID (= container instance ID), zone, free CPU units and MiB. */
    record Agent(String id, String zone, int freeCpu, int freeMem, int registeredCpu, int registeredMem) {
    }

    private final EcsLocal ecsLocal;
    private final String cluster;

    Agents(EcsLocal ecsLocal, String cluster) {
        this.ecsLocal = ecsLocal;
        this.cluster = cluster;
    }

    List<Agent> list() {
        try {
            JsonNode arns = JSON.readTree(ecsLocal.call("ListContainerInstances",
                    JSON.createObjectNode().put("cluster", cluster).toString())).path("containerInstanceArns");
            List<Agent> agents = new ArrayList<>();
            if (arns.isEmpty()) {
                return agents;
            }
            var request = JSON.createObjectNode().put("cluster", cluster);
            request.set("containerInstances", arns);
            for (JsonNode ci : JSON.readTree(ecsLocal.call("DescribeContainerInstances", request.toString()))
                    .path("containerInstances")) {
                String arn = ci.path("containerInstanceArn").asText();
                String zone = "";
                for (JsonNode a : ci.path("attributes")) {
                    if (a.path("name").asText().equals("ecs.availability-zone")) {
                        zone = a.path("value").asText();
                    }
                }
                agents.add(new Agent(arn.substring(arn.lastIndexOf('/') + 1), zone,
                        resource(ci.path("remainingResources"), "CPU"), resource(ci.path("remainingResources"), "MEMORY"),
                        resource(ci.path("registeredResources"), "CPU"), resource(ci.path("registeredResources"), "MEMORY")));
            }
            return agents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first 8 characters of an agent ID: enough to tell the demo's agents apart. */
    static String shortId(String agentId) {
        return agentId.length() <= 8 ? agentId : agentId.substring(0, 8);
    }

    private static int resource(JsonNode resources, String name) {
        for (JsonNode r : resources) {
            if (r.path("name").asText().equals(name)) {
                return r.path("integerValue").asInt();
            }
        }
        return 0;
    }
}
