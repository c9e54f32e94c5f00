package com.amazonaws.ecs.local.internal.api;

import com.amazonaws.ecs.local.internal.limits.RateLimits;
import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.FargateSizes;
import com.amazonaws.ecs.local.internal.state.NetworkAttachment;
import com.amazonaws.ecs.local.internal.state.Subnet;
import com.amazonaws.ecs.local.internal.state.Task;
import com.amazonaws.ecs.local.internal.state.TaskDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RunTask on Fargate ({@code launchType FARGATE}, or a capacity provider strategy of FARGATE / FARGATE_SPOT, given or
 * the cluster's default): the checks ECS makes, Fargate's own rate limits, the vCPU quotas, and the tasks, each with
 * an ENI in one of the request's subnets (the least used, so that tasks spread over the subnets' zones).
 */
final class FargateLaunches {
    /** The reason of a RunTask failure for a task over the account's vCPU quota, in ECS's words. */
    static final String VCPU_LIMIT = "You\u2019ve reached the limit on the number of vCPUs you can run concurrently";
    /** ecs-local's own reason for a task whose subnets have no address left. */
    static final String NO_ADDRESS = "InsufficientFreeAddressesInSubnet: the subnets have no free IPv4 address left.";

    private final EcsState state;
    private final RateLimits limits;

    FargateLaunches(EcsState state, RateLimits limits) {
        this.state = state;
        this.limits = limits;
    }

    /**
     * The capacity provider of each of {@code count} tasks when RunTask launches on Fargate, or null when it launches
     * on container instances (launch type EC2, or neither launch type nor any strategy).
     */
    static List<String> providers(Request r, Cluster cluster, int count) {
        String launchType = r.string("launchType");
        boolean strategyGiven = r.body().path("capacityProviderStrategy").size() > 0;
        if (launchType != null && strategyGiven) {
            throw EcsException.invalidParameter("Specifying both a launch type and capacity provider strategy is not "
                    + "supported. Remove one and try again.");
        }
        if ("FARGATE".equals(launchType)) {
            return java.util.Collections.nCopies(count, "FARGATE");
        }
        if (launchType != null && !"EC2".equals(launchType)) {
            throw EcsException.invalidParameter("ecs-local runs tasks on container instances (launchType EC2) and on "
                    + "Fargate (launchType FARGATE), not " + launchType + ".");
        }
        if (strategyGiven) {
            return CapacityProviderStrategy.split(CapacityProviderStrategy.read(r.body()
                    .path("capacityProviderStrategy")), count, cluster);
        }
        if (launchType == null && !cluster.defaultStrategy().isEmpty()) {
            return CapacityProviderStrategy.split(cluster.defaultStrategy(), count, cluster);
        }
        return null;
    }

    /** Checks the launch, then creates what fits; the others are {@code failures}. Returns the tasks started. */
    List<Task> launch(Launch launch, Cluster cluster, List<String> providers, ArrayNode failures) {
        if (!limits.admitFargateRunTask()) {
            throw EcsException.throttling();
        }
        TaskDefinition td = launch.definition();
        boolean required = td.requiresCompatibilities().isEmpty() || td.requiresCompatibilities().contains("FARGATE");
        if (!required || !"awsvpc".equals(td.networkMode()) || td.cpu() == null || td.memory() == null) {
            throw EcsException.client("Task definition does not support launch_type FARGATE.");
        }
        int cpu = launch.need().cpu();
        int memory = launch.need().memory();
        if (!FargateSizes.valid(cpu, memory)) {
            throw EcsException.client(FargateSizes.invalidMessage(cpu, memory));
        }
        List<Subnet> subnets = launch.subnets();
        if (subnets == null) {
            throw EcsException.invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is "
                    + "specified.");
        }
        Map<String, Integer> launches = new LinkedHashMap<>();
        providers.forEach(p -> launches.merge(p, 1, Integer::sum));
        if (!limits.admitFargateLaunches(launches)) {
            throw EcsException.throttling();
        }
        List<Task> started = new ArrayList<>();
        for (String provider : providers) {
            if (!state.fargate().fits(provider, cpu)) {
                failures.add(Render.failure(null, VCPU_LIMIT, null));
                continue;
            }
            NetworkAttachment eni = attach(subnets);
            if (eni == null) {
                failures.add(Render.failure(null, NO_ADDRESS, null));
                continue;
            }
            started.add(launch.placeOnFargate(cluster, provider, eni));
        }
        return started;
    }

    /** An ENI in the least used of {@code subnets} that has a free address, or null when none has. */
    private NetworkAttachment attach(List<Subnet> subnets) {
        List<Subnet> byUse = new ArrayList<>(subnets);
        byUse.sort(Comparator.comparingInt(Subnet::inUse));
        for (Subnet s : byUse) {
            NetworkAttachment eni = state.newAttachment(s);
            if (eni != null) {
                return eni;
            }
        }
        return null;
    }
}
