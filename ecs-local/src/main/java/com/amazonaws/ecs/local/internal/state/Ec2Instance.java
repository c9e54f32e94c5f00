package com.amazonaws.ecs.local.internal.state;

/** The EC2 instance behind a container instance, as EC2 DescribeInstances reports it. */
public final class Ec2Instance {
    private final String instanceId;
    private final String instanceType;
    private final String availabilityZone;
    private final String privateIp;
    private final String privateDnsName;
    private final long launchTimeMillis;
    private String state = "running";

    public Ec2Instance(String instanceId, String instanceType, String availabilityZone, String privateIp,
            String privateDnsName, long launchTimeMillis) {
        this.instanceId = instanceId;
        this.instanceType = instanceType;
        this.availabilityZone = availabilityZone;
        this.privateIp = privateIp;
        this.privateDnsName = privateDnsName;
        this.launchTimeMillis = launchTimeMillis;
    }

    public String instanceId() {
        return instanceId;
    }

    public String instanceType() {
        return instanceType;
    }

    public String availabilityZone() {
        return availabilityZone;
    }

    public String privateIp() {
        return privateIp;
    }

    public String privateDnsName() {
        return privateDnsName;
    }

    public long launchTimeMillis() {
        return launchTimeMillis;
    }

    public String state() {
        return state;
    }

    public void terminate() {
        state = "terminated";
    }
}
