package com.amazonaws.ecs.mesos.master.internal;

/**
 * What the master answers an HTTP request with: a status and, for errors, the message Mesos writes as a
 * {@code text/plain} body.
 */
public final class Answer {
  public static final Answer ACCEPTED = new Answer(202, null);
  public static final Answer OK = new Answer(200, null);

  private final int status;
  private final String message;

  private Answer(int status, String message) {
    this.status = status;
    this.message = message;
  }

  public static Answer error(int status, String message) {
    return new Answer(status, message);
  }

  public int status() {
    return status;
  }

  /** The error message; null for 200 and 202. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return status + (message == null ? "" : " " + message);
  }
}
