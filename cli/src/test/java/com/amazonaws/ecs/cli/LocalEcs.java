package com.amazonaws.ecs.cli;

import com.amazonaws.ecs.local.EcsLocal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;

/**
 * An ecs-local for command tests: cluster time 600× faster, one cluster of instances, an SDK client to
 * register task definitions, and the credentials the commands find through the SDK's default chain (system
 * properties, restored on close).
 */
final class LocalEcs implements AutoCloseable {
    static final String CLUSTER = "test";

    final EcsLocal ecsLocal = EcsLocal.builder().timeFactor(600).build();
    final EcsClient ecs;

    LocalEcs(int instances) {
        ecsLocal.createCluster(CLUSTER);
        ecsLocal.addInstances(CLUSTER, instances, 2048, 4096);
        ecs = EcsClient.builder().endpointOverride(ecsLocal.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
    }

    /** The options pointing a command at this endpoint and cluster. */
    String[] target() {
        return new String[] {"--endpoint", ecsLocal.endpoint().toString(), "--region", "us-east-1", "--cluster", CLUSTER};
    }

    void taskDefinition(String family, String... command) {
        ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(ContainerDefinition.builder()
                .name("main").image("busybox").memory(64).essential(true).command(command).build()));
    }

    void webServer(String family, int hostPort) {
        ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(ContainerDefinition.builder()
                .name("web").image("nginx").cpu(100).memory(100).essential(true)
                .portMappings(PortMapping.builder().containerPort(80).hostPort(hostPort).build()).build()));
    }

    private boolean closed;

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        ecs.close();
        ecsLocal.close();
    }

    static String[] args(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
