package com.amazonaws.ecs.mesos.internal.remote;

import java.util.Collection;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The V1 call for each {@code SchedulerDriver} method, as libmesos's scheduler process sends them
 * ({@code src/sched/sched.cpp}), built from the V0 arguments by their bytes.
 */
final class MasterCalls {
  private MasterCalls() {}

  private static org.apache.mesos.v1.Protos.FrameworkID id(Protos.FrameworkID id) {
    return org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(id.getValue()).build();
  }

  private static Call.Builder call(Call.Type type, Protos.FrameworkID framework) {
    Call.Builder c = Call.newBuilder().setType(type);
    if (framework != null) {
      c.setFrameworkId(id(framework));
    }
    return c;
  }

  /** SUBSCRIBE; {@code framework.id} set when the framework already has one (failover or reconnection). */
  static Call subscribe(Protos.FrameworkInfo framework, Collection<String> suppressedRoles) {
    Call.Subscribe.Builder s = Call.Subscribe.newBuilder()
        .setFrameworkInfo(Devolve.<org.apache.mesos.v1.Protos.FrameworkInfo>to(
            org.apache.mesos.v1.Protos.FrameworkInfo.newBuilder(), framework))
        .addAllSuppressedRoles(suppressedRoles);
    return call(Call.Type.SUBSCRIBE, framework.hasId() ? framework.getId() : null).setSubscribe(s).build();
  }

  static Call accept(Protos.FrameworkID fw, Collection<Protos.OfferID> offers,
      Collection<Protos.Offer.Operation> operations, Protos.Filters filters) {
    Call.Accept.Builder a = Call.Accept.newBuilder();
    for (Protos.OfferID o : offers) {
      a.addOfferIds(org.apache.mesos.v1.Protos.OfferID.newBuilder().setValue(o.getValue()));
    }
    for (Protos.Offer.Operation op : operations) {
      a.addOperations(Devolve.<org.apache.mesos.v1.Protos.Offer.Operation>to(
          org.apache.mesos.v1.Protos.Offer.Operation.newBuilder(), op));
    }
    if (filters != null) {
      a.setFilters(filters(filters));
    }
    return call(Call.Type.ACCEPT, fw).setAccept(a).build();
  }

  static Call decline(Protos.FrameworkID fw, Protos.OfferID offer, Protos.Filters filters) {
    Call.Decline.Builder d = Call.Decline.newBuilder()
        .addOfferIds(org.apache.mesos.v1.Protos.OfferID.newBuilder().setValue(offer.getValue()));
    if (filters != null) {
      d.setFilters(filters(filters));
    }
    return call(Call.Type.DECLINE, fw).setDecline(d).build();
  }

  private static org.apache.mesos.v1.Protos.Filters filters(Protos.Filters filters) {
    return Devolve.to(org.apache.mesos.v1.Protos.Filters.newBuilder(), filters);
  }

  /** KILL: libmesos's V0 kill names no agent; the master finds the task. */
  static Call kill(Protos.FrameworkID fw, Protos.TaskID task) {
    return call(Call.Type.KILL, fw).setKill(Call.Kill.newBuilder()
        .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(task.getValue()))).build();
  }

  /** REVIVE ({@code roles} null: every role of the framework). */
  static Call revive(Protos.FrameworkID fw, Collection<String> roles) {
    Call.Revive.Builder r = Call.Revive.newBuilder();
    if (roles != null) {
      r.addAllRoles(roles);
    }
    return call(Call.Type.REVIVE, fw).setRevive(r).build();
  }

  /** SUPPRESS ({@code roles} null: every role of the framework). */
  static Call suppress(Protos.FrameworkID fw, Collection<String> roles) {
    Call.Suppress.Builder s = Call.Suppress.newBuilder();
    if (roles != null) {
      s.addAllRoles(roles);
    }
    return call(Call.Type.SUPPRESS, fw).setSuppress(s).build();
  }

  /** ACKNOWLEDGE of an update that carries a uuid and an agent. */
  static Call acknowledge(Protos.FrameworkID fw, Protos.TaskStatus status) {
    return call(Call.Type.ACKNOWLEDGE, fw).setAcknowledge(Call.Acknowledge.newBuilder()
        .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue(status.getSlaveId().getValue()))
        .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(status.getTaskId().getValue()))
        .setUuid(status.getUuid())).build();
  }

  /** RECONCILE: empty for implicit reconciliation; else each task with its agent when given. */
  static Call reconcile(Protos.FrameworkID fw, Collection<Protos.TaskStatus> statuses) {
    Call.Reconcile.Builder r = Call.Reconcile.newBuilder();
    for (Protos.TaskStatus s : statuses) {
      Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder()
          .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(s.getTaskId().getValue()));
      if (s.hasSlaveId()) {
        t.setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue(s.getSlaveId().getValue()));
      }
      r.addTasks(t);
    }
    return call(Call.Type.RECONCILE, fw).setReconcile(r).build();
  }

  static Call message(Protos.FrameworkID fw, Protos.SlaveID agent, Protos.ExecutorID executor, byte[] data) {
    return call(Call.Type.MESSAGE, fw).setMessage(Call.Message.newBuilder()
        .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue(agent.getValue()))
        .setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue(executor.getValue()))
        .setData(com.google.protobuf.ByteString.copyFrom(data))).build();
  }

  static Call updateFramework(Protos.FrameworkInfo framework, Collection<String> suppressedRoles) {
    return call(Call.Type.UPDATE_FRAMEWORK, framework.getId()).setUpdateFramework(Call.UpdateFramework.newBuilder()
        .setFrameworkInfo(Devolve.<org.apache.mesos.v1.Protos.FrameworkInfo>to(
            org.apache.mesos.v1.Protos.FrameworkInfo.newBuilder(), framework))
        .addAllSuppressedRoles(suppressedRoles)).build();
  }

  static Call teardown(Protos.FrameworkID fw) {
    return call(Call.Type.TEARDOWN, fw).build();
  }
}
