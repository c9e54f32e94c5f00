package com.amazonaws.ecs.local.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks a request against the input shapes of the ECS service model, so that missing and
 * wrong-typed parameters get the answer ECS gives instead of a crash deep inside an operation.
 *
 * <p>The shapes are a trimmed copy of the public ECS service model (the one the AWS SDKs and CLI
 * are generated from), reduced to the operations ecs-local serves and to types and constraints.
 */
public final class InputModel {
    private static final String RESOURCE = "ecs-input-model.json";

    private final JsonNode operations;
    private final JsonNode shapes;

    private InputModel(JsonNode root) {
        this.operations = root.get("operations");
        this.shapes = root.get("shapes");
    }

    public static InputModel load(ObjectMapper mapper) {
        try (InputStream in = InputModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new InputModel(mapper.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean knows(String operation) {
        return operations.has(operation);
    }

    /** Validates {@code request} for {@code operation}; throws the ECS error for the first problem. */
    public void validate(String operation, JsonNode request) {
        String shape = operations.get(operation).get("input").asText();
        check(shape, request, "");
    }

    private void check(String shapeName, JsonNode value, String path) {
        JsonNode shape = shapes.get(shapeName);
        String type = shape.get("type").asText();
        switch (type) {
            case "structure" -> checkStructure(shape, value, path);
            case "list" -> {
                if (!value.isArray()) {
                    throw wrongType(path, "a list", value);
                }
                checkLength(shape, value.size(), path);
                String member = shape.get("member").get("shape").asText();
                if (plainStrings(member, value)) {
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    if (value.get(i).isNull()) {
                        throw EcsException.invalidParameter(path + "[" + i + "] cannot be null.");
                    }
                    check(member, value.get(i), path + "[" + i + "]");
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    throw wrongType(path, "a map", value);
                }
                String valueShape = shape.get("value").get("shape").asText();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isNull()) {
                        check(valueShape, e.getValue(), path + "." + e.getKey());
                    }
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    throw wrongType(path, "a string", value);
                }
                checkLength(shape, value.asText().length(), path);
                JsonNode values = shape.get("enum");
                if (values != null && !contains(values, value.asText())) {
                    throw EcsException.invalidParameter(
                            "Invalid value '" + value.asText() + "' for " + path + ". Valid values: " + values);
                }
            }
            case "integer", "long" -> {
                // An integer that does not fit its type would otherwise be truncated silently.
                boolean fits = "integer".equals(type) ? value.canConvertToInt() : value.canConvertToLong();
                if (!value.isIntegralNumber() || !fits) {
                    throw wrongType(path, "integer".equals(type) ? "a 32-bit integer" : "a 64-bit integer", value);
                }
            }
            case "double", "float" -> {
                if (!value.isNumber()) {
                    throw wrongType(path, "a number", value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    throw wrongType(path, "a boolean", value);
                }
            }
            case "timestamp" -> {
                if (!value.isNumber() && !value.isTextual()) {
                    throw wrongType(path, "a timestamp", value);
                }
            }
            default -> {
                // blob and other types are not used by the operations served here
            }
        }
    }

    /**
     * Fast path for the common list of unconstrained strings (task ARNs in DescribeTasks): true
     * when every element is a string and the member shape has no further rule.
     */
    private boolean plainStrings(String memberShape, JsonNode list) {
        JsonNode member = shapes.get(memberShape);
        if (!"string".equals(member.get("type").asText()) || member.size() != 1) {
            return false;
        }
        for (JsonNode e : list) {
            if (!e.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private void checkStructure(JsonNode shape, JsonNode value, String path) {
        if (!value.isObject()) {
            throw wrongType(path.isEmpty() ? "request" : path, "a structure", value);
        }
        JsonNode required = shape.get("required");
        if (required != null) {
            for (JsonNode r : required) {
                JsonNode v = value.get(r.asText());
                if (v == null || v.isNull()) {
                    throw EcsException.invalidParameter(
                            "Missing required parameter: " + join(path, r.asText()) + ".");
                }
            }
        }
        JsonNode members = shape.get("members");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode member = members.get(e.getKey());
            if (member != null && !e.getValue().isNull()) {
                check(member.get("shape").asText(), e.getValue(), join(path, e.getKey()));
            }
        }
    }

    private static void checkLength(JsonNode shape, int length, String path) {
        JsonNode min = shape.get("min");
        JsonNode max = shape.get("max");
        if (min != null && length < min.asInt()) {
            throw EcsException.invalidParameter(path + " must have length at least " + min.asInt() + ".");
        }
        if (max != null && length > max.asInt()) {
            throw EcsException.invalidParameter(path + " must have length at most " + max.asInt() + ".");
        }
    }

    private static boolean contains(JsonNode values, String v) {
        for (JsonNode e : values) {
            if (e.asText().equals(v)) {
                return true;
            }
        }
        return false;
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    private static EcsException wrongType(String path, String expected, JsonNode actual) {
        return EcsException.serialization(
                "Expected " + expected + " for '" + path + "' but found " + actual.getNodeType().name().toLowerCase()
                        + ".");
    }
}
