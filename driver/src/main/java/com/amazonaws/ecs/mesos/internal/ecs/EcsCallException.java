package com.amazonaws.ecs.mesos.internal.ecs;

/** An ECS call that failed for good, after the gateway's retries: what failed, how, and how often it tried. */
public final class EcsCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String action;
  private final EcsErrors.Kind kind;
  private final int attempts;

  public EcsCallException(String action, EcsErrors.Kind kind, int attempts, Throwable cause) {
    super(action + " failed after " + attempts + (attempts == 1 ? " attempt" : " attempts") + ": "
        + EcsErrors.describe(cause), cause);
    this.action = action;
    this.kind = kind;
    this.attempts = attempts;
  }

  public String action() {
    return action;
  }

  public EcsErrors.Kind kind() {
    return kind;
  }

  public int attempts() {
    return attempts;
  }
}
