package com.amazonaws.ecs.mesos.internal.translate;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;

/** Compact builders for Mesos messages used by the table-driven tests. */
final class Fixtures {
  private Fixtures() {}

  /** "cpus:1; mem:128; ports:31000-31001,31005" → resources. */
  static List<Protos.Resource> resources(String spec) {
    List<Protos.Resource> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(";")) {
      String[] kv = part.trim().split(":", 2);
      String name = kv[0].trim();
      if (name.equals("ports")) {
        out.add(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
            .setRanges(PortRanges.parse(kv[1]).toProto()).build());
      } else {
        out.add(Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
            .setScalar(Protos.Value.Scalar.newBuilder().setValue(Double.parseDouble(kv[1].trim()))).build());
      }
    }
    return out;
  }

  static Protos.Offer offer(String id, String agent, String resources) {
    return Protos.Offer.newBuilder()
        .setId(Protos.OfferID.newBuilder().setValue(id))
        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
        .setSlaveId(Protos.SlaveID.newBuilder().setValue(agent))
        .setHostname("host-" + agent)
        .addAllResources(resources(resources))
        .build();
  }

  static Protos.OfferID offerId(String id) {
    return Protos.OfferID.newBuilder().setValue(id).build();
  }

  static Protos.TaskInfo.Builder task(String id, String agent, String resources, String command) {
    Protos.TaskInfo.Builder t = Protos.TaskInfo.newBuilder()
        .setName("task " + id)
        .setTaskId(Protos.TaskID.newBuilder().setValue(id))
        .setSlaveId(Protos.SlaveID.newBuilder().setValue(agent))
        .addAllResources(resources(resources));
    if (command != null) {
      t.setCommand(Protos.CommandInfo.newBuilder().setValue(command));
    }
    return t;
  }
}
