package com.amazonaws.ecs.mesos.internal.ecs;

import java.util.concurrent.CancellationException;

/**
 * An ECS call that was never sent: dropped because the driver is stopping (or, for {@code StartTask}, is
 * tearing down). Its caller knows the call had no effect on ECS.
 */
public final class NotSentException extends CancellationException {
  private static final long serialVersionUID = 1L;

  NotSentException(String message) {
    super(message);
  }
}
