package com.amazonaws.ecs.local.internal.api;

/**
 * An error answered the way ECS answers it: an error type ({@code __type}) and a message, sent with
 * HTTP 400 for client errors and HTTP 500 for {@code ServerException}.
 */
public final class EcsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int httpStatus;

    public EcsException(String type, int httpStatus, String message) {
        super(message, null, false, false);
        this.type = type;
        this.httpStatus = httpStatus;
    }

    public static EcsException invalidParameter(String message) {
        return new EcsException("InvalidParameterException", 400, message);
    }

    public static EcsException client(String message) {
        return new EcsException("ClientException", 400, message);
    }

    /** A RunTask client token reused with a different request. */
    public static EcsException conflict(String message) {
        return new EcsException("ConflictException", 400, message);
    }

    public static EcsException clusterNotFound() {
        return new EcsException("ClusterNotFoundException", 400, "Cluster not found.");
    }

    public static EcsException serialization(String message) {
        return new EcsException("SerializationException", 400, message);
    }

    public static EcsException throttling() {
        return new EcsException("ThrottlingException", 400, "Rate exceeded");
    }

    /** What ECS answers a caller whose IAM policy does not allow {@code action}. */
    public static EcsException accessDenied(String action) {
        return new EcsException("AccessDeniedException", 400, "User: arn:aws:iam::000000000000:user/ecs-local is not "
                + "authorized to perform: ecs:" + action + " (injected by ecs-local)");
    }

    public static EcsException server(String message) {
        return new EcsException("ServerException", 500, message);
    }

    public String type() {
        return type;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
