package com.amazonaws.ecs.cli.events;

import com.amazonaws.ecs.cli.CommandFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Where the SQS and EventBridge calls of {@code events} go (null: the region's endpoint, or the SDK's
 * {@code AWS_ENDPOINT_URL_SQS} / {@code AWS_ENDPOINT_URL_EVENTBRIDGE}). When {@code --endpoint} is an
 * ecs-local, it is asked (control endpoint {@code GET /_ecs-local/events}) for the SQS endpoint it delivers to,
 * and serves EventBridge itself; options given explicitly always win.
 */
record EventEndpoints(URI sqs, URI events, boolean ecsLocal, boolean ecsLocalDelivers, boolean ecsLocalsSqs) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Resolves the endpoints for {@code options}; asks the ECS endpoint whether it is an ecs-local. */
    static EventEndpoints resolve(EventsOptions.Resolved options) {
        URI ecs = options.target().endpoint();
        JsonNode local = ecs == null ? null : askEcsLocal(ecs);
        if (local == null) {
            return new EventEndpoints(options.sqsEndpoint(), options.eventsEndpoint(), false, false, false);
        }
        boolean delivers = local.path("enabled").asBoolean(false);
        URI sqs = options.sqsEndpoint();
        boolean itsOwn = sqs == null && delivers;
        if (itsOwn) {
            sqs = URI.create(local.path("sqsEndpoint").asText());
        }
        return new EventEndpoints(sqs, options.eventsEndpoint() != null ? options.eventsEndpoint() : ecs, true,
                delivers, itsOwn);
    }

    /** For setup: an ecs-local without events would accept the wiring and deliver nothing. */
    EventEndpoints requireDelivery(URI ecsEndpoint) {
        if (ecsLocal && !ecsLocalDelivers) {
            throw new CommandFailure("ecs-local at " + ecsEndpoint + " was started without events: it delivers "
                    + "none (start it with ./ecs-mesos local --events, or EcsLocal.builder().events(true))");
        }
        return this;
    }

    /** The ecs-local's answer about its events, or null when {@code ecs} is not an ecs-local (or an older one). */
    private static JsonNode askEcsLocal(URI ecs) {
        String base = ecs.toString().endsWith("/") ? ecs.toString() : ecs + "/";
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "_ecs-local/events"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            JsonNode answer = MAPPER.readTree(r.body());
            return answer != null && answer.has("enabled") ? answer : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
