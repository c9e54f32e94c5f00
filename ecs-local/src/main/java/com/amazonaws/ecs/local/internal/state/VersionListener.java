package com.amazonaws.ecs.local.internal.state;

/**
 * Sees each version of a task or container instance exactly once, when the change that produced it is
 * complete, under the state lock and at the cluster time of the change. Keep it short: a request waits.
 *
 * <pre>{@code
 * state.addVersionListener(new VersionListener() { ... render a snapshot, hand it to another thread ... });
 * }</pre>
 */
public interface VersionListener {

    /** {@code task} as of its current {@link Task#version()}. */
    void taskVersion(Task task, long clusterMillis);

    /** {@code instance} as of its current {@link ContainerInstance#version()}. */
    void instanceVersion(ContainerInstance instance, long clusterMillis);
}
