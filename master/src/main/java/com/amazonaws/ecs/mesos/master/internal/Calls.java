package com.amazonaws.ecs.mesos.master.internal;

import com.amazonaws.ecs.mesos.internal.session.FrameworkSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * Performs a framework's validated call on its session, as Mesos's master does (the table of
 * {@code MESOS-V1-API.md} §4): the V1 payload becomes the V0 arguments the session takes, by bytes.
 * Unknown offers, tasks and agents are never an error here: Mesos answers 202 and says the rest in events.
 */
final class Calls {
  private Calls() {}

  static Answer perform(Call call, MasterFramework fw) {
    FrameworkSession s = fw.session;
    switch (call.getType()) {
      case ACCEPT: {
        Call.Accept a = call.getAccept();
        List<Protos.OfferID> ids = new ArrayList<>();
        for (org.apache.mesos.v1.Protos.OfferID id : a.getOfferIdsList()) {
          ids.add(Evolve.<Protos.OfferID>to(Protos.OfferID.newBuilder(), id));
        }
        List<Protos.Offer.Operation> ops = new ArrayList<>();
        for (org.apache.mesos.v1.Protos.Offer.Operation op : a.getOperationsList()) {
          ops.add(Evolve.<Protos.Offer.Operation>to(Protos.Offer.Operation.newBuilder(), op));
        }
        s.accept(ids, ops, a.hasFilters() ? Evolve.<Protos.Filters>to(Protos.Filters.newBuilder(), a.getFilters()) : null);
        return Answer.ACCEPTED;
      }
      case DECLINE: {
        Call.Decline d = call.getDecline();
        Protos.Filters filters = d.hasFilters() ? Evolve.<Protos.Filters>to(Protos.Filters.newBuilder(), d.getFilters())
            : null;
        for (org.apache.mesos.v1.Protos.OfferID id : d.getOfferIdsList()) {
          s.decline(Evolve.<Protos.OfferID>to(Protos.OfferID.newBuilder(), id), filters);
        }
        return Answer.ACCEPTED;
      }
      case REVIVE:
        if (!rolesValid(call.getRevive().getRolesList(), fw)) {
          return Answer.ACCEPTED; // Mesos drops the whole call, and still answers 202
        }
        s.revive(call.getRevive().getRolesCount() == 0 ? null : call.getRevive().getRolesList());
        return Answer.ACCEPTED;
      case SUPPRESS:
        if (!rolesValid(call.getSuppress().getRolesList(), fw)) {
          return Answer.ACCEPTED;
        }
        s.suppress(call.getSuppress().getRolesCount() == 0 ? null : call.getSuppress().getRolesList());
        return Answer.ACCEPTED;
      case KILL: {
        Call.Kill k = call.getKill();
        Protos.TaskID task = Protos.TaskID.newBuilder().setValue(k.getTaskId().getValue()).build();
        com.amazonaws.ecs.mesos.internal.tasks.TrackedTask known = s.tasks().get(task.getValue());
        if (k.hasAgentId() && known != null && known.agentId() != null
            && !known.agentId().equals(k.getAgentId().getValue())) {
          return Answer.ACCEPTED; // the task runs on another agent: Mesos ignores the kill
        }
        s.kill(task);
        return Answer.ACCEPTED;
      }
      case ACKNOWLEDGE: {
        Call.Acknowledge a = call.getAcknowledge();
        s.acknowledge(Protos.TaskStatus.newBuilder()
            .setTaskId(Protos.TaskID.newBuilder().setValue(a.getTaskId().getValue()))
            .setSlaveId(Protos.SlaveID.newBuilder().setValue(a.getAgentId().getValue()))
            .setState(Protos.TaskState.TASK_RUNNING) // required by the message; acknowledgements match by uuid
            .setUuid(a.getUuid())
            .build());
        return Answer.ACCEPTED;
      }
      case RECONCILE: {
        List<Protos.TaskStatus> statuses = new ArrayList<>();
        for (Call.Reconcile.Task t : call.getReconcile().getTasksList()) {
          Protos.TaskStatus.Builder b = Protos.TaskStatus.newBuilder()
              .setTaskId(Protos.TaskID.newBuilder().setValue(t.getTaskId().getValue()))
              .setState(Protos.TaskState.TASK_RUNNING);
          if (t.hasAgentId()) {
            b.setSlaveId(Protos.SlaveID.newBuilder().setValue(t.getAgentId().getValue()));
          }
          statuses.add(b.build());
        }
        s.reconcile(statuses);
        return Answer.ACCEPTED;
      }
      case UPDATE_FRAMEWORK: {
        Call.UpdateFramework u = call.getUpdateFramework();
        Protos.FrameworkInfo info = Evolve.to(Protos.FrameworkInfo.newBuilder(), u.getFrameworkInfo());
        String problem = FrameworkInfoCheck.problem(info);
        if (problem != null) {
          return Answer.error(400, "Supplied FrameworkInfo is not valid: " + problem);
        }
        if (!info.getUser().equals(fw.info().getUser())
            || info.getCheckpoint() != fw.info().getCheckpoint()
            || !info.getPrincipal().equals(fw.info().getPrincipal())) {
          return Answer.error(400, "FrameworkInfo update is not valid: 'user', 'checkpoint' and 'principal' "
              + "cannot be changed");
        }
        s.updateFramework(info, u.getSuppressedRolesList());
        return Answer.OK;
      }
      case MESSAGE:
        s.frameworkMessage(Protos.ExecutorID.newBuilder().setValue(call.getMessage().getExecutorId().getValue()).build(),
            Protos.SlaveID.newBuilder().setValue(call.getMessage().getAgentId().getValue()).build());
        return Answer.ACCEPTED;
      case RECONCILE_OPERATIONS:
        fw.channel.operationsUnknown(call.getReconcileOperations().getOperationsList());
        return Answer.ACCEPTED;
      case SHUTDOWN:                      // no custom executors on ECS
      case REQUEST:                       // ignored by Mesos's default allocator too
      case ACKNOWLEDGE_OPERATION_STATUS:  // no operations with feedback on ECS
      case ACCEPT_INVERSE_OFFERS:         // no inverse offers are sent
      case DECLINE_INVERSE_OFFERS:
        return Answer.ACCEPTED;
      case UNKNOWN:
      default:
        return Answer.error(501, "Received an unexpected '" + call.getType() + "' call");
    }
  }

  /** REVIVE and SUPPRESS name only the framework's own, valid roles; else Mesos drops the call. */
  private static boolean rolesValid(List<String> roles, MasterFramework fw) {
    List<String> mine = fw.session.roles();
    for (String r : roles) {
      if (FrameworkInfoCheck.roleProblem(r) != null || !mine.contains(r)) {
        return false;
      }
    }
    return true;
  }
}
