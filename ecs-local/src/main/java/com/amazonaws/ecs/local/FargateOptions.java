package com.amazonaws.ecs.local;

import com.amazonaws.ecs.local.internal.limits.Faults;
import com.amazonaws.ecs.local.internal.limits.RateLimits;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.Subnets;
import java.util.ArrayList;
import java.util.List;

/**
 * How Fargate behaves in an ecs-local: the subnets tasks get their addresses in, the account's vCPU quotas, and
 * Fargate's rate limits (which apply only with {@link EcsLocal.Builder#rateLimits rateLimits(true)}, as the others).
 *
 * <pre>{@code
 * EcsLocal.builder().fargate(FargateOptions.defaults()
 *         .withSubnets("subnet-a=us-east-1a:10.0.1.0/24", "subnet-b=us-east-1b:10.0.2.0/24")
 *         .withVcpuQuotas(256, 64))
 * }</pre>
 *
 * @param subnets subnets as {@code ID=ZONE:CIDR}; any other {@code subnet-*} ID named in a RunTask gets zone
 *     REGION a, b, c, ... and range 10.N.0.0/16 in order of first use
 * @param onDemandVcpuQuota vCPUs of FARGATE tasks that may be live at once (default 6000)
 * @param spotVcpuQuota the same for FARGATE_SPOT (default 6000)
 * @param launchBurst Fargate task launches per capacity provider: bucket size (default 100)
 * @param launchesPerSecond and refill per second (default 20)
 * @param runTaskBurst RunTask calls that launch on Fargate: bucket size (default 20)
 * @param runTasksPerSecond and refill per second (default 20)
 */
public record FargateOptions(List<String> subnets, int onDemandVcpuQuota, int spotVcpuQuota, int launchBurst,
        double launchesPerSecond, int runTaskBurst, double runTasksPerSecond) {

    public FargateOptions {
        subnets = List.copyOf(subnets);
        subnets.forEach(Subnets::parse);
        if (onDemandVcpuQuota < 0 || spotVcpuQuota < 0) {
            throw new IllegalArgumentException("vCPU quotas must be >= 0");
        }
        if (launchBurst < 1 || runTaskBurst < 1 || !(launchesPerSecond > 0) || !(runTasksPerSecond > 0)) {
            throw new IllegalArgumentException("Fargate rate buckets need a burst >= 1 and a refill > 0");
        }
    }

    /** No configured subnet, quotas of 6000 vCPUs, and Fargate's documented rates. */
    public static FargateOptions defaults() {
        return new FargateOptions(List.of(), EcsState.DEFAULT_FARGATE_VCPU_QUOTA,
                EcsState.DEFAULT_FARGATE_VCPU_QUOTA, RateLimits.FARGATE_LAUNCH_BURST,
                RateLimits.FARGATE_LAUNCHES_PER_SECOND, RateLimits.FARGATE_RUN_TASK_BURST,
                RateLimits.FARGATE_RUN_TASKS_PER_SECOND);
    }

    /** Sets up {@code state}'s subnets, quotas and Spot interruptions (from {@code faults}). */
    void configure(EcsState state, Faults faults) {
        state.subnets().configure(subnets);
        state.fargate().setQuotas(onDemandVcpuQuota, spotVcpuQuota);
        state.lifecycle().setSpotInterruptions(t -> faults.spotInterruption(t.definition().family()));
    }

    /** {@code limits} with Fargate's buckets, in real time. */
    RateLimits addTo(RateLimits limits) {
        return limits.withFargate(launchBurst, launchesPerSecond, runTaskBurst, runTasksPerSecond, System::nanoTime);
    }

    /** Adds subnets as {@code subnet-a=us-east-1a:10.0.1.0/24} (ID, zone, IPv4 range /16 to /28). */
    public FargateOptions withSubnets(String... specs) {
        List<String> all = new ArrayList<>(subnets);
        all.addAll(List.of(specs));
        return new FargateOptions(all, onDemandVcpuQuota, spotVcpuQuota, launchBurst, launchesPerSecond,
                runTaskBurst, runTasksPerSecond);
    }

    /** The vCPU quotas of FARGATE and FARGATE_SPOT. */
    public FargateOptions withVcpuQuotas(int onDemand, int spot) {
        return new FargateOptions(subnets, onDemand, spot, launchBurst, launchesPerSecond, runTaskBurst,
                runTasksPerSecond);
    }

    /** The task launch bucket of each capacity provider: {@code burst} tokens refilled at {@code perSecond}. */
    public FargateOptions withLaunchRate(int burst, double perSecond) {
        return new FargateOptions(subnets, onDemandVcpuQuota, spotVcpuQuota, burst, perSecond, runTaskBurst,
                runTasksPerSecond);
    }

    /** The bucket of RunTask calls that launch on Fargate. */
    public FargateOptions withRunTaskRate(int burst, double perSecond) {
        return new FargateOptions(subnets, onDemandVcpuQuota, spotVcpuQuota, launchBurst, launchesPerSecond, burst,
                perSecond);
    }
}
