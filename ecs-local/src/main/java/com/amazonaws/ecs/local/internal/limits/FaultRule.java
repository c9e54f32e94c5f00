package com.amazonaws.ecs.local.internal.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One fault to inject, parsed from {@code KIND:OPERATION:AMOUNT}:
 * <ul>
 *   <li>KIND: {@code throttle} (ThrottlingException), {@code server-error} (HTTP 500
 *       ServerException), {@code access-denied} (HTTP 400 AccessDeniedException, as for a caller whose
 *       IAM policy lacks the action), {@code latency} (added delay), {@code drop} (do the work, then close
 *       the connection without an answer), {@code server-error-after} (do the work, then answer HTTP 500: the
 *       caller cannot tell that it happened);</li>
 *   <li>OPERATION: an ECS action name such as {@code StartTask}, or {@code *} for all;</li>
 *   <li>AMOUNT: a probability {@code 0.25}, the next N calls {@code x3}, or for latency a delay
 *       {@code 200ms}/{@code 2s} (optionally {@code 200ms@0.5} for a probability, {@code 200ms@x2} for the next
 *       N calls).</li>
 * </ul>
 * Faults of ECS events (EventBridge to SQS) have the kinds {@code event-drop} (never delivered),
 * {@code event-duplicate} (delivered twice), {@code event-delay} (delivered later, AMOUNT as for latency, in real
 * time) and {@code event-reorder} (held back and delivered after the next event); their OPERATION is
 * {@code task}, {@code instance} or {@code *}.
 * FARGATE_SPOT interruptions have the kind {@code spot-interruption}: its OPERATION is a task definition family or
 * {@code *}, and each FARGATE_SPOT task of it that reaches RUNNING is interrupted (as ECS interrupts Spot tasks)
 * with the probability or for the next N tasks of AMOUNT, at once or after a delay in cluster time:
 * {@code spot-interruption:*:0.05}, {@code spot-interruption:worker:x3}, {@code spot-interruption:*:10m@0.1}.
 * Several rules are separated by commas: {@code throttle:StartTask:x2,latency:*:50ms,event-drop:task:0.1}.
 */
public final class FaultRule {
    public enum Kind {
        THROTTLE, SERVER_ERROR, ACCESS_DENIED, LATENCY, DROP, SERVER_ERROR_AFTER,
        EVENT_DROP, EVENT_DUPLICATE, EVENT_DELAY, EVENT_REORDER, SPOT_INTERRUPTION;

        /** Whether this kind applies to ECS events rather than to ECS calls. */
        public boolean ofEvents() {
            return name().startsWith("EVENT_");
        }

        /** Whether this kind applies to running tasks rather than to ECS calls or events. */
        public boolean ofTasks() {
            return this == SPOT_INTERRUPTION;
        }

        boolean delays() {
            return this == LATENCY || this == EVENT_DELAY;
        }
    }

    /** An AMOUNT that starts with a delay ({@code 2s}, {@code 200ms@0.1}) rather than a probability or count. */
    private static final java.util.regex.Pattern DELAY_FIRST = java.util.regex.Pattern.compile(
            "^[0-9.]+(ms|s|m)(@|$)");

    private final Kind kind;
    private final String operation;
    private final double probability;
    private final long delayMillis;
    private int remaining;

    FaultRule(Kind kind, String operation, double probability, int remaining, long delayMillis) {
        this.kind = kind;
        this.operation = operation;
        this.probability = probability;
        this.remaining = remaining;
        this.delayMillis = delayMillis;
    }

