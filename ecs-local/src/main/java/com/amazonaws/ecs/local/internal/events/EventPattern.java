package com.amazonaws.ecs.local.internal.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An EventBridge event pattern, checked when it is parsed and then matched against events. Fields of the
 * pattern must all match (objects nest), a field's array matches when any of its entries does, and an
 * event array matches when any of its elements does. Entries: exact strings, numbers, booleans and null, and
 * {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code exists}, {@code numeric} and
 * {@code anything-but} (a value, a list of values, or a prefix or suffix).
 *
 * <p>What EventBridge accepts but this class does not evaluate ({@code $or}, {@code wildcard},
 * {@code cidr}, nested forms of the above) is refused with {@link Unsupported}, never matched silently.
 *
 * <pre>{@code
 * EventPattern p = EventPattern.parse("{\"source\":[\"aws.ecs\"],\"detail\":{\"lastStatus\":[{\"prefix\":\"STOP\"}]}}");
 * p.matches(event);
 * }</pre>
 */
public final class EventPattern {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> NUMERIC_OPERATORS = Set.of("=", "<", "<=", ">", ">=");

    /** The pattern is not a valid EventBridge pattern (EventBridge: InvalidEventPatternException). */
    public static class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** A valid pattern that uses something ecs-local does not evaluate. */
    public static final class Unsupported extends Invalid {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    private final ObjectNode root;

    private EventPattern(ObjectNode root) {
        this.root = root;
    }

    /** Parses and checks {@code json}; throws {@link Invalid} or {@link Unsupported}. */
    public static EventPattern parse(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json == null ? "" : json);
        } catch (IOException e) {
            throw new Invalid("Event pattern is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        if (node == null || !node.isObject()) {
            throw new Invalid("Event pattern must be a JSON object.");
        }
        checkObject((ObjectNode) node, "");
        return new EventPattern((ObjectNode) node);
    }

