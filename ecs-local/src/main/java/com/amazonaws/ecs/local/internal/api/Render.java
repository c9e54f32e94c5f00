package com.amazonaws.ecs.local.internal.api;

import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import com.amazonaws.ecs.local.internal.state.NetworkAttachment;
import com.amazonaws.ecs.local.internal.state.Task;
import com.amazonaws.ecs.local.internal.state.TaskContainer;
import com.amazonaws.ecs.local.internal.state.TaskDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/** Writes state as the JSON shapes of the ECS API (field names as in the service model). */
final class Render {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Render() {}

    /** ECS timestamps are epoch seconds, fractions allowed. */
    static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis).movePointLeft(3);
    }

    static void time(ObjectNode node, String field, Long millis) {
        if (millis != null) {
            node.put(field, seconds(millis));
        }
    }

    static ArrayNode tags(Map<String, String> tags) {
        ArrayNode out = JSON.arrayNode();
        tags.forEach((k, v) -> out.addObject().put("key", k).put("value", v));
        return out;
    }

    static ObjectNode failure(String arn, String reason, String detail) {
        ObjectNode f = JSON.objectNode();
        if (arn != null) {
            f.put("arn", arn);
        }
        f.put("reason", reason);
        if (detail != null) {
            f.put("detail", detail);
        }
        return f;
    }

    static ObjectNode cluster(Cluster c, boolean withTags, boolean withStatistics) {
        ObjectNode n = JSON.objectNode();
        n.put("clusterArn", c.arn());
        n.put("clusterName", c.name());
        n.put("status", c.status());
        n.put("registeredContainerInstancesCount", c.registeredInstances());
        n.put("runningTasksCount", c.runningTasks());
        n.put("pendingTasksCount", c.pendingTasks());
        n.put("activeServicesCount", 0);
        ArrayNode stats = n.putArray("statistics");
        if (withStatistics) {
            for (String launchType : new String[] {"EC2", "Fargate"}) {
                String type = launchType.toUpperCase();
                stats.addObject().put("name", "running" + launchType + "TasksCount")
                        .put("value", String.valueOf(c.tasks("RUNNING", type)));
                stats.addObject().put("name", "pending" + launchType + "TasksCount")
                        .put("value", String.valueOf(c.tasks("PENDING", type)));
            }
        }
        if (withTags) {
            n.set("tags", tags(c.tags()));
        }
        n.putArray("settings").addObject().put("name", "containerInsights").put("value", "disabled");
        ArrayNode providers = n.putArray("capacityProviders");
        c.capacityProviders().forEach(providers::add);
        ArrayNode strategy = n.putArray("defaultCapacityProviderStrategy");
        c.defaultStrategy().forEach(i -> strategy.addObject().put("capacityProvider", i.capacityProvider())
                .put("weight", i.weight()).put("base", i.base()));
        return n;
    }

    static ObjectNode containerInstance(ContainerInstance ci, boolean withTags) {
        ObjectNode n = JSON.objectNode();
        n.put("containerInstanceArn", ci.arn());
        n.put("ec2InstanceId", ci.ec2().instanceId());
        n.put("version", ci.version());
        n.putObject("versionInfo")
                .put("agentVersion", "1.89.0")
                .put("agentHash", "ecs-local")
                .put("dockerVersion", "DockerVersion: 25.0.8");
        ArrayNode remaining = n.putArray("remainingResources");
        resources(remaining, ci.cpuRemaining(), ci.memoryRemaining(), ci.tcpPortsInUse(), ci.udpPortsInUse(),
                ci.gpusFree());
        ArrayNode registered = n.putArray("registeredResources");
        resources(registered, ci.cpuTotal(), ci.memoryTotal(), ci.reservedTcp(), ci.reservedUdp(), ci.gpuIds());
        n.put("status", ci.status());
        if (ci.statusReason() != null) {
            n.put("statusReason", ci.statusReason());
        }
        n.put("agentConnected", ci.agentConnected());
        n.put("runningTasksCount", ci.runningTasksCount());
        n.put("pendingTasksCount", ci.pendingTasksCount());
        ArrayNode attrs = n.putArray("attributes");
        ci.attributes().forEach((k, v) -> {
            ObjectNode a = attrs.addObject().put("name", k);
            if (v != null) {
                a.put("value", v);
            }
        });
        time(n, "registeredAt", ci.registeredAtMillis());
        n.putArray("attachments");
        if (withTags) {
            n.set("tags", tags(ci.tags()));
        }
        return n;
    }

    private static void resources(ArrayNode out, int cpu, int memory, Collection<Integer> tcp, Collection<Integer> udp,
            Collection<String> gpus) {
        out.addObject().put("name", "CPU").put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", cpu);
        out.addObject().put("name", "MEMORY").put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", memory);
        ObjectNode ports = out.addObject().put("name", "PORTS").put("type", "STRINGSET").put("doubleValue", 0.0)
                .put("longValue", 0).put("integerValue", 0);
        ArrayNode p = ports.putArray("stringSetValue");
        tcp.forEach(port -> p.add(String.valueOf(port)));
        ObjectNode udpPorts = out.addObject().put("name", "PORTS_UDP").put("type", "STRINGSET")
                .put("doubleValue", 0.0).put("longValue", 0).put("integerValue", 0);
        ArrayNode u = udpPorts.putArray("stringSetValue");
        udp.forEach(port -> u.add(String.valueOf(port)));
        if (!gpus.isEmpty()) {
            ObjectNode g = out.addObject().put("name", "GPU").put("type", "STRINGSET").put("doubleValue", 0.0)
                    .put("longValue", 0).put("integerValue", 0);
            ArrayNode ids = g.putArray("stringSetValue");
            gpus.forEach(ids::add);
        }
    }

    static ObjectNode taskDefinition(TaskDefinition td) {
        ObjectNode n = td.registered().deepCopy();
        n.remove("tags");
        n.put("taskDefinitionArn", td.arn());
        n.put("family", td.family());
        n.put("revision", td.revision());
        n.put("status", td.status());
        if (!n.has("networkMode")) {
            n.put("networkMode", "bridge");
        }
        if (!n.has("volumes")) {
            n.putArray("volumes");
        }
        if (!n.has("placementConstraints")) {
            n.putArray("placementConstraints");
        }
        ArrayNode compat = n.putArray("compatibilities");
        compat.add("EXTERNAL").add("EC2");
        if (td.fargateCompatible()) {
            compat.add("FARGATE");
        }
        n.putArray("requiresAttributes");
        time(n, "registeredAt", td.registeredAtMillis());
        time(n, "deregisteredAt", td.deregisteredAtMillis());
        n.put("registeredBy", "arn:aws:iam::000000000000:user/ecs-local");
        return n;
    }

    static ObjectNode task(Task t, boolean withTags) {
        ObjectNode n = JSON.objectNode();
        ArrayNode attachments = n.putArray("attachments");
        if (t.attachment() != null) {
            attachments.add(attachment(t.attachment()));
        }
        ArrayNode attrs = n.putArray("attributes");
        attrs.addObject().put("name", "ecs.cpu-architecture").put("value", "x86_64");
        n.put("availabilityZone", t.availabilityZone());
        if (t.capacityProviderName() != null) {
            n.put("capacityProviderName", t.capacityProviderName());
        }
        n.put("clusterArn", t.cluster().arn());
        if (t.connectivityAtMillis() != null) {
            n.put("connectivity", "CONNECTED");
            time(n, "connectivityAt", t.connectivityAtMillis());
        }
        if (t.instance() != null) {
            n.put("containerInstanceArn", t.instance().arn());
        }
        ArrayNode containers = n.putArray("containers");
        for (TaskContainer c : t.containers()) {
            containers.add(container(t, c));
        }
        n.put("cpu", String.valueOf(t.cpu()));
        time(n, "createdAt", t.createdAtMillis());
        n.put("desiredStatus", t.desiredStatus());
        n.put("enableExecuteCommand", false);
        if (t.fargate()) {
            n.putObject("ephemeralStorage").put("sizeInGiB", 20);
        }
        time(n, "executionStoppedAt", t.stoppedAtMillis());
        if (t.group() != null) {
            n.put("group", t.group());
        }
        if (t.healthStatus() != null) {
            n.put("healthStatus", t.healthStatus());
        }
        n.put("lastStatus", t.lastStatus());
        n.put("launchType", t.launchType());
        n.put("memory", String.valueOf(t.memory()));
        n.set("overrides", t.overrides());
        if (t.fargate()) {
            n.put("platformFamily", "Linux");
            n.put("platformVersion", "1.4.0");
        }
        time(n, "pullStartedAt", t.pullStartedAtMillis());
        time(n, "pullStoppedAt", t.pullStoppedAtMillis());
        time(n, "startedAt", t.startedAtMillis());
        if (t.startedBy() != null) {
            n.put("startedBy", t.startedBy());
        }
        if (t.stopCode() != null) {
            n.put("stopCode", t.stopCode());
        }
        time(n, "stoppedAt", t.stoppedAtMillis());
        if (t.stoppedReason() != null) {
            n.put("stoppedReason", t.stoppedReason());
        }
        time(n, "stoppingAt", t.stoppingAtMillis());
        if (withTags) {
            n.set("tags", tags(t.tags()));
        } else {
            n.putArray("tags");
        }
        n.put("taskArn", t.arn());
        n.put("taskDefinitionArn", t.definition().arn());
        n.put("version", t.version());
        return n;
    }

    /**
     * An ENI attachment as ECS shows it: only the subnet while PRECREATED; then the interface, its MAC address,
     * private DNS name and address (kept once DELETED).
     */
    private static ObjectNode attachment(NetworkAttachment eni) {
        ObjectNode a = JSON.objectNode();
        a.put("id", eni.id());
        a.put("type", "ElasticNetworkInterface");
        a.put("status", eni.status());
        ArrayNode details = a.putArray("details");
        details.addObject().put("name", "subnetId").put("value", eni.subnet().id());
        if (eni.shown()) {
            details.addObject().put("name", "networkInterfaceId").put("value", eni.networkInterfaceId());
            details.addObject().put("name", "macAddress").put("value", eni.macAddress());
            details.addObject().put("name", "privateDnsName").put("value", eni.privateDnsName());
            details.addObject().put("name", "privateIPv4Address").put("value", eni.privateIp());
        }
        return a;
    }

    private static ObjectNode container(Task t, TaskContainer c) {
        ObjectNode n = JSON.objectNode();
        n.put("containerArn", c.arn());
        n.put("taskArn", t.arn());
        n.put("name", c.name());
        n.put("image", c.image());
        if (c.started()) {
            n.put("runtimeId", t.id() + "-" + c.name());
        }
        n.put("lastStatus", c.lastStatus());
        if (c.exitCode() != null) {
            n.put("exitCode", c.exitCode());
        }
        if (c.reason() != null) {
            n.put("reason", c.reason());
        }
        ArrayNode bindings = n.putArray("networkBindings");
        for (TaskContainer.NetworkBinding b : c.networkBindings()) {
            bindings.addObject().put("bindIP", b.bindIP()).put("containerPort", b.containerPort())
                    .put("hostPort", b.hostPort()).put("protocol", b.protocol());
        }
        ArrayNode interfaces = n.putArray("networkInterfaces");
        NetworkAttachment eni = t.attachment();
        if (eni != null && eni.shown()) {
            interfaces.addObject().put("attachmentId", eni.id()).put("privateIpv4Address", eni.privateIp());
        }
        if (c.healthStatus() != null) {
            n.put("healthStatus", c.healthStatus());
        }
        n.put("cpu", String.valueOf(c.cpu()));
        if (c.memory() != null) {
            n.put("memory", String.valueOf(c.memory()));
        }
        if (c.memoryReservation() != null) {
            n.put("memoryReservation", String.valueOf(c.memoryReservation()));
        }
        if (!c.gpuIds().isEmpty()) {
            ArrayNode g = n.putArray("gpuIds");
            c.gpuIds().forEach(g::add);
        }
        return n;
    }
}
