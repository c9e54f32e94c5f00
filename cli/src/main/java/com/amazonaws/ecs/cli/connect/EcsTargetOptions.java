package com.amazonaws.ecs.cli.connect;

import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options naming an ECS cluster, shared by {@code run} and {@code offers} as a picocli mixin. Unset
 * options fall back to the environment the driver reads ({@code AWS_ECS_CLUSTER}, {@code AWS_ECS_ENDPOINT})
 * and then to the AWS SDK's region chain.
 *
 * <pre>
 * ./ecs-mesos offers --cluster blue --region eu-west-1
 * ./ecs-mesos offers --endpoint http://127.0.0.1:5055 --region us-east-1
 * </pre>
 */
public final class EcsTargetOptions {
    @Option(names = "--cluster", paramLabel = "NAME",
            description = "ECS cluster (default: $AWS_ECS_CLUSTER, else default).")
    String cluster;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "ECS endpoint, e.g. ecs-local's http://127.0.0.1:5055 (default: $AWS_ECS_ENDPOINT, "
                    + "else the region's).")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: the AWS SDK's: $AWS_REGION, profile, instance).")
    String region;

    /** The target these options and {@code env} name; the region stays null when left to the SDK. */
    public EcsTarget resolve(Map<String, String> env) {
        String c = firstSet(cluster, env.get("AWS_ECS_CLUSTER"), "default");
        String e = firstSet(endpoint, env.get("AWS_ECS_ENDPOINT"), null);
        URI uri = null;
        if (e != null) {
            try {
                uri = URI.create(e);
            } catch (IllegalArgumentException bad) {
                throw new EcsTargetException("endpoint '" + e + "' is not a URL");
            }
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new EcsTargetException("endpoint '" + e + "' must be an http:// or https:// URL");
            }
        }
        if (!c.matches("[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]{1,255}")) {
            throw new EcsTargetException("cluster '" + c + "' is not an ECS cluster name or ARN");
        }
        return new EcsTarget(c, blankToNull(region), uri);
    }

    private static String firstSet(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        if (b != null && !b.isBlank()) {
            return b.strip();
        }
        return fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
