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
  private String containerInstanceArn;
  private String arn;
  private Phase phase;
  private boolean killRequested;
  private Protos.TaskStatus latest;
  private Boolean lastHealthy;
  private Set<String> nonEssentialContainers = Collections.emptySet();
  private HeldResources hold;
  private long holdUntilLanded = Long.MAX_VALUE;
  private double diskMb;
  private long startedAtMillis;
  private boolean stopWhenReachable;
  private String note;
  final ArrayDeque<Protos.TaskStatus> unacknowledged = new ArrayDeque<>();
  DriverLoop.Timer resend;
  long resendDelayMillis;

  TrackedTask(Protos.TaskID id, String agentId, Protos.TaskInfo info, Phase phase) {
    this.id = id;
    this.agentId = agentId;
    this.info = info;
    this.phase = phase;
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
  public Protos.TaskInfo info() {
    return info;
  }

  public String containerInstanceArn() {
    return containerInstanceArn;
  }

  void containerInstanceArn(String arn) {
    this.containerInstanceArn = arn;
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
    this.latest = status;
    if (status.hasHealthy()) {
      this.lastHealthy = status.getHealthy();
    }
  }

  public Protos.TaskState latestState() {
    return latest == null ? Protos.TaskState.TASK_STAGING : latest.getState();
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

  double diskMb() {
    return diskMb;
  }

  void diskMb(double mb) {
    this.diskMb = mb;
  }

  long startedAtMillis() {
    return startedAtMillis;
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
