package com.amazonaws.ecs.local.internal.state;

/**
 * A VPC subnet tasks get their ENIs in: its zone and IPv4 range. Addresses are handed out in turn through the
 * range (so a freed address is not reused at once), skipping the five AWS reserves in every subnet (the network
 * address, the next three, and the last).
 */
public final class Subnet {
    private final String id;
    private final String availabilityZone;
    private final String cidr;
    private final long network;
    private final long size;
    private long cursor;
    private int inUse;

    Subnet(String id, String availabilityZone, String cidr) {
        this.id = id;
        this.availabilityZone = availabilityZone;
        this.cidr = cidr;
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        this.size = 1L << (32 - prefix);
        this.network = ipValue(parts[0]) & ~(size - 1);
        this.cursor = 4;
    }

    public String id() {
        return id;
    }

    public String availabilityZone() {
        return availabilityZone;
    }

    public String cidr() {
        return cidr;
    }

    /** Addresses of live tasks in this subnet. */
    public int inUse() {
        return inUse;
    }

    /** The next free address ({@code taken} says which are), or null when the subnet is full. */
    String allocate(java.util.function.Predicate<String> taken) {
        long usable = size - 5;
        for (long tried = 0; tried < usable; tried++) {
            long offset = cursor;
            cursor = cursor + 1 >= size - 1 ? 4 : cursor + 1;
            String ip = ipText(network + offset);
            if (!taken.test(ip)) {
                inUse++;
                return ip;
            }
        }
        return null;
    }

    void released() {
        inUse--;
    }

    static long ipValue(String dotted) {
        String[] o = dotted.trim().split("\\.");
        if (o.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        long v = 0;
        for (String part : o) {
            int b = Integer.parseInt(part);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            v = (v << 8) | b;
        }
        return v;
    }

    static String ipText(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
