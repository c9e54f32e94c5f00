package com.amazonaws.ecs.cli.events;

import com.amazonaws.ecs.cli.CommandFailure;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The SQS queue, its policy, the EventBridge rule and its target that bring one cluster's ECS events to the
 * queue, made and removed through the SDK. Both directions are idempotent: what is already there (or already
 * gone) is left as it is. Each step is reported on {@code out}, one line each.
 */
final class EventsWiring {
    /** The ID of the rule's target: the queue. */
    static final String TARGET_ID = "sqs";

    private final SqsClient sqs;
    private final EventBridgeClient events;
    private final PrintWriter out;
    private final String sqsWhere;
    private final String eventsWhere;

    EventsWiring(SqsClient sqs, EventBridgeClient events, PrintWriter out, String sqsWhere, String eventsWhere) {
        this.sqs = sqs;
        this.events = events;
        this.out = out;
        this.sqsWhere = sqsWhere;
        this.eventsWhere = eventsWhere;
    }

    /** The pattern of ECS's task and container instance state changes of one cluster. */
    static String pattern(String clusterArn) {
        return "{\"source\":[\"aws.ecs\"],\"detail-type\":[\"ECS Task State Change\","
                + "\"ECS Container Instance State Change\"],\"detail\":{\"clusterArn\":[\"" + clusterArn + "\"]}}";
    }

    /**
     * Creates (or finds) everything; returns the queue URL. {@code policy} false skips the queue policy, for an
     * SQS endpoint known to keep none (ecs-local's ElasticMQ, which would only log that it ignored it).
     */
    String setUp(String clusterArn, String queue, String rule, boolean policy) {
        String url = sqs("CreateQueue", () -> sqs.createQueue(b -> b.queueName(queue)).queueUrl());
        String queueArn = sqs("GetQueueAttributes", () -> sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
        out.println("queue   " + queue + "  " + queueArn);
        String ruleArn = events("PutRule", () -> events.putRule(b -> b.name(rule).eventPattern(pattern(clusterArn))
                .state("ENABLED").description("ECS task and container instance state changes of " + clusterArn))
                .ruleArn());
        out.println("rule    " + rule + "  " + ruleArn);
        if (policy) {
            allowRule(url, queueArn, ruleArn);
        } else {
            out.println("policy  not needed: ecs-local's SQS endpoint (ElasticMQ) keeps no queue policies");
        }
        PutTargetsResponse put = events("PutTargets", () -> events.putTargets(b -> b.rule(rule)
                .targets(Target.builder().id(TARGET_ID).arn(queueArn).build())));
        if (put.failedEntryCount() != null && put.failedEntryCount() > 0) {
            throw new CommandFailure("EventBridge refused the queue as target of rule " + rule + ": "
                    + put.failedEntries().get(0).errorMessage() + " (" + put.failedEntries().get(0).errorCode() + ")");
        }
        out.println("target  " + TARGET_ID + " -> " + queueArn);
        return url;
    }

    /** Lets the rule send to the queue; on an SQS endpoint that keeps no policies, says so and goes on. */
    private void allowRule(String url, String queueArn, String ruleArn) {
        Map<QueueAttributeName, String> current = sqs("GetQueueAttributes", () -> sqs.getQueueAttributes(b -> b
                .queueUrl(url).attributeNames(QueueAttributeName.POLICY)).attributes());
        String policy = QueuePolicy.withStatement(current.get(QueueAttributeName.POLICY), queueArn, ruleArn);
        try {
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        } catch (AwsServiceException e) {
            // ElasticMQ and other local SQS endpoints may refuse policies: they need none to accept EventBridge's
            // messages, so the wiring is complete without it.
            out.println("policy  not kept by the SQS endpoint (" + message(e) + "); none is needed there");
            return;
        } catch (SdkException e) {
            throw new CommandFailure("cannot reach SQS" + sqsWhere + " for SetQueueAttributes: " + message(e));
        }
        boolean kept = sqs("GetQueueAttributes", () -> sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.POLICY)).attributes().containsKey(QueueAttributeName.POLICY));
        // ElasticMQ accepts SetQueueAttributes(Policy) and drops it; it delivers without one.
        out.println(kept ? "policy  events.amazonaws.com may sqs:SendMessage when aws:SourceArn is " + ruleArn
                : "policy  not kept by the SQS endpoint (it needs none)");
    }

    /** Removes the target, the rule and the queue, each only if it is there. */
    void tearDown(String queue, String rule, boolean withQueue) {
        try {
            List<Target> targets = events("ListTargetsByRule", () -> events.listTargetsByRule(b -> b.rule(rule))
                    .targets());
            if (targets.stream().anyMatch(t -> t.id().equals(TARGET_ID))) {
                events("RemoveTargets", () -> events.removeTargets(b -> b.rule(rule).ids(TARGET_ID)));
                out.println("target  " + TARGET_ID + " removed");
            }
            List<String> others = targets.stream().map(Target::id).filter(id -> !id.equals(TARGET_ID)).toList();
            if (!others.isEmpty()) {
                throw new CommandFailure("rule " + rule + " has other targets " + others + ": it is left in place "
                        + "(remove them first)");
            }
            events("DeleteRule", () -> events.deleteRule(b -> b.name(rule)));
            out.println("rule    " + rule + " deleted");
        } catch (ResourceNotFoundException e) {
            out.println("rule    " + rule + " not there");
        }
        if (!withQueue) {
            out.println("queue   " + queue + " not looked for: no SQS endpoint");
            return;
        }
        try {
            String url = sqs("GetQueueUrl", () -> sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl());
            sqs("DeleteQueue", () -> sqs.deleteQueue(b -> b.queueUrl(url)));
            out.println("queue   " + queue + " deleted");
        } catch (QueueDoesNotExistException e) {
            out.println("queue   " + queue + " not there");
        }
    }

    private <T> T sqs(String action, java.util.function.Supplier<T> call) {
        return call("SQS" + sqsWhere, action, call);
    }

    private <T> T events(String action, java.util.function.Supplier<T> call) {
        return call("EventBridge" + eventsWhere, action, call);
    }

    /** Runs one call; a failure the caller does not expect becomes one line naming the service and action. */
    private static <T> T call(String service, String action, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceNotFoundException | QueueDoesNotExistException e) {
            throw e;
        } catch (AwsServiceException e) {
            throw new CommandFailure(service + " refused " + action + ": " + message(e));
        } catch (SdkException e) {
            throw new CommandFailure("cannot reach " + service + " for " + action + ": " + message(e));
        }
    }

    /** The service's message and error code, or the client's root cause, on one line. */
    static String message(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String text = s.awsErrorDetails().errorMessage();
            String code = s.awsErrorDetails().errorCode();
            return (text == null ? "" : text) + (code == null ? "" : " (" + code + ")");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return text == null ? e.getClass().getSimpleName() : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
