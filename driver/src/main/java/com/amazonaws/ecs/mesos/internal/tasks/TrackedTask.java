package com.amazonaws.ecs.mesos.internal.tasks;

import com.amazonaws.ecs.mesos.internal.loop.DriverLoop;
import com.amazonaws.ecs.mesos.internal.translate.HeldResources;
import com.amazonaws.ecs.mesos.internal.translate.StatusMapping;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Set;
import org.apache.mesos.Protos;

/** One Mesos task of the framework and what the driver knows and has said about it. */
public final class TrackedTask {

  /** Where the task is on its way to ECS. */
  public enum Phase {
    /** Accepted by validation; the task definition is being looked up. Nothing sent to ECS yet. */
    PENDING,
    /** StartTask sent (or its unknown outcome being resolved). */
    STARTING,
    /** ECS has the task: {@link #arn()} is known. */
    STARTED,
    /** A terminal state was decided; nothing more is polled. */
    COMPLETED
  }

  private final Protos.TaskID id;
  private final String agentId;
  private final Protos.TaskInfo info;
  /** Tells this launch from another of the same task ID: part of its RunTask client token. */
  private final String launchNonce = java.util.UUID.randomUUID().toString();
  private String containerInstanceArn;
  private String arn;
  private String taskDefinitionArn;
  private Phase phase;
  private boolean killRequested;
  private Protos.TaskStatus latest;
  /** Each state the task went through, with its timestamp: Mesos's {@code Task.statuses}, for the master's state. */
  private final java.util.List<Protos.TaskStatus> history = new java.util.ArrayList<>(3);
  private Boolean lastHealthy;
  private Set<String> nonEssentialContainers = Collections.emptySet();
  private HeldResources hold;
  private long holdUntilLanded = Long.MAX_VALUE;
  private HeldResources reserved = HeldResources.NONE;
  private HeldResources allocated = HeldResources.NONE;
  private long startedAtMillis;
  /** The highest ECS {@code version} of the task seen in an event or a description (0: none yet). */
  private long ecsVersion;
  /** When ECS last said something of the task (event or description), loop time; 0: not since its start. */
  private long heardAtMillis;
  private boolean ecsStopping;
  private boolean stopWhenReachable;
  private boolean stopInFlight;
  private boolean stopConfirmed;
  private String stopError;
  private String note;
  /** The task group this task belongs to; null for a task launched alone. */
  private TaskGroup group;
  /** The size Fargate runs the task at; null for a task on a container instance. */
  private com.amazonaws.ecs.mesos.internal.translate.FargateSizes.Size fargateSize;
  /** Said in every update when Fargate runs the task larger than it asked; null otherwise. */
  private String sizeNote;
  /** The task's own private IP (awsvpc), once ECS reports it; null otherwise. */
  private String privateIp;
  final ArrayDeque<Protos.TaskStatus> unacknowledged = new ArrayDeque<>();
  DriverLoop.Timer resend;
  long resendDelayMillis;

  TrackedTask(Protos.TaskID id, String agentId, Protos.TaskInfo info, Phase phase) {
    this.id = id;
    this.agentId = agentId;
    this.info = info;
    this.phase = phase;
  }

  com.amazonaws.ecs.mesos.internal.translate.FargateSizes.Size fargateSize() {
    return fargateSize;
  }

  void fargateSize(com.amazonaws.ecs.mesos.internal.translate.FargateSizes.Size size, String note) {
    this.fargateSize = size;
    this.sizeNote = note;
  }

  String sizeNote() {
    return sizeNote;
  }

  public String privateIp() {
    return privateIp;
  }

  void privateIp(String ip) {
    this.privateIp = ip;
  }

  /** The task group this task belongs to; null for a task launched alone. */
  TaskGroup group() {
    return group;
  }

  void group(TaskGroup group) {
    this.group = group;
  }

  public Protos.TaskID id() {
    return id;
  }

  public String idValue() {
    return id.getValue();
  }

  /** The Mesos agent ID (container instance ID); null if unknown. */
  public String agentId() {
    return agentId;
  }

  public Protos.SlaveID slaveId() {
    return agentId == null ? null : Protos.SlaveID.newBuilder().setValue(agentId).build();
  }

  /** The TaskInfo the framework launched; null for tasks recovered from ECS. */
  /** Random, fixed for this launch: the same launch sent again carries the same RunTask client token. */
  String launchNonce() {
    return launchNonce;
  }

  public Protos.TaskInfo info() {
    return info;
  }

  public String containerInstanceArn() {
    return containerInstanceArn;
  }

  void containerInstanceArn(String arn) {
    this.containerInstanceArn = arn;
  }

  /** The task definition ECS runs the task with (ARN); null until ECS has described or answered with the task. */
  public String taskDefinitionArn() {
    return taskDefinitionArn;
  }

  void taskDefinitionArn(String arn) {
    if (arn != null) {
      this.taskDefinitionArn = arn;
    }
  }

  /** The ECS task ARN; null until ECS has the task. */
  public String arn() {
    return arn;
  }

  void arn(String taskArn) {
    this.arn = taskArn;
  }

  public Phase phase() {
    return phase;
  }

  void phase(Phase p) {
    this.phase = p;
  }

  public boolean killRequested() {
    return killRequested;
  }

  void killRequested(boolean k) {
    this.killRequested = k;
  }

  /** The latest status decided for the task (sent, queued, or recovered); null if none yet. */
  public Protos.TaskStatus latest() {
    return latest;
  }

