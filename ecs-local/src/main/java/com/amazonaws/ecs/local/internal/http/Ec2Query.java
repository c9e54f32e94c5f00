package com.amazonaws.ecs.local.internal.http;

import com.amazonaws.ecs.local.internal.state.Ec2Instance;
import com.amazonaws.ecs.local.internal.state.EcsState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one EC2 action the driver needs, DescribeInstances, in EC2's query protocol (form-encoded
 * request, XML answer): the private DNS name and IP of the instances behind container instances.
 */
public final class Ec2Query {
    private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    /** An XML answer and its HTTP status. */
    public record Answer(int status, String xml) {}

    private final EcsState state;

    public Ec2Query(EcsState state) {
        this.state = state;
    }

    /** The state it answers from (the server's other non-ECS APIs answer from it too). */
    EcsState state() {
        return state;
    }

    public static Map<String, String> parseForm(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
        return params;
    }

    public Answer handle(Map<String, String> params) {
        String action = params.get("Action");
        if ("DescribeSubnets".equals(action)) {
            return describeSubnets(params);
        }
        if (!"DescribeInstances".equals(action)) {
            return error(400, "InvalidAction", "The action " + action + " is not valid for this web service "
                    + "(ecs-local serves DescribeInstances and DescribeSubnets only).");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 1; params.containsKey("InstanceId." + i); i++) {
            ids.add(params.get("InstanceId." + i));
        }
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (int i = 1; params.containsKey("Filter." + i + ".Name"); i++) {
            List<String> values = new ArrayList<>();
            for (int j = 1; params.containsKey("Filter." + i + ".Value." + j); j++) {
                values.add(params.get("Filter." + i + ".Value." + j));
            }
            filters.put(params.get("Filter." + i + ".Name"), values);
        }
        List<Ec2Instance> found = new ArrayList<>();
        synchronized (state) {
            state.advance();
            for (String id : ids) {
                if (!state.ec2Instances().containsKey(id)) {
                    return error(400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
                }
            }
            for (Ec2Instance i : state.ec2()) {
                if ((ids.isEmpty() || ids.contains(i.instanceId())) && matches(i, filters)) {
                    found.add(i);
                }
            }
        }
        StringBuilder x = new StringBuilder(512 + found.size() * 700);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse xmlns=\"").append(NS)
                .append("\">\n  <requestId>").append(UUID.randomUUID()).append("</requestId>\n  <reservationSet>\n");
        for (Ec2Instance i : found) {
            boolean running = "running".equals(i.state());
            x.append("    <item>\n      <reservationId>r-").append(i.instanceId().substring(2))
                    .append("</reservationId>\n      <ownerId>").append(state.arns().account())
                    .append("</ownerId>\n      <groupSet/>\n      <instancesSet>\n        <item>\n")
                    .append("          <instanceId>").append(i.instanceId()).append("</instanceId>\n")
                    .append("          <imageId>ami-0ecs10ca1000000000</imageId>\n")
                    .append("          <instanceState><code>").append(running ? 16 : 48).append("</code><name>")
                    .append(i.state()).append("</name></instanceState>\n")
                    .append("          <privateDnsName>").append(running ? i.privateDnsName() : "")
                    .append("</privateDnsName>\n          <dnsName/>\n")
                    .append("          <instanceType>").append(escape(i.instanceType())).append("</instanceType>\n")
                    .append("          <launchTime>").append(Instant.ofEpochMilli(i.launchTimeMillis()))
                    .append("</launchTime>\n")
                    .append("          <placement><availabilityZone>").append(escape(i.availabilityZone()))
                    .append("</availabilityZone><tenancy>default</tenancy></placement>\n");
            if (running) {
                x.append("          <privateIpAddress>").append(i.privateIp()).append("</privateIpAddress>\n");
            }
            x.append("          <architecture>x86_64</architecture>\n        </item>\n      </instancesSet>\n"
                    + "    </item>\n");
        }
        x.append("  </reservationSet>\n</DescribeInstancesResponse>\n");
        return new Answer(200, x.toString());
    }

    /**
     * The subnets named ({@code SubnetId.N}), as awsvpc tasks see them: any {@code subnet-*} ID exists, with its
     * configured or derived zone and range (see {@link com.amazonaws.ecs.local.internal.state.Subnets}). Without
     * IDs, none (the driver always names its subnets).
     */
    private Answer describeSubnets(Map<String, String> params) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; params.containsKey("SubnetId." + i); i++) {
            ids.add(params.get("SubnetId." + i));
        }
        List<com.amazonaws.ecs.local.internal.state.Subnet> found;
        synchronized (state) {
            for (String id : ids) {
                if (!com.amazonaws.ecs.local.internal.state.Subnets.validId(id)) {
                    return error(400, "InvalidSubnetID.Malformed", "Invalid id: \"" + id + "\"");
                }
            }
            found = state.subnets().resolve(ids);
        }
        StringBuilder x = new StringBuilder(256 + found.size() * 400);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeSubnetsResponse xmlns=\"").append(NS)
                .append("\">\n  <requestId>").append(UUID.randomUUID()).append("</requestId>\n  <subnetSet>\n");
        for (com.amazonaws.ecs.local.internal.state.Subnet s : found) {
            x.append("    <item>\n      <subnetId>").append(escape(s.id())).append("</subnetId>\n")
                    .append("      <state>available</state>\n      <vpcId>vpc-0ec5l0ca1</vpcId>\n")
                    .append("      <cidrBlock>").append(escape(s.cidr())).append("</cidrBlock>\n")
                    .append("      <availabilityZone>").append(escape(s.availabilityZone())).append("</availabilityZone>\n")
                    .append("      <ownerId>").append(state.arns().account()).append("</ownerId>\n    </item>\n");
        }
        x.append("  </subnetSet>\n</DescribeSubnetsResponse>\n");
        return new Answer(200, x.toString());
    }

    private static boolean matches(Ec2Instance i, Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            String value = switch (f.getKey()) {
                case "instance-id" -> i.instanceId();
                case "private-dns-name" -> i.privateDnsName();
                case "private-ip-address" -> i.privateIp();
                case "instance-state-name" -> i.state();
                case "availability-zone" -> i.availabilityZone();
                case "instance-type" -> i.instanceType();
                default -> null;
            };
            if (value == null || !f.getValue().contains(value)) {
                return false;
            }
        }
        return true;
    }

    public static Answer error(int status, String code, String message) {
        return new Answer(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                + "</Code><Message>" + escape(message) + "</Message></Error></Errors><RequestID>" + UUID.randomUUID()
                + "</RequestID></Response>\n");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
