package com.amazonaws.ecs.cli.connect;

import com.amazonaws.ecs.local.EcsLocal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;

/** SDK clients for an embedded ecs-local, as the {@code demo} and {@code bench} commands hand them to the driver. */
public final class LocalClients {
    private LocalClients() {
    }

    /**
     * An ECS client for {@code ecsLocal} with fake credentials named {@code who}. It never retries: the driver
     * retries by itself, and a client that never retries spares it a per-request plugin.
     */
    public static EcsClient ecs(EcsLocal ecsLocal, String who) {
        return EcsClient.builder().endpointOverride(ecsLocal.endpoint()).region(Region.of(ecsLocal.region()))
                .credentialsProvider(credentials(who))
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    /** An EC2 client for {@code ecsLocal}'s DescribeInstances (agent hostnames). */
    public static Ec2Client ec2(EcsLocal ecsLocal, String who) {
        return Ec2Client.builder().endpointOverride(ecsLocal.endpoint()).region(Region.of(ecsLocal.region()))
                .credentialsProvider(credentials(who)).httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    /** An SQS client for {@code ecsLocal}'s SQS endpoint (with {@code events(true)}). */
    public static software.amazon.awssdk.services.sqs.SqsClient sqs(EcsLocal ecsLocal, String who) {
        return software.amazon.awssdk.services.sqs.SqsClient.builder().endpointOverride(ecsLocal.sqsEndpoint())
                .region(Region.of(ecsLocal.region())).credentialsProvider(credentials(who))
                .httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    private static StaticCredentialsProvider credentials(String who) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(who, who));
    }
}
