package com.amazonaws.ecs.local.internal.api;

import com.amazonaws.ecs.local.internal.limits.RateLimits;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECS API of one endpoint: parses an AWS JSON 1.1 request body, checks it against the service
 * model, runs the operation under the state lock, and renders the answer or the ECS error.
 */
public final class EcsApi {
    private static final Logger LOG = LoggerFactory.getLogger(EcsApi.class);

    /** A complete answer: HTTP status and JSON body. */
    public record Answer(int status, byte[] body) {}

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final EcsState state;
    private final InputModel model;
    private final Map<String, Operation> operations = new HashMap<>();

    public EcsApi(EcsState state) {
        this(state, RateLimits.off());
    }

    /** The API of {@code state}, with Fargate's rate limits from {@code limits} (the others apply per HTTP call). */
    public EcsApi(EcsState state, RateLimits limits) {
        this.state = state;
        this.model = InputModel.load(mapper);
        new ClusterOperations(state).register(operations);
        new InstanceOperations(state).register(operations);
        new AttributeOperations(state).register(operations);
        new TaskDefinitionOperations(state).register(operations);
        new TaskOperations(state, limits).register(operations);
        new CapacityProviderOperations(state).register(operations);
        new TagOperations(state).register(operations);
    }

    public boolean knows(String action) {
        return operations.containsKey(action);
    }

    /** Runs {@code action} with the raw request body; never throws for bad input. */
    public Answer invoke(String action, byte[] body) {
        try {
            return new Answer(200, mapper.writeValueAsBytes(call(action, body)));
        } catch (EcsException e) {
            return error(e);
        } catch (RuntimeException | JsonProcessingException e) {
            // A bug in ecs-local must still look like ECS to the client, not a stack trace.
            LOG.error("{} failed inside ecs-local", action, e);
            return error(EcsException.server("ecs-local internal error: " + e));
        }
    }

    /** Runs {@code action} and returns the response body; throws {@link EcsException}. */
    public ObjectNode call(String action, byte[] body) {
        Operation op = operations.get(action);
        if (op == null || !model.knows(action)) {
            throw new EcsException("UnknownOperationException", 400, "Unknown operation " + action + ".");
        }
        JsonNode request = parse(body);
        model.validate(action, request);
        // The versions the request made are published (as events) before another request can change them.
        return state.locked(() -> op.handle(new Request((ObjectNode) request)));
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                return mapper.createObjectNode();
            }
            if (!node.isObject()) {
                throw EcsException.serialization("The request body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw EcsException.serialization("Malformed JSON in the request body: "
                    + e.getMessage().split("\n")[0]);
        }
    }

    public Answer error(EcsException e) {
        ObjectNode body = mapper.createObjectNode();
        body.put("__type", e.type());
        body.put("message", e.getMessage());
        try {
            return new Answer(e.httpStatus(), mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
