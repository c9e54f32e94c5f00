package com.amazonaws.ecs.local.internal.state;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes every version of a task or container instance once. A version is published when it is complete:
 * just before the next change of the same resource begins, or at the end of the unit of work (a request, a
 * timeline step) that made it, because a transition goes on after its version bump (RUNNING is set, then the
 * start time and the host ports). Used under the state lock only.
 */
final class VersionLog {
    private final Timeline timeline;
    private final List<VersionListener> listeners = new CopyOnWriteArrayList<>();
    /** Resources whose current version is not published yet → cluster time of that version, oldest first. */
    private final Map<Object, Long> unpublished = new LinkedHashMap<>();

    VersionLog(Timeline timeline) {
        this.timeline = timeline;
    }

    void add(VersionListener listener) {
        listeners.add(listener);
    }

    /** {@code resource} is about to change: the version it has now is complete. */
    void changing(Object resource) {
        if (listeners.isEmpty()) {
            return;
        }
        Long at = unpublished.remove(resource);
        if (at != null) {
            publish(resource, at);
        }
    }

    /** {@code resource} has a new version (its first one at creation). */
    void changed(Object resource) {
        if (!listeners.isEmpty()) {
            unpublished.put(resource, timeline.now());
        }
    }

    /** Publishes what the unit of work that just ended left unpublished, oldest first. */
    void publishAll() {
        while (!unpublished.isEmpty()) {
            Iterator<Map.Entry<Object, Long>> it = unpublished.entrySet().iterator();
            Map.Entry<Object, Long> next = it.next();
            it.remove();
            publish(next.getKey(), next.getValue());
        }
    }

    private void publish(Object resource, long at) {
        for (VersionListener l : listeners) {
            if (resource instanceof Task t) {
                l.taskVersion(t, at);
            } else {
                l.instanceVersion((ContainerInstance) resource, at);
            }
        }
    }
}