    public static List<FaultRule> parseAll(String spec) {
        List<FaultRule> rules = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return rules;
        }
        for (String part : spec.split(",")) {
            rules.add(parse(part.trim()));
        }
        return rules;
    }

    public static FaultRule parse(String text) {
        String[] p = text.split(":");
        if (p.length != 3) {
            throw new IllegalArgumentException("fault '" + text + "' must be KIND:OPERATION:AMOUNT, "
                    + "e.g. throttle:StartTask:0.2, server-error:*:x3, access-denied:ListTasks:x1, latency:*:200ms, "
                    + "drop:StartTask:x1, server-error-after:RunTask:0.1, event-drop:task:0.1, event-delay:*:2s@0.1");
        }
        Kind kind = switch (p[0].toLowerCase(Locale.ROOT)) {
            case "throttle" -> Kind.THROTTLE;
            case "server-error", "500" -> Kind.SERVER_ERROR;
            case "access-denied" -> Kind.ACCESS_DENIED;
            case "latency" -> Kind.LATENCY;
            case "drop" -> Kind.DROP;
            case "server-error-after" -> Kind.SERVER_ERROR_AFTER;
            case "event-drop" -> Kind.EVENT_DROP;
            case "event-duplicate" -> Kind.EVENT_DUPLICATE;
            case "event-delay" -> Kind.EVENT_DELAY;
            case "event-reorder" -> Kind.EVENT_REORDER;
            case "spot-interruption" -> Kind.SPOT_INTERRUPTION;
            default -> throw new IllegalArgumentException("unknown fault kind '" + p[0]
                    + "' (throttle, server-error, access-denied, latency, drop, server-error-after, "
                    + "event-drop, event-duplicate, event-delay, event-reorder, spot-interruption)");
        };
        String op = p[1].isEmpty() ? "*" : p[1];
        if (kind.ofEvents() && !List.of("task", "instance", "*").contains(op)) {
            throw new IllegalArgumentException("operation of fault '" + text + "' must be task, instance or * "
                    + "(the events it applies to), not '" + op + "'");
        }
        String amount = p[2];
        if (kind.delays() || (kind.ofTasks() && DELAY_FIRST.matcher(amount).find())) {
            String[] a = amount.split("@", 2);
            long delay = duration(a[0], text);
            if (a.length > 1 && a[1].startsWith("x")) {
                return new FaultRule(kind, op, 1.0, count(a[1], text), delay);
            }
            double prob = a.length > 1 ? probability(a[1], text) : 1.0;
            return new FaultRule(kind, op, prob, -1, delay);
        }
        if (amount.startsWith("x")) {
            return new FaultRule(kind, op, 1.0, count(amount, text), 0);
        }
        return new FaultRule(kind, op, probability(amount, text), -1, 0);
    }

    private static int count(String amount, String rule) {
        try {
            int n = Integer.parseInt(amount.substring(1));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("count in fault '" + rule + "' must be xN with N > 0");
    }

    private static double probability(String s, String rule) {
        try {
            double d = Double.parseDouble(s);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("probability in fault '" + rule + "' must be between 0 and 1, or xN");
    }

    private static long duration(String s, String rule) {
        try {
            if (s.endsWith("ms")) {
                return Long.parseLong(s.substring(0, s.length() - 2));
            }
            if (s.endsWith("m")) {
                return Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000);
            }
            if (s.endsWith("s")) {
                return Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("delay in fault '" + rule + "' must look like 200ms or 2s "
                    + "(optionally @PROBABILITY or @xN)");
        }
    }

    public Kind kind() {
        return kind;
    }

    public long delayMillis() {
        return delayMillis;
    }

    /** Whether this rule fires for a call of {@code action}; counted rules use themselves up. */
    synchronized boolean fires(String action, double roll) {
        if (!"*".equals(operation) && !operation.equals(action)) {
            return false;
        }
        if (remaining == 0) {
            return false;
        }
        if (remaining > 0) {
            remaining--;
            return true;
        }
        return roll < probability;
    }

    synchronized boolean usedUp() {
        return remaining == 0;
    }

    @Override
    public String toString() {
        String amount = remaining >= 0 ? "x" + remaining : String.valueOf(probability);
        if (kind.delays() || delayMillis > 0) {
            amount = delayMillis + "ms" + (remaining >= 0 ? "@" + amount : probability < 1 ? "@" + amount : "");
        }
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + ":" + operation + ":" + amount;
    }
}
