package com.amazonaws.ecs.cli.mesos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.Protos;

/**
 * What is left of one offer while a scheduler places tasks on it: cpus, mem and the port ranges. Each
 * {@link #carve} takes a task's share, so several tasks launched on one offer never overlap, and a fixed host
 * port (nginx's 80) can go to one task only: the second instance has to wait for another agent's offer.
 *
 * <pre>{@code
 * OfferSpace space = new OfferSpace(offer);
 * space.carve("web-1", "web", "nginx:2", 0.1, 100, List.of(80L)).ifPresent(tasks::add);
 * }</pre>
 *
 * <p>Not thread-safe: one per offer, inside {@code resourceOffers}.
 */
public final class OfferSpace {
    private final Protos.Offer offer;
    private double cpus;
    private double mem;
    private final List<long[]> ports = new ArrayList<>();

    public OfferSpace(Protos.Offer offer) {
        this.offer = offer;
        for (Protos.Resource r : offer.getResourcesList()) {
            switch (r.getName()) {
                case "cpus" -> cpus += r.getScalar().getValue();
                case "mem" -> mem += r.getScalar().getValue();
                case "ports" -> r.getRanges().getRangeList().forEach(p -> ports.add(new long[] {p.getBegin(), p.getEnd()}));
                default -> { }
            }
        }
    }

    public Protos.Offer offer() {
        return offer;
    }

    /** Whether a task of that size and with those host ports still fits. */
    public boolean fits(double taskCpus, double taskMem, List<Long> taskPorts) {
        return taskCpus <= cpus + 1e-9 && taskMem <= mem + 1e-9 && taskPorts.stream().allMatch(this::hasPort);
    }

    public boolean hasPort(long port) {
        return ports.stream().anyMatch(r -> r[0] <= port && port <= r[1]);
    }

    /**
     * A task running {@code taskDefinition} with that share of the offer, or empty when it does not fit; the
     * share is no longer available to later tasks.
     */
    public Optional<Protos.TaskInfo> carve(String taskId, String name, String taskDefinition, double taskCpus,
            double taskMem, List<Long> taskPorts) {
        if (!fits(taskCpus, taskMem, taskPorts)) {
            return Optional.empty();
        }
        cpus -= taskCpus;
        mem -= taskMem;
        Protos.TaskInfo.Builder task = Protos.TaskInfo.newBuilder()
                .setName(name)
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setSlaveId(offer.getSlaveId())
                .setCommand(Protos.CommandInfo.newBuilder().setValue(taskDefinition))
                .addResources(scalar("cpus", taskCpus))
                .addResources(scalar("mem", taskMem));
        if (!taskPorts.isEmpty()) {
            Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
            for (long port : taskPorts) {
                remove(port);
                ranges.addRange(Protos.Value.Range.newBuilder().setBegin(port).setEnd(port));
            }
            task.addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                    .setRanges(ranges));
        }
        return Optional.of(task.build());
    }

    private void remove(long port) {
        for (int i = 0; i < ports.size(); i++) {
            long[] r = ports.get(i);
            if (r[0] <= port && port <= r[1]) {
                ports.remove(i);
                if (port < r[1]) {
                    ports.add(i, new long[] {port + 1, r[1]});
                }
                if (r[0] < port) {
                    ports.add(i, new long[] {r[0], port - 1});
                }
                return;
            }
        }
    }

    private static Protos.Resource scalar(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }
}
