package com.amazonaws.ecs.local.internal.state;

/**
 * Where a task runs: on a container instance (launch type EC2) or on Fargate (no instance, a capacity provider
 * FARGATE or FARGATE_SPOT), in which zone, and through which ENI for awsvpc tasks ({@code attachment} null
 * otherwise).
 */
public record TaskPlacement(ContainerInstance instance, String launchType, String capacityProviderName,
        String availabilityZone, NetworkAttachment attachment) {

    /** On a container instance, in its zone. */
    public static TaskPlacement onInstance(ContainerInstance ci, NetworkAttachment attachment) {
        return new TaskPlacement(ci, "EC2", null, ci.ec2().availabilityZone(), attachment);
    }

    /** On Fargate through {@code capacityProvider}, in the zone of the ENI's subnet. */
    public static TaskPlacement onFargate(String capacityProvider, NetworkAttachment attachment) {
        return new TaskPlacement(null, "FARGATE", capacityProvider, attachment.subnet().availabilityZone(),
                attachment);
    }

    public boolean fargate() {
        return instance == null;
    }
}
