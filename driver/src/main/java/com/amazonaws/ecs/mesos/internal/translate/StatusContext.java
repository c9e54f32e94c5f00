package com.amazonaws.ecs.mesos.internal.translate;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.mesos.Protos;

/**
 * What {@link StatusMapping} needs to know besides the ECS task itself: facts only the driver has.
 *
 * <p>ECS's task description cannot tell "stopped because this framework killed it" from "stopped by
 * someone with the AWS CLI", does not say which containers are essential (that is in the task definition),
 * and knows nothing of what was already reported to the framework. Immutable; build with {@link #builder()}:
 * <pre>{@code
 * StatusContext ctx = StatusContext.builder()
 *     .capabilitiesOf(frameworkInfo)
 *     .killRequested(true)
 *     .lastSent(Protos.TaskState.TASK_RUNNING)
 *     .build();
 * }</pre>
 */
public final class StatusContext {

  /** What the driver knows about the container instance (agent) the task was placed on. */
  public enum AgentState {
    /** Registered and its ECS agent connected, or nothing known against it. */
    CONNECTED,
    /**
     * The ECS agent has been disconnected for longer than the driver's grace period: the task may still run
     * but nobody can observe or stop it.
     */
    DISCONNECTED,
    /** Deregistered from the cluster, or its EC2 instance terminated: its tasks are gone. */
    GONE
  }

  private final boolean killRequested;
  private final boolean partitionAware;
  private final boolean taskKillingState;
  private final AgentState agent;
  private final Protos.TaskState lastSent;
  private final Boolean lastHealthy;
  private final Set<String> nonEssentialContainers;

  private StatusContext(Builder b) {
    this.killRequested = b.killRequested;
    this.partitionAware = b.partitionAware;
    this.taskKillingState = b.taskKillingState;
    this.agent = b.agent;
    this.lastSent = b.lastSent;
    this.lastHealthy = b.lastHealthy;
    this.nonEssentialContainers = Collections.unmodifiableSet(new LinkedHashSet<>(b.nonEssentialContainers));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .killRequested(killRequested)
        .partitionAware(partitionAware)
        .taskKillingState(taskKillingState)
        .agent(agent)
        .lastSent(lastSent)
        .lastHealthy(lastHealthy)
        .nonEssentialContainers(nonEssentialContainers);
  }

  /** The framework called {@code killTask} (or {@code stop(false)}) for this task. */
  public boolean killRequested() {
    return killRequested;
  }

  /** The framework declared PARTITION_AWARE: it may receive UNREACHABLE, GONE, DROPPED, UNKNOWN. */
  public boolean partitionAware() {
    return partitionAware;
  }

  /** The framework declared TASK_KILLING_STATE: it may receive TASK_KILLING. */
  public boolean taskKillingState() {
    return taskKillingState;
  }

  public AgentState agent() {
    return agent;
  }

  /** The last state sent to the framework for this task; null when none was sent yet. */
  public Protos.TaskState lastSent() {
    return lastSent;
  }

  /** The {@code healthy} flag of the last update sent; null when none was set. */
  public Boolean lastHealthy() {
    return lastHealthy;
  }

  /**
   * Containers the task definition marks {@code essential: false}. ECS treats a container as essential
   * unless it says otherwise, so the default (empty) means every container is essential.
   */
  public Set<String> nonEssentialContainers() {
    return nonEssentialContainers;
  }

  @Override
  public String toString() {
    return "StatusContext{killRequested=" + killRequested + ", partitionAware=" + partitionAware
        + ", taskKillingState=" + taskKillingState + ", agent=" + agent + ", lastSent=" + lastSent
        + ", lastHealthy=" + lastHealthy + ", nonEssentialContainers=" + nonEssentialContainers + '}';
  }

  /** Builds a {@link StatusContext}; defaults: nothing requested, no capabilities, agent connected. */
  public static final class Builder {
    private boolean killRequested;
    private boolean partitionAware;
    private boolean taskKillingState;
    private AgentState agent = AgentState.CONNECTED;
    private Protos.TaskState lastSent;
    private Boolean lastHealthy;
    private Collection<String> nonEssentialContainers = Collections.emptySet();

    private Builder() {}

    public Builder killRequested(boolean killRequested) {
      this.killRequested = killRequested;
      return this;
    }

    public Builder partitionAware(boolean partitionAware) {
      this.partitionAware = partitionAware;
      return this;
    }

    public Builder taskKillingState(boolean taskKillingState) {
      this.taskKillingState = taskKillingState;
      return this;
    }

    /** Sets PARTITION_AWARE and TASK_KILLING_STATE from the framework's declared capabilities. */
    public Builder capabilitiesOf(Protos.FrameworkInfo framework) {
      partitionAware = false;
      taskKillingState = false;
      for (Protos.FrameworkInfo.Capability c : framework.getCapabilitiesList()) {
        if (c.getType() == Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE) {
          partitionAware = true;
        } else if (c.getType() == Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE) {
          taskKillingState = true;
        }
      }
      return this;
    }

    public Builder agent(AgentState agent) {
      if (agent == null) {
        throw new NullPointerException("agent");
      }
      this.agent = agent;
      return this;
    }

    public Builder lastSent(Protos.TaskState lastSent) {
      this.lastSent = lastSent;
      return this;
    }

    public Builder lastHealthy(Boolean lastHealthy) {
      this.lastHealthy = lastHealthy;
      return this;
    }

    public Builder nonEssentialContainers(Collection<String> names) {
      this.nonEssentialContainers = names == null ? Collections.<String>emptySet() : names;
      return this;
    }

    public StatusContext build() {
      return new StatusContext(this);
    }
  }
}