  void latest(Protos.TaskStatus status) {
    if (latest == null || latest.getState() != status.getState()) {
      // Why it got there too (reason, message, source): what an operator reads when a task ended.
      Protos.TaskStatus.Builder seen = Protos.TaskStatus.newBuilder().setTaskId(status.getTaskId())
          .setState(status.getState()).setTimestamp(status.getTimestamp());
      if (status.hasReason()) {
        seen.setReason(status.getReason());
      }
      if (status.hasMessage()) {
        seen.setMessage(status.getMessage());
      }
      if (status.hasSource()) {
        seen.setSource(status.getSource());
      }
      history.add(seen.build());
    }
    this.latest = status;
    if (status.hasHealthy()) {
      this.lastHealthy = status.getHealthy();
    }
  }

  /**
   * The states the task went through in order, each with the timestamp it was reached and the reason, message
   * and source of the update that reached it.
   */
  public java.util.List<Protos.TaskStatus> history() {
    return Collections.unmodifiableList(history);
  }

  public Protos.TaskState latestState() {
    return latest == null ? Protos.TaskState.TASK_STAGING : latest.getState();
  }

  /**
   * The latest update the framework has been sent in the task's own stream: the unacknowledged head while
   * updates wait for an acknowledgement, else the latest. Mesos's {@code status_update_state}: what
   * reconciliation and kills answer with, so an answer never runs ahead of the stream (a FINISHED answer
   * before the RUNNING still queued would make the framework see the task go backwards).
   */
  public Protos.TaskStatus reported() {
    Protos.TaskStatus head = unacknowledged.peek();
    return head != null ? head : latest;
  }

  /** Whether an update of the task's stream still waits for the framework's acknowledgement. */
  public boolean awaitingAcknowledgement() {
    return !unacknowledged.isEmpty();
  }

  public boolean terminal() {
    return latest != null && StatusMapping.isTerminal(latest.getState());
  }

  Boolean lastHealthy() {
    return lastHealthy;
  }

  Set<String> nonEssentialContainers() {
    return nonEssentialContainers;
  }

  void nonEssentialContainers(Set<String> names) {
    this.nonEssentialContainers = names;
  }

  /**
   * What the task took from its offer that ECS never accounts for on the instance: host ports its task
   * definition does not map (Marathon's host networking with {@code $PORT0}), GPUs the definition does not
   * require, and disk (ECS has no disk resource). Held against offers until the task is terminal.
   */
  HeldResources reserved() {
    return reserved;
  }

  void reserved(HeldResources r) {
    this.reserved = r;
  }

  /** What the task holds while it lives (its resources; CPU and memory count in the framework's share). */
  public HeldResources allocated() {
    return allocated;
  }

  void allocated(HeldResources r) {
    this.allocated = r;
  }

  /** What the launch holds against offers until ECS's description of the instance shows it; null if nothing. */
  HeldResources hold() {
    return hold;
  }

  void hold(HeldResources held) {
    this.hold = held;
    this.holdUntilLanded = Long.MAX_VALUE;
  }

  /** Keeps the hold until a description asked after launch number {@code landed} is applied. */
  void holdUntilLanded(long landed) {
    this.holdUntilLanded = landed;
  }

  long holdUntilLanded() {
    return holdUntilLanded;
  }

  void releaseHold() {
    this.hold = null;
  }


  long startedAtMillis() {
    return startedAtMillis;
  }

  long ecsVersion() {
    return ecsVersion;
  }

  /**
   * Takes what ECS says of the task at {@code version} unless an event or a description already brought a
   * newer one: ECS's events arrive at least once and in any order. A description without a version (0) is
   * always taken.
   */
  boolean newer(long version, long nowMillis) {
    if (version > 0 && version < ecsVersion) {
      return false;
    }
    ecsVersion = Math.max(ecsVersion, version);
    heardAtMillis = nowMillis;
    return true;
  }

  /** ECS said the task is to stop (desiredStatus STOPPED): its end is expected, and late if not heard of. */
  boolean ecsStopping() {
    return ecsStopping;
  }

  void ecsStopping(boolean stopping) {
    this.ecsStopping = stopping;
  }

  /** When ECS last said something of the task, or when it was started if nothing since. */
  long heardAtMillis() {
    return Math.max(heardAtMillis, startedAtMillis);
  }

  void heardAtMillis(long millis) {
    this.heardAtMillis = millis;
  }

  void startedAtMillis(long millis) {
    this.startedAtMillis = millis;
  }

  /** Reported TASK_LOST while its agent was unreachable: stop it if it shows up again. */
  boolean stopWhenReachable() {
    return stopWhenReachable;
  }

  void stopWhenReachable(boolean stop) {
    this.stopWhenReachable = stop;
  }

  /** A StopTask for the task is on its way. */
  boolean stopInFlight() {
    return stopInFlight;
  }

  void stopInFlight(boolean inFlight) {
    this.stopInFlight = inFlight;
  }

  /** ECS accepted a StopTask for the task: it is stopping or stopped. */
  boolean stopConfirmed() {
    return stopConfirmed;
  }

  void stopConfirmed(boolean confirmed) {
    this.stopConfirmed = confirmed;
  }

  /** Why the last StopTask failed, or null. */
  String stopError() {
    return stopError;
  }

  void stopError(String error) {
    this.stopError = error;
  }

  /** What every status message of this task starts with (what was run for an ambiguous value), or null. */
  String note() {
    return note;
  }

  void note(String n) {
    note = n;
  }

  @Override
  public String toString() {
    return "task " + id.getValue() + (arn == null ? "" : " (ECS " + arn + ")") + " on agent " + agentId;
  }
}
