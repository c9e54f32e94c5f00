package com.amazonaws.ecs.local.internal.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The subnets awsvpc tasks are placed in. Any {@code subnet-*} ID is accepted, as if the account had it: a subnet
 * configured with {@code ID=ZONE:CIDR} has that zone and range; any other is given one the first time it is named,
 * deterministically: the N-th such subnet (in order of first use, IDs named together taken in sorted order) is in
 * zone REGION + a, b, c, a, ... and has 10.N.0.0/16 (a /16 leaves room for tens of thousands of tasks, and stays
 * clear of the instances' 10.0.x.y). Addresses are unique among live tasks, across subnets.
 */
public final class Subnets {
    private static final Pattern ID = Pattern.compile("subnet-[A-Za-z0-9-]+");
    private static final Pattern SPEC = Pattern.compile("(subnet-[A-Za-z0-9-]+)=([a-z0-9-]+):([0-9.]+/[0-9]+)");

    private final String region;
    private final Map<String, Subnet> known = new LinkedHashMap<>();
    private final Set<String> addressesInUse = new HashSet<>();
    private int derived;

    Subnets(String region) {
        this.region = region;
    }

    /** Whether {@code id} looks like a subnet ID ({@code subnet-} and letters, digits, hyphens). */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * Parses {@code subnet-a=us-east-1a:10.0.1.0/24}: subnet ID, zone, IPv4 range (/16 to /28, as VPC allows).
     *
     * @throws IllegalArgumentException when it does not look like that
     */
    public static Subnet parse(String spec) {
        var m = SPEC.matcher(spec == null ? "" : spec.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("subnet '" + spec + "' must be ID=ZONE:CIDR, e.g. "
                    + "subnet-a=us-east-1a:10.0.1.0/24");
        }
        int prefix = Integer.parseInt(m.group(3).split("/")[1]);
        if (prefix < 16 || prefix > 28) {
            throw new IllegalArgumentException("subnet '" + spec + "': the range must be /16 to /28");
        }
        Subnet.ipValue(m.group(3).split("/")[0]);
        return new Subnet(m.group(1), m.group(2), m.group(3));
    }

    /** Adds subnets given as {@link #parse specs}; a subnet already known keeps its first definition. */
    public void configure(List<String> specs) {
        for (String spec : specs) {
            Subnet s = parse(spec);
            known.putIfAbsent(s.id(), s);
        }
    }

    /** The subnets of these (valid) IDs, in the order given, giving the unknown ones their zone and range. */
    public List<Subnet> resolve(List<String> ids) {
        for (String id : new TreeSet<>(ids)) {
            if (!known.containsKey(id)) {
                int n = ++derived;
                known.put(id, new Subnet(id, region + "abc".charAt((n - 1) % 3), "10." + (n % 256) + ".0.0/16"));
            }
        }
        List<Subnet> out = new ArrayList<>();
        for (String id : ids) {
            out.add(known.get(id));
        }
        return out;
    }

    /** Takes a free address of {@code subnet}, or null when it has none. */
    String take(Subnet subnet) {
        String ip = subnet.allocate(addressesInUse::contains);
        if (ip != null) {
            addressesInUse.add(ip);
        }
        return ip;
    }

    void release(NetworkAttachment a) {
        if (addressesInUse.remove(a.privateIp())) {
            a.subnet().released();
        }
    }

    /** The private DNS name EC2 gives an address in this region. */
    String dnsName(String ip) {
        return "ip-" + ip.replace('.', '-')
                + ("us-east-1".equals(region) ? ".ec2.internal" : "." + region + ".compute.internal");
    }
}
