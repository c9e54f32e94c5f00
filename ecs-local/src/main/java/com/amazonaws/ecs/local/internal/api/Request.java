package com.amazonaws.ecs.local.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed access to a request body that {@link InputModel} already checked for types, plus the
 * value rules ECS enforces beyond types (list sizes, tag limits, name patterns).
 */
final class Request {
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private final ObjectNode body;

    Request(ObjectNode body) {
        this.body = body;
    }

    ObjectNode body() {
        return body;
    }

    boolean has(String field) {
        return body.hasNonNull(field);
    }

    String string(String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    String string(String field, String dflt) {
        String v = string(field);
        return v == null ? dflt : v;
    }

    /** A required string that must also not be blank (the model only checks presence). */
    String required(String field) {
        String v = string(field);
        if (v == null || v.isBlank()) {
            throw EcsException.invalidParameter(field + " can not be blank.");
        }
        return v;
    }

    Integer integer(String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }

    boolean bool(String field) {
        JsonNode v = body.get(field);
        return v != null && v.asBoolean(false);
    }

    List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = body.get(field);
        if (v != null) {
            v.forEach(s -> out.add(s.asText()));
        }
        return out;
    }

    /** A list of at most {@code max} entries, as ECS limits its batch calls. */
    List<String> strings(String field, int max) {
        List<String> out = strings(field);
        if (out.size() > max) {
            throw EcsException.invalidParameter(field + " cannot have more than " + max + " entries.");
        }
        return out;
    }

    boolean includes(String field, String value) {
        return strings(field).contains(value);
    }

    /** Page size: 1..100, default 100. */
    int maxResults() {
        Integer max = integer("maxResults");
        if (max == null) {
            return 100;
        }
        if (max < 1 || max > 100) {
            throw EcsException.invalidParameter("maxResults must be between 1 and 100.");
        }
        return max;
    }

    /** Tags in ECS's shape, checked against ECS's tag limits. */
    Map<String, String> tags(String field) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode v = body.get(field);
        if (v == null) {
            return tags;
        }
        for (JsonNode t : v) {
            String key = t.path("key").asText(null);
            String value = t.path("value").asText("");
            checkTag(key, value);
            tags.put(key, value);
        }
        return tags;
    }

    static void checkTag(String key, String value) {
        if (key == null || key.isEmpty() || key.length() > 128) {
            throw EcsException.invalidParameter("Tag keys must be between 1 and 128 characters.");
        }
        if (value.length() > 256) {
            throw EcsException.invalidParameter("Tag values must be at most 256 characters (key '" + key + "').");
        }
        if (!TAG_TEXT.matcher(key).matches() || !TAG_TEXT.matcher(value).matches()) {
            throw EcsException.invalidParameter("Tag key '" + key
                    + "' or its value contains characters outside letters, numbers, spaces and _ . : / = + - @.");
        }
        if (key.toLowerCase().startsWith("aws:")) {
            throw EcsException.invalidParameter("Tag keys may not start with the reserved prefix 'aws:'.");
        }
    }

    static void checkTagCount(Map<String, String> tags) {
        if (tags.size() > 50) {
            throw EcsException.invalidParameter("A resource can have at most 50 tags, got " + tags.size() + ".");
        }
    }
}
