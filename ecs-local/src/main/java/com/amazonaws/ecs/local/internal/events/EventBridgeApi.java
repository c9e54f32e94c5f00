package com.amazonaws.ecs.local.internal.events;

import com.amazonaws.ecs.local.internal.api.EcsApi;
import com.amazonaws.ecs.local.internal.api.EcsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * EventBridge's API for rules on the default event bus, in its AWS JSON 1.1 protocol
 * ({@code X-Amz-Target: AWSEvents.<Op>}): PutRule, DescribeRule, EnableRule, DisableRule, DeleteRule, ListRules,
 * PutTargets, RemoveTargets, ListTargetsByRule and TestEventPattern, with EventBridge's errors
 * ({@code ResourceNotFoundException}, {@code ValidationException}, {@code InvalidEventPatternException},
 * {@code LimitExceededException}). Only SQS queues can be targets: ecs-local delivers nowhere else.
 */
public final class EventBridgeApi {
    public static final String TARGET_PREFIX = "AWSEvents.";
    private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");
    private static final int MAX_TARGETS_PER_RULE = 5;

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventBus bus;

    public EventBridgeApi(EventBus bus) {
        this.bus = bus;
    }

    /** Runs {@code op} on the raw request body and answers as EventBridge would; never throws. */
    public EcsApi.Answer invoke(String op, byte[] body) {
        try {
            return new EcsApi.Answer(200, mapper.writeValueAsBytes(call(op, parse(body))));
        } catch (EcsException e) {
            return error(e);
        } catch (JsonProcessingException | RuntimeException e) {
            return error(new EcsException("InternalException", 500, "ecs-local internal error: " + e));
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode n = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
            if (n == null || !n.isObject()) {
                throw new EcsException("SerializationException", 400, "The request body must be a JSON object.");
            }
            return n;
        } catch (IOException e) {
            throw new EcsException("SerializationException", 400, "Malformed JSON in the request body.");
        }
    }

    private ObjectNode call(String op, JsonNode r) {
        checkBus(r.path("EventBusName").asText(null));
        return switch (op) {
            case "PutRule" -> putRule(r);
            case "DescribeRule" -> describeRule(r);
            case "EnableRule" -> setState(r, "ENABLED");
            case "DisableRule" -> setState(r, "DISABLED");
            case "DeleteRule" -> deleteRule(r);
            case "ListRules" -> listRules(r);
            case "PutTargets" -> putTargets(r);
            case "RemoveTargets" -> removeTargets(r);
            case "ListTargetsByRule" -> listTargets(r);
            case "TestEventPattern" -> testEventPattern(r);
            default -> throw new EcsException("UnknownOperationException", 400, "ecs-local does not serve "
                    + "EventBridge's " + op + ".");
        };
    }

    private void checkBus(String bus) {
        if (bus != null && !bus.equals("default") && !bus.equals(this.bus.defaultBusArn())) {
            throw notFound("Event bus " + bus + " does not exist.");
        }
    }

