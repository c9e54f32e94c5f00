package com.amazonaws.ecs.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The {@link CallListener}s of one endpoint, seen by its HTTP server as one listener. */
final class CallListeners implements CallListener {
    private final List<CallListener> listeners = new CopyOnWriteArrayList<>();

    void add(CallListener listener) {
        listeners.add(listener);
    }

    @Override
    public void before(String action, String body) {
        listeners.forEach(l -> l.before(action, body));
    }

    @Override
    public void after(String action, String body) {
        listeners.forEach(l -> l.after(action, body));
    }
}
