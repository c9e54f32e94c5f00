package com.amazonaws.ecs.local.internal.events;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS wiring that brings a cluster's ECS events into an SQS queue, made through the SDK exactly as on
 * AWS: the queue, an EventBridge rule matching the cluster's task and container instance state changes,
 * and the queue as the rule's target. Every step is idempotent.
 */
public final class EventWiring {
    /** The target ID the rule's queue gets. */
    public static final String TARGET_ID = "sqs";

    private EventWiring() {
    }

    /** The pattern of ECS's task and container instance state changes of one cluster. */
    public static String pattern(String clusterArn) {
        return "{\"source\":[\"aws.ecs\"],\"detail-type\":[\"ECS Task State Change\","
                + "\"ECS Container Instance State Change\"],\"detail\":{\"clusterArn\":[\"" + clusterArn + "\"]}}";
    }

    /** Creates the queue, the rule and the target (or finds them); returns the queue URL. */
    public static String setUp(SqsClient sqs, EventBridgeClient events, String clusterArn, String queueName,
            String ruleName) {
        String url = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(b -> b.name(ruleName).eventPattern(pattern(clusterArn)).state("ENABLED")
                .description("ECS task and container instance state changes of " + clusterArn));
        events.putTargets(b -> b.rule(ruleName).targets(t -> t.id(TARGET_ID).arn(queueArn)));
        return url;
    }
}
