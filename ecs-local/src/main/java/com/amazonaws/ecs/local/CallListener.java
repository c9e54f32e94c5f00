package com.amazonaws.ecs.local;

/**
 * Sees every ECS call that reaches an operation (after latency, rate limits and injected failures), on the
 * HTTP thread serving it, just before and just after the operation runs. For tests that need to know the
 * order in which calls arrived, or to change the cluster between two calls (a task that stops between two
 * listings). Keep it short: the caller waits for it.
 *
 * <pre>{@code
 * List<String> order = new CopyOnWriteArrayList<>();
 * ecsLocal.onCall(CallListener.before((action, body) -> order.add(action)));
 * }</pre>
 */
public interface CallListener {

    /** Called before the operation runs, with the action name and the raw JSON request body. */
    default void before(String action, String body) {}

    /** Called after the operation ran (whatever it answered), before the answer is sent. */
    default void after(String action, String body) {}

    /** A listener that only looks at calls before they run. */
    static CallListener before(java.util.function.BiConsumer<String, String> action) {
        return new CallListener() {
            @Override
            public void before(String a, String body) {
                action.accept(a, body);
            }
        };
    }
}
