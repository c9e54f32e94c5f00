package com.amazonaws.ecs.mesos.internal.ecs;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Sorts what an ECS call threw into what the driver can do about it. ECS reports throttling as
 * {@code ThrottlingException}, and sometimes as a client error whose message is "Rate exceeded".
 */
public final class EcsErrors {

  /** What kind of failure a call had. */
  public enum Kind {
    /** ECS refused the call for rate: nothing happened, retrying later is safe. */
    THROTTLED,
    /** HTTP 5xx: ECS failed; for a mutating call, whether it acted is unknown. */
    SERVER_ERROR,
    /** No answer (timeout, connection reset, refused): whether ECS acted is unknown. */
    NO_ANSWER,
    /** The cluster does not exist (or is inactive). */
    CLUSTER_NOT_FOUND,
    /** ECS rejected the request (4xx): retrying the same request cannot help. */
    REJECTED,
    /** Anything else, e.g. no credentials or no region configured, or a bug. */
    OTHER
  }

  private EcsErrors() {}

  /** Removes the wrappers of {@code CompletableFuture}s. */
  public static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  public static Kind classify(Throwable thrown) {
    Throwable t = unwrap(thrown);
    if (t instanceof EcsCallException) {
      return ((EcsCallException) t).kind();
    }
    if (t instanceof AwsServiceException) {
      AwsServiceException e = (AwsServiceException) t;
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      if (e.isThrottlingException() || "ThrottlingException".equals(code) || "Throttling".equals(code)
          || "RequestLimitExceeded".equals(code) || "TooManyRequestsException".equals(code)
          || e.statusCode() == 429 || (message != null && message.contains("Rate exceeded"))) {
        return Kind.THROTTLED;
      }
      if (e.statusCode() >= 500 || "ServerException".equals(code)) {
        return Kind.SERVER_ERROR;
      }
      if ("ClusterNotFoundException".equals(code)) {
        return Kind.CLUSTER_NOT_FOUND;
      }
      return Kind.REJECTED;
    }
    if (t instanceof SdkClientException) {
      return noAnswer(t) ? Kind.NO_ANSWER : Kind.OTHER;
    }
    return Kind.OTHER;
  }

  /**
   * Whether ECS answered that the task definition does not exist: {@code ClientException} ("Unable to
   * describe task definition."), as opposed to access denied or a malformed request.
   */
  public static boolean missingTaskDefinition(Throwable thrown) {
    Throwable t = unwrap(thrown);
    while (t instanceof EcsCallException && t.getCause() != null) {
      t = unwrap(t.getCause());
    }
    if (!(t instanceof AwsServiceException) || classify(t) != Kind.REJECTED) {
      return false;
    }
    AwsServiceException e = (AwsServiceException) t;
    return e.awsErrorDetails() != null && "ClientException".equals(e.awsErrorDetails().errorCode());
  }

  /** Whether ECS refused the call for the caller's IAM policy ({@code AccessDeniedException}). */
  public static boolean accessDenied(Throwable thrown) {
    Throwable t = unwrap(thrown);
    while (t instanceof EcsCallException && t.getCause() != null) {
      t = unwrap(t.getCause());
    }
    if (!(t instanceof AwsServiceException)) {
      return false;
    }
    AwsServiceException e = (AwsServiceException) t;
    return e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode());
  }

  /**
   * Whether a client-side failure means the request may have gone out without an answer (timeout, I/O
   * error), as opposed to one that never left (no credentials, no region): only the former is worth
   * retrying, and only the former leaves a StartTask's outcome unknown.
   */
  private static boolean noAnswer(Throwable t) {
    if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
      return true;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
    }
    String message = t.getMessage();
    return message != null && message.contains("Unable to execute HTTP request");
  }

  /** A short description for messages and logs: the error code and message, never credentials. */
  public static String describe(Throwable thrown) {
    Throwable t = unwrap(thrown);
    if (t instanceof EcsCallException) {
      return t.getMessage();
    }
    if (t instanceof AwsServiceException) {
      AwsServiceException e = (AwsServiceException) t;
      if (e.awsErrorDetails() != null) {
        return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
      }
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
