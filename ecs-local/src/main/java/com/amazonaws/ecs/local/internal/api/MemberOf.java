package com.amazonaws.ecs.local.internal.api;

import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code memberOf} placement constraint: the part of ECS's cluster query language that pins tasks to
 * instances. Comparisons of {@code ec2InstanceId}, {@code agentConnected} or {@code attribute:NAME} with
 * {@code ==}, {@code !=}, {@code in [..]} or {@code not in [..]}, joined by {@code and} and {@code or}
 * ({@code and} binds tighter). Anything else is refused with a message naming what is supported, rather than
 * evaluated wrongly.
 *
 * <pre>
 * ec2InstanceId == i-0123456789abcdef0
 * attribute:ecs.instance-type in [t2.micro, m5.large] and agentConnected == true
 * </pre>
 */
final class MemberOf {
    private static final Pattern COMPARISON = Pattern.compile(
            "\\s*(ec2InstanceId|agentConnected|attribute:[A-Za-z0-9_.\\-]+)\\s*"
                    + "(==|!=|not\\s+in|in)\\s*(\\[[^\\]]*\\]|'[^']*'|\"[^\"]*\"|[^\\s\\[\\]'\"]+)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OR = Pattern.compile("\\s+or\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);

    private MemberOf() {
    }

    /** The instances the expression admits; an expression it does not evaluate is an InvalidParameterException. */
    static Predicate<ContainerInstance> parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw EcsException.invalidParameter("A memberOf placement constraint needs an expression.");
        }
        Predicate<ContainerInstance> any = ci -> false;
        for (String alternative : OR.split(expression.trim())) {
            Predicate<ContainerInstance> all = ci -> true;
            for (String term : AND.split(alternative.trim())) {
                all = all.and(comparison(term, expression));
            }
            any = any.or(all);
        }
        return any;
    }

    private static Predicate<ContainerInstance> comparison(String term, String expression) {
        Matcher m = COMPARISON.matcher(term);
        if (!m.matches()) {
            throw EcsException.invalidParameter("ecs-local cannot evaluate the memberOf expression '" + expression
                    + "' (at '" + term.trim() + "'): it supports ec2InstanceId, agentConnected and attribute:NAME "
                    + "compared with ==, !=, in [..] or not in [..], joined by and/or.");
        }
        String subject = m.group(1);
        String op = m.group(2).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        List<String> values = values(m.group(3));
        boolean list = m.group(3).startsWith("[");
        if (list != (op.equals("in") || op.equals("not in"))) {
            throw EcsException.invalidParameter("In the memberOf expression '" + expression + "', " + op
                    + (list ? " does not take a list." : " needs a list in brackets."));
        }
        boolean negate = op.equals("!=") || op.equals("not in");
        return ci -> {
            String actual = subject(ci, subject);
            boolean member = actual != null && values.contains(actual);
            return negate != member;
        };
    }

    private static String subject(ContainerInstance ci, String subject) {
        if (subject.equalsIgnoreCase("ec2InstanceId")) {
            return ci.ec2() == null ? null : ci.ec2().instanceId();
        }
        if (subject.equalsIgnoreCase("agentConnected")) {
            return Boolean.toString(ci.agentConnected());
        }
        return ci.attributes().get(subject.substring("attribute:".length()));
    }

    private static List<String> values(String raw) {
        List<String> out = new ArrayList<>();
        String inner = raw.startsWith("[") ? raw.substring(1, raw.length() - 1) : raw;
        for (String v : raw.startsWith("[") ? inner.split(",") : new String[] {inner}) {
            String s = v.trim();
            if ((s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\"")) && s.length() >= 2) {
                s = s.substring(1, s.length() - 1);
            }
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
