package com.amazonaws.ecs.mesos.internal.remote;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.mesos.Protos;

/**
 * libmesos's answer to a launch made while the master is away (sched.cpp, {@code acceptOffers} when not
 * connected): the driver itself reports each task {@code TASK_LOST}, or {@code TASK_DROPPED} to a
 * partition-aware framework, with {@code REASON_MASTER_DISCONNECTED}, source MASTER and no uuid.
 */
final class DisconnectedLaunches {
  private DisconnectedLaunches() {}

  static List<Protos.TaskStatus> statuses(Protos.FrameworkInfo framework, Collection<Protos.Offer.Operation> operations,
      double nowSeconds) {
    boolean partitionAware = false;
    for (Protos.FrameworkInfo.Capability c : framework.getCapabilitiesList()) {
      partitionAware |= c.getType() == Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE;
    }
    List<Protos.TaskStatus> out = new ArrayList<>();
    for (Protos.Offer.Operation op : operations) {
      List<Protos.TaskInfo> tasks = new ArrayList<>(op.getLaunch().getTaskInfosList());
      tasks.addAll(op.getLaunchGroup().getTaskGroup().getTasksList());
      for (Protos.TaskInfo t : tasks) {
        out.add(Protos.TaskStatus.newBuilder().setTaskId(t.getTaskId())
            .setState(partitionAware ? Protos.TaskState.TASK_DROPPED : Protos.TaskState.TASK_LOST)
            .setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
            .setReason(Protos.TaskStatus.Reason.REASON_MASTER_DISCONNECTED)
            .setMessage("Master disconnected")
            .setTimestamp(nowSeconds)
            .build());
      }
    }
    return out;
  }
}
