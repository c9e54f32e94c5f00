package com.amazonaws.ecs.cli.connect;

import com.amazonaws.ecs.cli.CommandFailure;
import com.amazonaws.ecs.mesos.ECSSchedulerDriver;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The AWS SDK clients for one {@link EcsTarget}, and the checks a command makes before it starts a driver,
 * so that missing credentials, an unknown cluster or an unknown task definition are one clear line
 * ({@link CommandFailure}) instead of a driver {@code error()} or a stack trace.
 *
 * <pre>{@code
 * try (EcsConnection ecs = EcsConnection.open(options.resolve(System.getenv()))) {
 *     ecs.requireCluster();
 *     SchedulerDriver driver = ecs.driver(scheduler, framework).build();
 * }
 * }</pre>
 *
 * <p>With an endpoint override, EC2 is asked at the same endpoint: ecs-local serves {@code DescribeInstances}
 * there for agents' hostnames (against any other endpoint the driver names agents by EC2 instance ID).
 */
public final class EcsConnection implements AutoCloseable {
    private final EcsTarget target;
    private final String region;
    private final EcsClient ecs;
    private final Ec2Client ec2;

    private EcsConnection(EcsTarget target, String region, EcsClient ecs, Ec2Client ec2) {
        this.target = target;
        this.region = region;
        this.ecs = ecs;
        this.ec2 = ec2;
    }

    /**
     * Resolves the region and the credentials now (the SDK would only fail at the first call) and builds the
     * clients.
     *
     * @throws CommandFailure without a region or credentials
     */
    public static EcsConnection open(EcsTarget target) {
        String region = target.region() != null ? target.region() : defaultRegion();
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new CommandFailure("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                    + "or AWS_PROFILE, or run where an instance or container role is available");
        }
        EcsClientBuilder ecs = EcsClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder());
        Ec2ClientBuilder ec2 = Ec2Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder());
        if (target.endpoint() != null) {
            ecs.endpointOverride(target.endpoint());
            ec2.endpointOverride(target.endpoint());
        }
        return new EcsConnection(target, region, ecs.build(), ec2.build());
    }

    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkException e) {
            throw new CommandFailure("no AWS region: pass --region or set AWS_REGION");
        }
    }

    public EcsClient ecs() {
        return ecs;
    }

    public String region() {
        return region;
    }

    public EcsTarget target() {
        return target;
    }

    /** {@code cluster 'x' in REGION (ENDPOINT)}, for messages. */
    public String describe() {
        return target.describe(region);
    }

    /**
     * Checks that the cluster exists and is ACTIVE ({@code DescribeClusters}).
     *
     * @throws CommandFailure otherwise, or when ECS cannot be reached or refuses the credentials
     */
    public Cluster requireCluster() {
        DescribeClustersResponse r;
        try {
            r = ecs.describeClusters(b -> b.clusters(target.cluster()));
        } catch (SdkException e) {
            throw new CommandFailure(EcsProblems.describe(e, "DescribeClusters", this));
        }
        List<Cluster> found = r.clusters();
        if (found.isEmpty() || !"ACTIVE".equals(found.get(0).status())) {
            throw new CommandFailure("ECS " + describe() + " not found"
                    + (found.isEmpty() ? "" : " (status " + found.get(0).status() + ")")
                    + "; set --cluster or AWS_ECS_CLUSTER");
        }
        return found.get(0);
    }

    /**
     * The task definition a {@code CommandInfo.value} names ({@code DescribeTaskDefinition}).
     *
     * @throws CommandFailure when ECS does not know it
     */
    public TaskDefinition requireTaskDefinition(String reference) {
        try {
            return ecs.describeTaskDefinition(b -> b.taskDefinition(reference)).taskDefinition();
        } catch (software.amazon.awssdk.services.ecs.model.ClientException e) {
            throw new CommandFailure("task definition '" + reference + "' not found in " + region
                    + (target.endpoint() == null ? "" : " (" + target.endpoint() + ")")
                    + ": " + EcsProblems.message(e));
        } catch (SdkException e) {
            throw new CommandFailure(EcsProblems.describe(e, "DescribeTaskDefinition", this));
        }
    }

    /** A driver builder for this cluster with these clients (the driver does not close them; this does). */
    public ECSSchedulerDriver.Builder driver(Scheduler scheduler, Protos.FrameworkInfo framework) {
        return ECSSchedulerDriver.builder(scheduler, framework)
                .ecsClient(ecs)
                .ec2Client(ec2)
                .cluster(target.cluster())
                .region(region);
    }

    @Override
    public void close() {
        ecs.close();
        ec2.close();
    }
}
