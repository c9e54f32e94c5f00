package com.amazonaws.ecs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The control endpoint ({@code /_ecs-local/...}, not part of the ECS API) that lets tools outside
 * the JVM drive {@link EcsLocal}: all requests are POST with a JSON body, answers are JSON.
 *
 * <pre>
 * POST /_ecs-local/instances/add        {"cluster":"default","count":2,"cpu":2048,"memory":4096}
 * POST /_ecs-local/instances/remove     {"cluster":"default","instance":"ID or ARN"}
 * POST /_ecs-local/instances/disconnect {"cluster":"default","instance":"..."}
 * POST /_ecs-local/instances/reconnect  {"cluster":"default","instance":"..."}
 * POST /_ecs-local/instances/terminate  {"cluster":"default","instance":"..."}
 * POST /_ecs-local/time-factor          {"factor":60}
 * POST /_ecs-local/faults               {"spec":"throttle:StartTask:x2"}
 * POST /_ecs-local/faults/clear         {}
 * POST /_ecs-local/tasks/interrupt-spot {"task":"FARGATE_SPOT task ARN"}
 * GET  /_ecs-local/stats
 * GET  /_ecs-local/events               {"enabled":true,"sqsEndpoint":"http://127.0.0.1:PORT","region":"us-east-1"}
 * </pre>
 * The events answer lets tools outside the JVM ({@code ecs-mesos events setup}) find the SQS endpoint that
 * events are delivered to; EventBridge itself is served on ecs-local's own endpoint.
 */
final class ControlEndpoint implements HttpHandler {
    private final EcsLocal local;
    private final ObjectMapper mapper;

    ControlEndpoint(EcsLocal local, ObjectMapper mapper) {
        this.local = local;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring("/_ecs-local/".length());
            int status = 200;
            JsonNode answer;
            try {
                JsonNode body = readBody(exchange);
                answer = dispatch(exchange.getRequestMethod(), path, body);
            } catch (IllegalArgumentException e) {
                status = 400;
                answer = mapper.createObjectNode().put("error", e.getMessage());
            } catch (RuntimeException e) {
                status = 500;
                answer = mapper.createObjectNode().put("error", e.toString());
            }
            byte[] bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private JsonNode readBody(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (bytes.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body must be JSON: " + e.getMessage().split("\n")[0]);
        }
    }

    private JsonNode dispatch(String method, String path, JsonNode body) {
        ObjectNode ok = mapper.createObjectNode().put("ok", true);
        if ("stats".equals(path)) {
            return mapper.valueToTree(local.stats());
        }
        if ("events".equals(path)) {
            java.net.URI sqs = local.sqsEndpoint();
            return mapper.createObjectNode().put("enabled", sqs != null)
                    .put("sqsEndpoint", sqs == null ? null : sqs.toString())
                    .put("eventBridgeEndpoint", local.endpoint().toString())
                    .put("region", local.region());
        }
        if (!"POST".equals(method)) {
            throw new IllegalArgumentException("use POST for /_ecs-local/" + path);
        }
        String cluster = body.path("cluster").asText("default");
        switch (path) {
            case "instances/add" -> {
                InstanceSpec spec = InstanceSpec.of(body.path("cpu").asInt(2048), body.path("memory").asInt(4096))
                        .inCluster(cluster).withGpus(body.path("gpus").asInt(0));
                if (body.hasNonNull("zone")) {
                    spec = spec.withZone(body.get("zone").asText());
                }
                if (body.hasNonNull("instanceType")) {
                    spec = spec.withInstanceType(body.get("instanceType").asText());
                }
                for (var it = body.path("attributes").fields(); it.hasNext(); ) {
                    var e = it.next();
                    spec = spec.withAttribute(e.getKey(), e.getValue().asText());
                }
                int count = body.path("count").asInt(1);
                if (count < 1 || count > 1000) {
                    throw new IllegalArgumentException("count must be between 1 and 1000");
                }
                var arns = ok.putArray("containerInstanceArns");
                for (int i = 0; i < count; i++) {
                    arns.add(local.addInstance(spec));
                }
                return ok;
            }
            case "instances/remove" -> local.removeInstance(cluster, instance(body));
            case "instances/disconnect" -> local.disconnectAgent(cluster, instance(body));
            case "instances/reconnect" -> local.reconnectAgent(cluster, instance(body));
            case "instances/terminate" -> local.terminateInstance(cluster, instance(body));
            case "time-factor" -> {
                if (!body.path("factor").isNumber()) {
                    throw new IllegalArgumentException("factor must be a number");
                }
                local.setTimeFactor(body.get("factor").asDouble());
            }
            case "faults" -> local.injectFaults(body.path("spec").asText(""));
            case "faults/clear" -> local.clearFaults();
            case "tasks/interrupt-spot" -> ok.put("interrupted", local.interruptSpot(body.path("task").asText(null)));
            default -> throw new IllegalArgumentException("unknown control path /_ecs-local/" + path);
        }
        List<String> faults = local.faults();
        ok.putPOJO("faults", faults);
        ok.put("timeFactor", local.timeFactor());
        return ok;
    }

    private static String instance(JsonNode body) {
        String instance = body.path("instance").asText(null);
        if (instance == null) {
            throw new IllegalArgumentException("instance (container instance ID or ARN) is required");
        }
        return instance;
    }
}
