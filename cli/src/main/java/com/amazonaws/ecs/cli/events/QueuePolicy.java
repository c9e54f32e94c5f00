package com.amazonaws.ecs.cli.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The SQS queue policy that lets EventBridge deliver one rule's events: {@code events.amazonaws.com} may
 * {@code sqs:SendMessage} to the queue when {@code aws:SourceArn} is the rule's ARN. Merged into the queue's
 * existing policy by statement ID, so that running setup again changes nothing and other statements stay.
 *
 * <pre>{@code
 * String policy = QueuePolicy.withStatement(existingOrNull, queueArn, ruleArn);
 * }</pre>
 */
final class QueuePolicy {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private QueuePolicy() {
    }

    /** The statement ID of one rule's permission (letters and digits only, as IAM wants them). */
    static String sid(String ruleArn) {
        return "EcsMesosEvents" + ruleArn.substring(ruleArn.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9]", "");
    }

    /** {@code existing} (null or blank: none) with this rule's statement added or replaced. */
    static String withStatement(String existing, String queueArn, String ruleArn) {
        ObjectNode policy = parse(existing);
        ArrayNode statements = statementsWithout(policy, sid(ruleArn));
        ObjectNode s = statements.addObject();
        s.put("Sid", sid(ruleArn));
        s.put("Effect", "Allow");
        s.putObject("Principal").put("Service", "events.amazonaws.com");
        s.put("Action", "sqs:SendMessage");
        s.put("Resource", queueArn);
        s.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", ruleArn);
        return policy.toString();
    }

    private static ArrayNode statementsWithout(ObjectNode policy, String sid) {
        JsonNode old = policy.path("Statement");
        ArrayNode statements = policy.putArray("Statement");
        // A policy may hold one statement as an object instead of a list.
        for (JsonNode s : old.isArray() ? old : old.isObject() ? MAPPER.createArrayNode().add(old)
                : MAPPER.createArrayNode()) {
            if (!sid.equals(s.path("Sid").asText())) {
                statements.add(s);
            }
        }
        return statements;
    }

    private static ObjectNode parse(String existing) {
        if (existing != null && !existing.isBlank()) {
            try {
                JsonNode n = MAPPER.readTree(existing);
                if (n instanceof ObjectNode o) {
                    return o;
                }
            } catch (IOException e) {
                // An unreadable policy is replaced by ours, as SetQueueAttributes would replace it anyway.
            }
        }
        ObjectNode policy = MAPPER.createObjectNode();
        policy.put("Version", "2012-10-17");
        return policy;
    }
}
