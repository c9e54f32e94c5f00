package com.amazonaws.ecs.local.internal.state;

import java.util.HashMap;
import java.util.Map;

/**
 * The account's Fargate vCPU quotas ("Fargate On-Demand vCPU resource count" and its Spot twin): the vCPUs
 * (task CPU units / 1024) of the Fargate tasks not yet STOPPED, per capacity provider, may not exceed them.
 */
public final class FargateCapacity {
    public static final String FARGATE = "FARGATE";
    public static final String FARGATE_SPOT = "FARGATE_SPOT";

    private int onDemandQuotaVcpu;
    private int spotQuotaVcpu;
    private final Map<String, Integer> usedUnits = new HashMap<>();
    /** What each live task holds, so that each is given back once. */
    private final Map<Task, Integer> held = new HashMap<>();

    FargateCapacity(int onDemandQuotaVcpu, int spotQuotaVcpu) {
        setQuotas(onDemandQuotaVcpu, spotQuotaVcpu);
    }

    public void setQuotas(int onDemandVcpu, int spotVcpu) {
        if (onDemandVcpu < 0 || spotVcpu < 0) {
            throw new IllegalArgumentException("vCPU quotas must be >= 0");
        }
        this.onDemandQuotaVcpu = onDemandVcpu;
        this.spotQuotaVcpu = spotVcpu;
    }

    /** Whether a task of {@code cpuUnits} fits under the quota of {@code capacityProvider} now. */
    /** The vCPU quota of a capacity provider (FARGATE or FARGATE_SPOT). */
    public int quotaVcpu(String capacityProvider) {
        return FARGATE_SPOT.equals(capacityProvider) ? spotQuotaVcpu : onDemandQuotaVcpu;
    }

    public boolean fits(String capacityProvider, int cpuUnits) {
        long quotaUnits = 1024L * (FARGATE_SPOT.equals(capacityProvider) ? spotQuotaVcpu : onDemandQuotaVcpu);
        return usedUnits.getOrDefault(capacityProvider, 0) + (long) cpuUnits <= quotaUnits;
    }

    /** vCPUs in use on {@code capacityProvider}. */
    public double vcpusInUse(String capacityProvider) {
        return usedUnits.getOrDefault(capacityProvider, 0) / 1024.0;
    }

    /** Counts a Fargate task being launched against its capacity provider's quota until it is STOPPED. */
    public void hold(Task task) {
        held.put(task, task.cpu());
        usedUnits.merge(task.capacityProviderName(), task.cpu(), Integer::sum);
    }

    void release(Task task) {
        Integer units = held.remove(task);
        if (units != null) {
            usedUnits.merge(task.capacityProviderName(), -units, Integer::sum);
        }
    }
}
