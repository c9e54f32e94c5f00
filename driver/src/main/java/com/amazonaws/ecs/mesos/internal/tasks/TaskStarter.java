package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.ecs.EcsErrors;
import com.amazonaws.ecs.mesos.LaunchCall;
import com.amazonaws.ecs.mesos.internal.ecs.EcsGateway;
import com.amazonaws.ecs.mesos.internal.ecs.PinnedRunTask;
import com.amazonaws.ecs.mesos.internal.ecs.LaunchGate;
import com.amazonaws.ecs.mesos.internal.ecs.EcsHealth;
import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.loop.FrameworkState;
import com.amazonaws.ecs.mesos.internal.offers.Agent;
import com.amazonaws.ecs.mesos.internal.offers.AgentBook;
import com.amazonaws.ecs.mesos.internal.translate.FrameworkTags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Sends a launch's {@code StartTask} and turns its outcome into the task's state: adopted (the ECS task is
 * watched from now on), refused by ECS (the master's update saying why), or unknown.
 *
 * <p>A {@code StartTask} whose outcome is unknown (5xx, timeout, connection reset) is never repeated
 * blindly: {@link LaunchLookup} first looks for the task on the container instance, and only if ECS confirms
 * it does not exist is it started again (at most {@value #MAX_START_ATTEMPTS} times). When ECS refuses the
 * lookup, or it keeps failing, the launch ends with the outcome unknown (TASK_LOST, or TASK_DROPPED for
 * PARTITION_AWARE frameworks) and a message saying so. Throttled calls did nothing and are simply sent
 * again. After {@link #close()} nothing more is sent, and tasks whose StartTask never left are forgotten.
 */
final class TaskStarter implements LaunchLookup.Outcome {
  private static final Logger LOG = LoggerFactory.getLogger(TaskStarter.class);
  static final int MAX_START_ATTEMPTS = 3;

  private final DriverLoop loop;
  private final EcsGateway gateway;
  private final TaskBook tasks;
  private final AgentBook agents;
  private final TaskMonitor monitor;
  private final FrameworkState framework;
  private final EcsHealth health;
  private final LaunchLookup lookup;
  /** This framework's launches: closed when it stops, without touching other frameworks' on the cluster. */
  private final LaunchGate gate = new LaunchGate();
  /** Tasks dropped while stopping whose StartTask outcome stayed unknown: for the teardown's report. */
  private final List<String> abandoned = new ArrayList<>();
  private final LaunchCall launchCall;
  /** ECS refused RunTask for the IAM policy: StartTask from then on. */
  private boolean runTaskDenied;
  private boolean closing;

  TaskStarter(DriverLoop loop, EcsGateway gateway, TaskBook tasks, AgentBook agents, TaskMonitor monitor,
      FrameworkState framework, EcsHealth health, LaunchCall launchCall) {
    this.loop = loop;
    this.gateway = gateway;
    this.tasks = tasks;
    this.agents = agents;
    this.monitor = monitor;
    this.framework = framework;
    this.health = health;
    this.launchCall = launchCall;
    this.lookup = new LaunchLookup(loop, gateway, tasks, framework, health, this);
  }

  /** The driver is stopping: no StartTask leaves any more, including those waiting for a token. */
  void close() {
    closing = true;
    gateway.closeLaunches(gate);
  }

  List<String> abandoned() {
    return Collections.unmodifiableList(abandoned);
  }

  void start(final TrackedTask t, final StartTaskRequest request, final int attempt) {
    final com.amazonaws.ecs.mesos.internal.ecs.FargatePlacement fargate = fargate(t);
    if (fargate != null) {
      LOG.info("Starting task {} of framework {} on Fargate, {} (RunTask of task definition {}, {}, attempt {})",
          t.idValue(), framework.logName(), fargate, request.taskDefinition(), t.fargateSize(), attempt);
      CompletableFuture<EcsGateway.Started> sent = gateway.runFargateTask(request, fargate,
          PinnedRunTask.clientToken(framework.id().getValue(), t.idValue(), t.launchNonce()), gate);
      loop.whenDone(sent, (started, error) -> started(t, request, "RunTask", attempt, started, error));
      return;
    }
    final String ec2InstanceId = launchCall == LaunchCall.RUN_TASK && !runTaskDenied ? ec2InstanceId(t) : null;
    final String call = ec2InstanceId == null ? "StartTask" : "RunTask";
    LOG.info("Starting task {} of framework {} on container instance {} ({} of task definition {}, attempt {})",
        t.idValue(), framework.logName(), t.containerInstanceArn(), call, request.taskDefinition(), attempt);
    // The same launch sent again (after a lookup found nothing) has the same token: if ECS did start the first,
    // it answers with that task instead of starting a second.
    CompletableFuture<EcsGateway.Started> sent = ec2InstanceId == null ? gateway.startTask(request, gate)
        : gateway.runTask(request, ec2InstanceId, PinnedRunTask.clientToken(framework.id().getValue(), t.idValue(),
            t.launchNonce()), gate);
    loop.whenDone(sent, (started, error) -> started(t, request, call, attempt, started, error));
  }

  /** Where a launch on a Fargate agent runs; null for a container instance. */
  private com.amazonaws.ecs.mesos.internal.ecs.FargatePlacement fargate(TrackedTask t) {
    Agent agent = agents.get(t.agentId());
    return agent == null ? null : agent.fargate();
  }

  /** The offered instance's EC2 instance ID, which pins a RunTask to it; null when unknown (StartTask then). */
  private String ec2InstanceId(TrackedTask t) {
    Agent agent = agents.get(t.agentId());
    String id = agent == null ? null : agent.ec2InstanceId();
    return id == null || id.isEmpty() ? null : id;
  }

  private void started(TrackedTask t, StartTaskRequest request, String call, int attempt,
      EcsGateway.Started started, Throwable error) {
    if (error != null && EcsGateway.notSent(error)) {
      LOG.info("{} of task {} not sent: the driver is stopping", call, t.idValue());
      tasks.forget(t); // it never reached ECS
      return;
    }
    if (error != null) {
      EcsErrors.Kind kind = EcsErrors.classify(error);
      switch (kind) {
        case SERVER_ERROR:
        case NO_ANSWER:
          health.failed(error);
          if (fargate(t) != null) {
            // RunTask's client token makes the same launch sent again start nothing new if the first did; there is
            // no instance to look on.
            if (attempt < MAX_START_ATTEMPTS && !closing) {
              LOG.warn("RunTask of task {} on Fargate has an unknown outcome ({}); sending it again with its "
                  + "client token", t.idValue(), EcsErrors.describe(error));
              start(t, request, attempt + 1);
            } else {
              unknown(t, attempt + " RunTask calls on Fargate had no known outcome");
            }
            return;
          }
          LOG.warn("{} of task {} on {} has an unknown outcome ({}); looking for it before trying again", call,
              t.idValue(), t.containerInstanceArn(), EcsErrors.describe(error));
          lookup.lookFor(t, request, attempt);
          return;
        case REJECTED:
          health.answered();
          if ("RunTask".equals(call) && EcsErrors.accessDenied(error)) {
            // An IAM policy written for StartTask: a refused call started nothing, so StartTask is safe now.
            if (!runTaskDenied) {
              LOG.warn("ECS denies RunTask to this driver ({}); launching with StartTask from now on. Allow "
                  + "ecs:RunTask for launches that happen exactly once.", EcsErrors.describe(error));
              runTaskDenied = true;
            }
            start(t, request, attempt);
            return;
          }
          fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID,
              "ECS rejected " + call + ": " + EcsErrors.describe(error));
          return;
        case THROTTLED:
          if (attempt < MAX_START_ATTEMPTS + Launcher.PATIENCE_ROUNDS && !closing) {
            // Throttled calls did nothing: starting again is safe, and losing the task is not an option.
            LOG.warn("{} of task {} still throttled; trying again", call, t.idValue());
            loop.schedule(Launcher.PATIENCE_DELAY_MILLIS, () -> {
              if (!t.terminal() && tasks.get(t.idValue()) == t) {
                start(t, request, attempt + 1);
              }
            });
            return;
          }
          health.failed(error);
          fail(t, dropState(), Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN,
              "ECS did not start the task: " + EcsErrors.describe(error));
          return;
        default:
          health.failed(error);
          fail(t, dropState(), Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN,
              "ECS did not start the task: " + EcsErrors.describe(error));
          return;
      }
    }
    health.answered();
    StartTaskResponse response = started.response();
    if (response.hasTasks() && !response.tasks().isEmpty()) {
      adopt(t, response.tasks().get(0), started.landed());
      return;
    }
    Failure failure = response.hasFailures() && !response.failures().isEmpty() ? response.failures().get(0) : null;
    failedToStart(t, failure);
  }

  private void adopt(TrackedTask t, Task ecsTask, long landed) {
    tasks.bindArn(t, ecsTask.taskArn());
    t.taskDefinitionArn(ecsTask.taskDefinitionArn());
    if (ecsTask.containerInstanceArn() != null) {
      t.containerInstanceArn(ecsTask.containerInstanceArn());
    }
    for (TrackedTask m : t.group() == null ? Collections.singletonList(t) : t.group().members()) {
      if (m != t && ecsTask.containerInstanceArn() != null) {
        m.containerInstanceArn(ecsTask.containerInstanceArn());
      }
      if (!m.terminal()) {
        m.phase(TrackedTask.Phase.STARTED);
      }
      m.startedAtMillis(loop.nowMillis());
    }
    // ECS counts the task against the instance now; descriptions asked from here on show it.
    t.holdUntilLanded(landed);
    LOG.info("Task {} of framework {} is ECS task {} on {}", t.idValue(), framework.logName(), ecsTask.taskArn(),
        t.containerInstanceArn());
    monitor.observe(t, ecsTask);
    monitor.adopted(t);
    if (t.killRequested() && !t.terminal()) {
      monitor.stop(t, TaskMonitor.KILL_REASON_PREFIX + " " + framework.info().getName());
    }
  }

  private void failedToStart(TrackedTask t, Failure failure) {
    String reason = failure == null || failure.reason() == null ? "no reason given" : failure.reason();
    String where = "container instance " + t.agentId();
    String detail = failure != null && failure.detail() != null ? " (" + failure.detail() + ")" : "";
    if (fargate(t) != null) {
      fail(t, dropState(), Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, "ECS could not start the task on Fargate ("
          + fargate(t) + "): " + reason + detail);
    } else if (reason.startsWith("RESOURCE:")) {
      // The description the offer came from was wrong (another client took the room): describe the agent
      // again before offering it, or the same phantom room is offered and refused again.
      agents.describeAgain(t.agentId());
      tasks.freedAgain(Collections.singleton(t.agentId()));
      fail(t, dropState(), Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, "ECS could not place the task on " + where
          + ": " + reason + detail + "; the offered resources were taken in the meantime");
    } else if ("AGENT".equals(reason)) {
      fail(t, dropState(), Protos.TaskStatus.Reason.REASON_SLAVE_DISCONNECTED,
          "ECS could not start the task: the ECS agent of " + where + " is disconnected (AGENT)" + detail);
    } else if ("INACTIVE".equals(reason) || "MISSING".equals(reason)) {
      fail(t, dropState(), Protos.TaskStatus.Reason.REASON_SLAVE_REMOVED,
          "ECS could not start the task: " + where + " is no longer registered (" + reason + ")" + detail);
    } else if ("ATTRIBUTE".equals(reason)) {
      fail(t, Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID,
          "The task definition requires attributes that " + where + " does not have (ATTRIBUTE)" + detail);
    } else {
      fail(t, dropState(), Protos.TaskStatus.Reason.REASON_INVALID_OFFERS,
          "ECS could not start the task on " + where + ": " + reason + detail);
    }
  }

  @Override
  public void found(TrackedTask t, Task ecsTask) {
    adopt(t, ecsTask, gateway.markLanded());
  }

  @Override
  public void absent(TrackedTask t, StartTaskRequest request, int attempt) {
    if (closing) {
      tasks.forget(t);
    } else if (t.killRequested()) {
      fail(t, Protos.TaskState.TASK_KILLED, Protos.TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH,
          "Task killed while its launch was being confirmed; ECS never started it");
    } else if (attempt < MAX_START_ATTEMPTS) {
      LOG.info("Task {} does not exist on {}; starting it again", t.idValue(), t.containerInstanceArn());
      start(t, request, attempt + 1);
    } else {
      fail(t, dropState(), Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN, "ECS did not start the task: "
          + attempt + " StartTask calls had no known outcome and no such task exists on " + t.agentId());
    }
  }

  @Override
  public void unknown(TrackedTask t, String why) {
    String message = "Whether ECS started the task is unknown: its launch had no answer and " + why
        + ". If it did, the ECS task on agent " + t.agentId() + " carries the tag "
        + FrameworkTags.TASK_ID_KEY + "=" + t.idValue() + " and is not tracked";
    LOG.warn("Task {}: {}", t.idValue(), message);
    if (closing) {
      abandoned.add(t.idValue() + " on agent " + t.agentId() + ": " + why);
      tasks.forget(t);
      return;
    }
    fail(t, dropState(), Protos.TaskStatus.Reason.REASON_TASK_UNKNOWN, message);
  }

  /** Ends a launch that never reached ECS (or that ECS refused): the master's update, no uuid. */
  private void fail(TrackedTask t, Protos.TaskState state, Protos.TaskStatus.Reason reason, String message) {
    monitor.emitFromMaster(t, state, reason, message);
  }

  private Protos.TaskState dropState() {
    return framework.partitionAware() ? Protos.TaskState.TASK_DROPPED : Protos.TaskState.TASK_LOST;
  }
}
