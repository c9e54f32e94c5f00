package com.amazonaws.ecs.local.internal.state;

/**
 * The ENI of an awsvpc task ({@code attachments[type=ElasticNetworkInterface]}): PRECREATED when the task is
 * created, ATTACHED when it reaches PENDING, DELETED when it is STOPPED. Its address is taken from the subnet when
 * the task is created, so that it is unique among live tasks, but shown only once the ENI is ATTACHED, as ECS shows
 * only the subnet of a PRECREATED attachment.
 */
public final class NetworkAttachment {
    private final String id;
    private final Subnet subnet;
    private final String networkInterfaceId;
    private final String macAddress;
    private final String privateIp;
    private final String privateDnsName;
    private String status = "PRECREATED";

    NetworkAttachment(String id, Subnet subnet, String networkInterfaceId, String macAddress, String privateIp,
            String privateDnsName) {
        this.id = id;
        this.subnet = subnet;
        this.networkInterfaceId = networkInterfaceId;
        this.macAddress = macAddress;
        this.privateIp = privateIp;
        this.privateDnsName = privateDnsName;
    }

    public String id() {
        return id;
    }

    public Subnet subnet() {
        return subnet;
    }

    public String networkInterfaceId() {
        return networkInterfaceId;
    }

    public String macAddress() {
        return macAddress;
    }

    public String privateIp() {
        return privateIp;
    }

    public String privateDnsName() {
        return privateDnsName;
    }

    public String status() {
        return status;
    }

    /** Whether the ENI's address and identity are shown (ATTACHED, and kept once DELETED). */
    public boolean shown() {
        return !"PRECREATED".equals(status);
    }

    void attached() {
        if ("PRECREATED".equals(status)) {
            status = "ATTACHED";
        }
    }

    void deleted() {
        status = "DELETED";
    }
}
