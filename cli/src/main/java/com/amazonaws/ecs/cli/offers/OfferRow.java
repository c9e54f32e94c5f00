package com.amazonaws.ecs.cli.offers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos;

/**
 * One offer as {@code offers} shows it: the agent, its hostname, its scalar resources, its port ranges, its
 * attributes and fault domain. Built from the Mesos {@link Protos.Offer} the driver made, nothing else.
 */
record OfferRow(String offerId, String agent, String hostname, double cpus, double mem, double disk, double gpus,
        List<long[]> ports, Map<String, String> attributes, String region, String zone) {

    static OfferRow of(Protos.Offer offer) {
        double cpus = 0;
        double mem = 0;
        double disk = 0;
        double gpus = 0;
        List<long[]> ports = new ArrayList<>();
        for (Protos.Resource r : offer.getResourcesList()) {
            switch (r.getName()) {
                case "cpus" -> cpus += r.getScalar().getValue();
                case "mem" -> mem += r.getScalar().getValue();
                case "disk" -> disk += r.getScalar().getValue();
                case "gpus" -> gpus += r.getScalar().getValue();
                case "ports" -> r.getRanges().getRangeList().forEach(p -> ports.add(new long[] {p.getBegin(), p.getEnd()}));
                default -> { }
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Protos.Attribute a : offer.getAttributesList()) {
            attributes.put(a.getName(), value(a));
        }
        String region = null;
        String zone = null;
        if (offer.hasDomain() && offer.getDomain().hasFaultDomain()) {
            region = offer.getDomain().getFaultDomain().getRegion().getName();
            zone = offer.getDomain().getFaultDomain().getZone().getName();
        }
        return new OfferRow(offer.getId().getValue(), offer.getSlaveId().getValue(), offer.getHostname(), cpus, mem,
                disk, gpus, List.copyOf(ports), Map.copyOf(attributes), region, zone);
    }

    /** Port ranges as Mesos prints them: {@code 80,31000-32000}. */
    String portsText() {
        List<String> parts = new ArrayList<>();
        for (long[] p : ports) {
            parts.add(p[0] == p[1] ? String.valueOf(p[0]) : p[0] + "-" + p[1]);
        }
        return parts.isEmpty() ? "-" : String.join(",", parts);
    }

    private static String value(Protos.Attribute a) {
        return switch (a.getType()) {
            case TEXT -> a.getText().getValue();
            case SCALAR -> String.valueOf(a.getScalar().getValue());
            case RANGES -> a.getRanges().toString().replaceAll("\\s+", " ").strip();
            case SET -> String.join(",", a.getSet().getItemList());
        };
    }
}
