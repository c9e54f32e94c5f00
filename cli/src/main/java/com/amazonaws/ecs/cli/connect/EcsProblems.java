package com.amazonaws.ecs.cli.connect;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Turns an AWS SDK failure into one line that says what to check, without the SDK's request IDs and advice. */
final class EcsProblems {
    private EcsProblems() {
    }

    static String describe(SdkException e, String action, EcsConnection where) {
        if (e instanceof SdkServiceException) {
            return "ECS refused " + action + " for " + where.describe() + ": " + message(e);
        }
        return "cannot reach ECS for " + where.describe() + ": " + message(e);
    }

    /** The service's own message with its error code, or the client's first sentence. */
    static String message(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            String text = s.awsErrorDetails().errorMessage();
            return (text == null ? "" : text) + (code == null ? "" : " (" + code + ")");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() != null ? root.getMessage() : e.getMessage();
        if (text == null) {
            return e.getClass().getSimpleName();
        }
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
