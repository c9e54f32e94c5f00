package com.amazonaws.ecs.cli;

/**
 * A command could not do its job for a reason the user can act on (no credentials, no such cluster, a
 * task failed). {@link OneLineErrors} prints the message as one line and the command exits 1.
 *
 * <pre>{@code
 * throw new CommandFailure("ECS cluster 'blue' not found in us-east-1");
 * }</pre>
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
        super(message);
    }
}
