package com.amazonaws.ecs.cli.bench;

import com.amazonaws.ecs.cli.connect.LocalClients;
import com.amazonaws.ecs.local.EcsLocal;
import java.util.ArrayList;
import java.util.List;

/** Warms up ecs-local's SQS endpoint before a bench with {@code --status-source events}. */
final class SqsWarmUp {
    private SqsWarmUp() {
    }

    /**
     * Passes a few thousand event-sized messages through a scratch queue of ecs-local's SQS endpoint before the
     * driver starts. That endpoint (ElasticMQ) and the SDK's SQS code start cold, interpreted by the JVM: the
     * first burst of events (the first 100 launches make about 1,000) would wait seconds for the JIT, which
     * AWS's SQS, a warm service elsewhere, never makes anyone do.
     */
    static void run(EcsLocal ecsLocal) {
        String body = "x".repeat(3000);
        try (software.amazon.awssdk.services.sqs.SqsClient sqs = LocalClients.sqs(ecsLocal, "bench")) {
            String queue = sqs.createQueue(b -> b.queueName("bench-warm-up")).queueUrl();
            for (int i = 0; i < 400; i++) {
                List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    entries.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                            .id(Integer.toString(k)).messageBody(body).build());
                }
                sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries));
                var received = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)).messages();
                if (!received.isEmpty()) {
                    sqs.deleteMessageBatch(b -> b.queueUrl(queue).entries(received.stream().map(m ->
                            software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
                                    .id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
                }
            }
            sqs.deleteQueue(b -> b.queueUrl(queue));
        }
    }
}