    private static void checkObject(ObjectNode pattern, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String where = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            if (f.getKey().startsWith("$")) {
                throw new Unsupported("ecs-local does not evaluate \"" + f.getKey() + "\" in event patterns (at "
                        + where + ").");
            }
            JsonNode v = f.getValue();
            if (v.isObject()) {
                checkObject((ObjectNode) v, where);
            } else if (v.isArray()) {
                if (v.isEmpty()) {
                    throw new Invalid("Event pattern is not valid: the array at " + where + " is empty.");
                }
                v.forEach(entry -> checkEntry(entry, where));
            } else {
                throw new Invalid("Event pattern is not valid: \"" + where + "\" must be an object or an array.");
            }
        }
    }

    private static void checkEntry(JsonNode entry, String where) {
        if (entry.isArray()) {
            throw new Invalid("Event pattern is not valid: arrays cannot nest (at " + where + ").");
        }
        if (!entry.isObject()) {
            return;
        }
        if (entry.size() != 1) {
            throw new Invalid("Event pattern is not valid: a matcher object has exactly one key (at " + where + ").");
        }
        String op = entry.fieldNames().next();
        JsonNode arg = entry.get(op);
        switch (op) {
            case "prefix", "suffix", "equals-ignore-case" -> requireText(arg, op, where);
            case "exists" -> {
                if (!arg.isBoolean()) {
                    throw new Invalid("Event pattern is not valid: exists takes true or false (at " + where + ").");
                }
            }
            case "numeric" -> checkNumeric(arg, where);
            case "anything-but" -> checkAnythingBut(arg, where);
            default -> throw new Unsupported("ecs-local does not evaluate \"" + op + "\" in event patterns (at "
                    + where + ").");
        }
    }

    private static void requireText(JsonNode arg, String op, String where) {
        if (arg.isObject()) {
            throw new Unsupported("ecs-local does not evaluate \"" + op + "\" with a nested matcher (at " + where
                    + ").");
        }
        if (!arg.isTextual()) {
            throw new Invalid("Event pattern is not valid: " + op + " takes a string (at " + where + ").");
        }
    }

    private static void checkNumeric(JsonNode arg, String where) {
        if (!arg.isArray() || (arg.size() != 2 && arg.size() != 4)) {
            throw new Invalid("Event pattern is not valid: numeric takes [op, number] or [op, number, op, number] "
                    + "(at " + where + ").");
        }
        for (int i = 0; i < arg.size(); i += 2) {
            if (!NUMERIC_OPERATORS.contains(arg.get(i).asText()) || !arg.get(i + 1).isNumber()) {
                throw new Invalid("Event pattern is not valid: numeric operators are =, <, <=, >, >= followed by a "
                        + "number (at " + where + ").");
            }
        }
    }

    private static void checkAnythingBut(JsonNode arg, String where) {
        if (arg.isObject()) {
            String op = arg.size() == 1 ? arg.fieldNames().next() : "";
            if (!op.equals("prefix") && !op.equals("suffix")) {
                throw new Unsupported("ecs-local does not evaluate \"anything-but\" with \"" + op + "\" (at " + where
                        + "); it does values, lists of values, prefix and suffix.");
            }
            requireText(arg.get(op), op, where);
        } else if (arg.isArray()) {
            for (JsonNode v : arg) {
                if (!v.isTextual() && !v.isNumber()) {
                    throw new Invalid("Event pattern is not valid: anything-but lists strings or numbers (at " + where
                            + ").");
                }
            }
        } else if (!arg.isTextual() && !arg.isNumber()) {
            throw new Invalid("Event pattern is not valid: anything-but takes a string, a number or a list (at "
                    + where + ").");
        }
    }

    /** Whether {@code event} (an event envelope) matches this pattern. */
    public boolean matches(JsonNode event) {
        return matchObject(root, event);
    }

    private static boolean matchObject(ObjectNode pattern, JsonNode event) {
        if (event != null && event.isArray()) {
            // Each element is matched as a whole, so that two fields must hold for the same element.
            for (JsonNode element : event) {
                if (element.isObject() && matchObject(pattern, element)) {
                    return true;
                }
            }
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode value = event != null && event.isObject() ? event.get(f.getKey()) : null;
            boolean ok = f.getValue().isObject() ? matchObject((ObjectNode) f.getValue(), value)
                    : matchLeaf(f.getValue(), leaves(value));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The values a leaf matcher sees: the value itself, or the scalar elements of an array. */
    private static List<JsonNode> leaves(JsonNode value) {
        List<JsonNode> out = new ArrayList<>();
        if (value == null || value.isObject()) {
            return out;
        }
        if (value.isArray()) {
            value.forEach(v -> {
                if (v.isValueNode()) {
                    out.add(v);
                }
            });
        } else {
            out.add(value);
        }
        return out;
    }

    private static boolean matchLeaf(JsonNode entries, List<JsonNode> values) {
        for (JsonNode entry : entries) {
            if (entry.isObject() && entry.has("exists")) {
                if (entry.get("exists").asBoolean() != values.isEmpty()) {
                    return true;
                }
                continue;
            }
            for (JsonNode v : values) {
                if (matchOne(entry, v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchOne(JsonNode entry, JsonNode v) {
        if (!entry.isObject()) {
            return same(entry, v);
        }
        String op = entry.fieldNames().next();
        JsonNode arg = entry.get(op);
        return switch (op) {
            case "prefix" -> v.isTextual() && v.asText().startsWith(arg.asText());
            case "suffix" -> v.isTextual() && v.asText().endsWith(arg.asText());
            case "equals-ignore-case" -> v.isTextual() && v.asText().equalsIgnoreCase(arg.asText());
            case "numeric" -> v.isNumber() && numeric(arg, v.doubleValue());
            case "anything-but" -> !excluded(arg, v);
            default -> false;
        };
    }

    private static boolean excluded(JsonNode arg, JsonNode v) {
        if (arg.isObject()) {
            String op = arg.fieldNames().next();
            String s = arg.get(op).asText();
            return v.isTextual() && (op.equals("prefix") ? v.asText().startsWith(s) : v.asText().endsWith(s));
        }
        if (arg.isArray()) {
            for (JsonNode a : arg) {
                if (same(a, v)) {
                    return true;
                }
            }
            return false;
        }
        return same(arg, v);
    }

    private static boolean numeric(JsonNode arg, double v) {
        for (int i = 0; i < arg.size(); i += 2) {
            double bound = arg.get(i + 1).doubleValue();
            boolean ok = switch (arg.get(i).asText()) {
                case "=" -> v == bound;
                case "<" -> v < bound;
                case "<=" -> v <= bound;
                case ">" -> v > bound;
                default -> v >= bound;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Exact matching: numbers by value (300 is 300.0), everything else by type and value. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