    private ObjectNode putRule(JsonNode r) {
        String name = name(r, "Name");
        if (r.hasNonNull("ScheduleExpression")) {
            throw validation("ecs-local does not run scheduled rules (ScheduleExpression); give an EventPattern.");
        }
        if (!r.hasNonNull("EventPattern")) {
            throw validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        String text = r.get("EventPattern").asText();
        String state = r.path("State").asText("ENABLED");
        if (state.equals("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")) {
            state = "ENABLED";
        } else if (!state.equals("ENABLED") && !state.equals("DISABLED")) {
            throw validation("1 validation error detected: Value '" + state + "' at 'state' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [ENABLED, DISABLED, "
                    + "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
        }
        String arn = bus.putRule(name, text, pattern(text), state, r.path("Description").asText(null));
        return mapper.createObjectNode().put("RuleArn", arn);
    }

    private EventPattern pattern(String text) {
        try {
            return EventPattern.parse(text);
        } catch (EventPattern.Unsupported e) {
            throw validation(e.getMessage());
        } catch (EventPattern.Invalid e) {
            throw new EcsException("InvalidEventPatternException", 400, "Event pattern is not valid. Reason: "
                    + e.getMessage());
        }
    }

    private ObjectNode describeRule(JsonNode r) {
        EventBus.RuleView rule = existing(name(r, "Name"));
        ObjectNode out = ruleJson(rule);
        out.put("CreatedBy", bus.account());
        return out;
    }

    private ObjectNode setState(JsonNode r, String state) {
        EventBus.RuleView rule = existing(name(r, "Name"));
        bus.putRule(rule.name(), rule.eventPattern(), EventPattern.parse(rule.eventPattern()), state,
                rule.description());
        return mapper.createObjectNode();
    }

    private ObjectNode deleteRule(JsonNode r) {
        if (!bus.deleteRule(name(r, "Name"))) {
            throw validation("Rule can't be deleted since it has targets.");
        }
        return mapper.createObjectNode();
    }

    private ObjectNode listRules(JsonNode r) {
        List<EventBus.RuleView> all = bus.rules(r.path("NamePrefix").asText(null));
        ObjectNode out = mapper.createObjectNode();
        ArrayNode rules = out.putArray("Rules");
        page(r, all.size(), out, i -> rules.add(ruleJson(all.get(i))));
        return out;
    }

    private ObjectNode putTargets(JsonNode r) {
        String rule = name(r, "Rule");
        existing(rule);
        JsonNode targets = r.path("Targets");
        if (!targets.isArray() || targets.isEmpty() || targets.size() > 10) {
            throw validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: Member "
                    + "must have length between 1 and 10");
        }
        Map<String, String> accepted = new LinkedHashMap<>();
        ObjectNode out = mapper.createObjectNode();
        ArrayNode failed = mapper.createArrayNode();
        for (JsonNode t : targets) {
            String id = t.path("Id").asText("");
            String arn = t.path("Arn").asText("");
            if (!NAME.matcher(id).matches()) {
                throw validation("1 validation error detected: Value '" + id + "' at 'targets.member.id' failed to "
                        + "satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
            }
            if (EventBus.sqsQueueName(arn) == null) {
                failed.addObject().put("TargetId", id).put("ErrorCode", "ValidationException").put("ErrorMessage",
                        "ecs-local delivers to SQS queues only (arn:aws:sqs:REGION:ACCOUNT:NAME), not " + arn);
            } else {
                accepted.put(id, arn);
            }
        }
        if (bus.targetCountWith(rule, accepted.keySet()) > MAX_TARGETS_PER_RULE) {
            throw new EcsException("LimitExceededException", 400, "The requested resource exceeds the maximum "
                    + "number allowed.");
        }
        if (!bus.putTargets(rule, accepted)) {
            throw ruleNotFound(rule);
        }
        out.put("FailedEntryCount", failed.size());
        out.set("FailedEntries", failed);
        return out;
    }

    private ObjectNode removeTargets(JsonNode r) {
        String rule = name(r, "Rule");
        List<String> ids = new ArrayList<>();
        r.path("Ids").forEach(id -> ids.add(id.asText()));
        if (ids.isEmpty()) {
            throw validation("1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must "
                    + "have length greater than or equal to 1");
        }
        if (!bus.removeTargets(rule, ids)) {
            throw ruleNotFound(rule);
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("FailedEntryCount", 0);
        out.putArray("FailedEntries");
        return out;
    }

    private ObjectNode listTargets(JsonNode r) {
        EventBus.RuleView rule = existing(name(r, "Rule"));
        List<Map.Entry<String, String>> all = new ArrayList<>(rule.targets().entrySet());
        ObjectNode out = mapper.createObjectNode();
        ArrayNode targets = out.putArray("Targets");
        page(r, all.size(), out, i -> targets.addObject().put("Id", all.get(i).getKey())
                .put("Arn", all.get(i).getValue()));
        return out;
    }

    private ObjectNode testEventPattern(JsonNode r) {
        EventPattern p = pattern(r.path("EventPattern").asText(""));
        JsonNode event;
        try {
            event = mapper.readTree(r.path("Event").asText(""));
        } catch (IOException e) {
            throw validation("Parameter Event is not valid JSON.");
        }
        if (event == null || !event.isObject()) {
            throw validation("Parameter Event is not valid.");
        }
        return mapper.createObjectNode().put("Result", p.matches(event));
    }

    /** Pages of {@code Limit} (default 100) items; the token is the index of the next item. */
    private static void page(JsonNode r, int size, ObjectNode out, IntConsumer add) {
        int limit = Math.max(1, Math.min(100, r.path("Limit").asInt(100)));
        int from;
        try {
            from = r.hasNonNull("NextToken") ? Integer.parseInt(r.get("NextToken").asText()) : 0;
        } catch (NumberFormatException e) {
            throw validation("The NextToken is not valid.");
        }
        int to = Math.min(size, from + limit);
        for (int i = Math.max(0, from); i < to; i++) {
            add.accept(i);
        }
        if (to < size) {
            out.put("NextToken", String.valueOf(to));
        }
    }

    private ObjectNode ruleJson(EventBus.RuleView rule) {
        ObjectNode n = mapper.createObjectNode();
        n.put("Name", rule.name());
        n.put("Arn", rule.arn());
        n.put("EventPattern", rule.eventPattern());
        n.put("State", rule.state());
        if (rule.description() != null) {
            n.put("Description", rule.description());
        }
        n.put("EventBusName", "default");
        return n;
    }

    private EventBus.RuleView existing(String name) {
        EventBus.RuleView rule = bus.rule(name);
        if (rule == null) {
            throw ruleNotFound(name);
        }
        return rule;
    }

    private static String name(JsonNode r, String field) {
        String name = r.path(field).asText("");
        if (!NAME.matcher(name).matches()) {
            throw validation("1 validation error detected: Value '" + name + "' at '" + field.toLowerCase(java.util.Locale.ROOT)
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "[\\.\\-_A-Za-z0-9]+ and have length between 1 and 64");
        }
        return name;
    }

    private static EcsException ruleNotFound(String name) {
        return notFound("Rule " + name + " does not exist on EventBus default.");
    }

    private static EcsException notFound(String message) {
        return new EcsException("ResourceNotFoundException", 400, message);
    }

    private static EcsException validation(String message) {
        return new EcsException("ValidationException", 400, message);
    }

    private EcsApi.Answer error(EcsException e) {
        ObjectNode body = mapper.createObjectNode().put("__type", e.type()).put("message", e.getMessage());
        try {
            return new EcsApi.Answer(e.httpStatus(), mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
