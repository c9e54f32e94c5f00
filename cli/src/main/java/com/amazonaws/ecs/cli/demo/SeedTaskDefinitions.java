package com.amazonaws.ecs.cli.demo;

import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;

/**
 * The seed README's example task definitions, registered through the AWS SDK as a user would:
 * {@code sleep360:1} (busybox, {@code sleep 360}) and {@code nginx:2} (cpu 100, memory 100, host port 80 to
 * container port 80). Revision 1 of nginx, without the port mapping, is registered first so that the second
 * registration is {@code nginx:2}.
 */
final class SeedTaskDefinitions {
    static final String SLEEP = "sleep360:1";
    static final String NGINX = "nginx:2";

    private SeedTaskDefinitions() {
    }

    static void register(EcsClient ecs) {
        ecs.registerTaskDefinition(r -> r.family("sleep360").containerDefinitions(ContainerDefinition.builder()
                .name("sleep").image("busybox").cpu(10).memory(10).essential(true).command("sleep", "360").build()));
        ecs.registerTaskDefinition(r -> r.family("nginx").containerDefinitions(ContainerDefinition.builder()
                .name("nginx").image("nginx").cpu(100).memory(100).essential(true).build()));
        ecs.registerTaskDefinition(r -> r.family("nginx").containerDefinitions(ContainerDefinition.builder()
                .name("nginx").image("nginx").cpu(100).memory(100).essential(true)
                .portMappings(PortMapping.builder().hostPort(80).containerPort(80).protocol("tcp").build()).build()));
    }
}
