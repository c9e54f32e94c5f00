package com.amazonaws.ecs.cli.offers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The offers of one round, as a table for people or JSON for scripts. Pure: rows in, text out. The table
 * leaves out the {@code ecs.capability.*} attributes every instance has; the JSON has them all.
 *
 * <pre>
 * 2 offers from cluster 'default' in us-east-1 (http://127.0.0.1:5055)
 * AGENT     HOSTNAME                      CPUS   MEM  DISK  PORTS        ZONE        ATTRIBUTES
 * 3f2a...   ip-10-0-0-1.ec2.internal      2.00  4096 10240  31000-32000  us-east-1a  ecs.instance-type=m5.large
 * </pre>
 */
final class OfferReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String cluster;
    private final String region;
    private final String endpoint;
    private final List<OfferRow> rows;

    OfferReport(String cluster, String region, String endpoint, List<OfferRow> rows) {
        this.cluster = cluster;
        this.region = region;
        this.endpoint = endpoint;
        List<OfferRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(OfferRow::hostname).thenComparing(OfferRow::agent));
        this.rows = List.copyOf(sorted);
    }

    String text() {
        StringBuilder b = new StringBuilder();
        b.append(rows.size()).append(rows.size() == 1 ? " offer" : " offers").append(" from cluster '")
                .append(cluster).append("' in ").append(region)
                .append(endpoint == null ? "" : " (" + endpoint + ")").append('\n');
        if (rows.isEmpty()) {
            b.append("No ACTIVE, connected container instance has free resources to offer.\n");
            return b.toString();
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"AGENT", "HOSTNAME", "CPUS", "MEM", "DISK", "GPUS", "PORTS", "ZONE", "ATTRIBUTES"});
        for (OfferRow r : rows) {
            table.add(new String[] {r.agent(), r.hostname(), String.format(Locale.ROOT, "%.2f", r.cpus()),
                    number(r.mem()), number(r.disk()), number(r.gpus()), r.portsText(),
                    r.zone() == null ? "-" : r.zone(), attributes(r)});
        }
        int[] widths = new int[table.get(0).length];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i >= 2 && i <= 5;
                String cell = numeric ? " ".repeat(widths[i] - row[i].length()) + row[i]
                        : row[i] + (i == row.length - 1 ? "" : " ".repeat(widths[i] - row[i].length()));
                line.append(cell).append(i == row.length - 1 ? "" : "  ");
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("cluster", cluster);
        root.put("region", region);
        root.put("endpoint", endpoint);
        ArrayNode offers = root.putArray("offers");
        for (OfferRow r : rows) {
            ObjectNode o = offers.addObject();
            o.put("offerId", r.offerId());
            o.put("agent", r.agent());
            o.put("hostname", r.hostname());
            o.put("cpus", r.cpus());
            o.put("mem", r.mem());
            o.put("disk", r.disk());
            o.put("gpus", r.gpus());
            ArrayNode ports = o.putArray("ports");
            for (long[] p : r.ports()) {
                ports.addObject().put("begin", p[0]).put("end", p[1]);
            }
            ObjectNode attributes = o.putObject("attributes");
            new TreeMap<>(r.attributes()).forEach(attributes::put);
            o.put("region", r.region());
            o.put("zone", r.zone());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String attributes(OfferRow r) {
        if (r.attributes().isEmpty()) {
            return "-";
        }
        // ECS gives every instance a dozen ecs.capability.* attributes: the table keeps the ones constraints use.
        List<String> parts = new ArrayList<>();
        new TreeMap<>(r.attributes()).forEach((k, v) -> {
            if (!k.startsWith("ecs.capability.")) {
                parts.add(k + "=" + v);
            }
        });
        return parts.isEmpty() ? "-" : String.join(",", parts);
    }
}
