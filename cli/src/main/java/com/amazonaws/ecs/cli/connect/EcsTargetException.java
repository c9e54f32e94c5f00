package com.amazonaws.ecs.cli.connect;

/** An option naming the target is malformed: a usage error (exit 2), reported as one line. */
public final class EcsTargetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public EcsTargetException(String message) {
        super(message);
    }
}
