package com.amazonaws.ecs.cli.connect;

import java.net.URI;

/**
 * An ECS cluster as the command line named it: cluster name or ARN, region (null: the AWS SDK's chain
 * decides) and endpoint (null: the region's).
 */
public record EcsTarget(String cluster, String region, URI endpoint) {

    /** How messages name the target: {@code cluster 'blue' in us-east-1 (http://127.0.0.1:5055)}. */
    public String describe(String resolvedRegion) {
        return "cluster '" + cluster + "' in " + resolvedRegion + (endpoint == null ? "" : " (" + endpoint + ")");
    }
}
