package com.amazonaws.ecs.local.internal.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules of EventBridge's default event bus and their targets, as ecs-local keeps them. Thread-safe:
 * the API changes rules on HTTP threads while delivery reads {@link #routes()} on its own thread.
 */
public final class EventBus {
    /** One rule; mutable, guarded by the bus. */
    static final class Rule {
        final String name;
        final String arn;
        String patternText;
        EventPattern pattern;
        String state;
        String description;
        final Map<String, String> targets = new LinkedHashMap<>();

        Rule(String name, String arn) {
            this.name = name;
            this.arn = arn;
        }
    }

    /** An immutable copy of a rule as the API shows it. */
    public record RuleView(String name, String arn, String eventPattern, String state, String description,
            Map<String, String> targets) {
    }

    /** Where events matching {@code pattern} go: the SQS queue names of an enabled rule's targets. */
    public record Route(String rule, EventPattern pattern, List<String> queueNames) {
    }

    private final String region;
    private final String account;
    private final Map<String, Rule> rules = new TreeMap<>();
    private volatile List<Route> routes = List.of();

    public EventBus(String region, String account) {
        this.region = region;
        this.account = account;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    public String defaultBusArn() {
        return "arn:aws:events:" + region + ":" + account + ":event-bus/default";
    }

    public String ruleArn(String name) {
        return "arn:aws:events:" + region + ":" + account + ":rule/" + name;
    }

    /** Creates or replaces the rule (its targets stay); returns its ARN. */
    public synchronized String putRule(String name, String patternText, EventPattern pattern, String state,
            String description) {
        Rule r = rules.computeIfAbsent(name, n -> new Rule(n, ruleArn(n)));
        r.patternText = patternText;
        r.pattern = pattern;
        r.state = state;
        r.description = description;
        reroute();
        return r.arn;
    }

    /** The rule, or null. */
    public synchronized RuleView rule(String name) {
        Rule r = rules.get(name);
        return r == null ? null : view(r);
    }

    /** Every rule whose name starts with {@code prefix} (all for null), by name. */
    public synchronized List<RuleView> rules(String prefix) {
        List<RuleView> out = new ArrayList<>();
        for (Rule r : rules.values()) {
            if (prefix == null || r.name.startsWith(prefix)) {
                out.add(view(r));
            }
        }
        return out;
    }

    /** Adds or replaces targets (ID → ARN) of an existing rule; false when the rule does not exist. */
    public synchronized boolean putTargets(String rule, Map<String, String> targets) {
        Rule r = rules.get(rule);
        if (r == null) {
            return false;
        }
        r.targets.putAll(targets);
        reroute();
        return true;
    }

    /** How many targets the rule would have with {@code ids} added (existing IDs are replaced, not added). */
    public synchronized int targetCountWith(String rule, Collection<String> ids) {
        Rule r = rules.get(rule);
        if (r == null) {
            return 0;
        }
        Set<String> all = new HashSet<>(r.targets.keySet());
        all.addAll(ids);
        return all.size();
    }

    /** Removes the targets with these IDs (unknown IDs are ignored); false when the rule does not exist. */
    public synchronized boolean removeTargets(String rule, List<String> ids) {
        Rule r = rules.get(rule);
        if (r == null) {
            return false;
        }
        ids.forEach(r.targets::remove);
        reroute();
        return true;
    }

    /** Deletes a rule without targets; false when it still has targets (a missing rule is already deleted). */
    public synchronized boolean deleteRule(String name) {
        Rule r = rules.get(name);
        if (r != null && !r.targets.isEmpty()) {
            return false;
        }
        rules.remove(name);
        reroute();
        return true;
    }

    /** The enabled rules with SQS targets, as delivery reads them (no lock). */
    public List<Route> routes() {
        return routes;
    }

    private void reroute() {
        List<Route> out = new ArrayList<>();
        for (Rule r : rules.values()) {
            if ("DISABLED".equals(r.state) || r.targets.isEmpty()) {
                continue;
            }
            List<String> queues = new ArrayList<>();
            for (String arn : r.targets.values()) {
                String queue = sqsQueueName(arn);
                if (queue != null) {
                    queues.add(queue);
                }
            }
            out.add(new Route(r.name, r.pattern, List.copyOf(queues)));
        }
        routes = List.copyOf(out);
    }

    /** The queue name of an SQS queue ARN ({@code arn:aws:sqs:REGION:ACCOUNT:NAME}), else null. */
    public static String sqsQueueName(String arn) {
        String[] p = arn == null ? new String[0] : arn.split(":", -1);
        if (p.length != 6 || !"arn".equals(p[0]) || !"sqs".equals(p[2])
                || !p[5].matches("[A-Za-z0-9_-]{1,80}(\\.fifo)?")) {
            return null;
        }
        return p[5];
    }

    private static RuleView view(Rule r) {
        return new RuleView(r.name, r.arn, r.patternText, r.state, r.description, Collections.unmodifiableMap(new LinkedHashMap<>(r.targets)));
    }
}
