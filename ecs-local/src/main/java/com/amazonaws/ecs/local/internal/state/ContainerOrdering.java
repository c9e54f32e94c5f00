package com.amazonaws.ecs.local.internal.state;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Container ordering ({@code dependsOn}): the checks ECS makes at registration, and, for a task, whether a
 * waiting container may start now, must wait, or can never start. Pure: no clock, no mutation.
 *
 * <p>The runtime rules are the ECS agent's: START holds once the dependency started (even if it stopped
 * since), COMPLETE once it exited, SUCCESS once it exited 0, HEALTHY once its health check passed. A
 * dependency that exited non-zero under SUCCESS, or that stopped without ever starting, can never be met:
 * the agent then stops the waiting container with exit code 143 and a {@code CannotStartContainerError}.
 */
public final class ContainerOrdering {
    public static final String START = "START";
    public static final String COMPLETE = "COMPLETE";
    public static final String SUCCESS = "SUCCESS";
    public static final String HEALTHY = "HEALTHY";

    /** Exit code the agent reports for a container whose dependencies can never be met (as for SIGTERM). */
    public static final int NEVER_EXIT_CODE = 143;

    /** What a waiting container may do now; {@code reason} is set for {@link Kind#NEVER}. */
    public record Verdict(Kind kind, String reason) {
        static final Verdict READY = new Verdict(Kind.READY, null);
        static final Verdict WAIT = new Verdict(Kind.WAIT, null);
    }

    /** READY: start it; WAIT: not yet; NEVER: a dependency can no longer be met. */
    public enum Kind { READY, WAIT, NEVER }

    private ContainerOrdering() {}

    /**
     * The ClientException message ECS gives for the dependencies of these container definitions, or null when
     * they are valid. The wording of the unknown-container and essential-dependency messages is ECS's; the
     * HEALTHY and cycle messages are ecs-local's own (ECS's exact wording could not be confirmed).
     */
    public static String invalid(List<ContainerDefinition> containers) {
        Map<String, ContainerDefinition> byName = new HashMap<>();
        containers.forEach(c -> byName.put(c.name(), c));
        for (ContainerDefinition c : containers) {
            for (ContainerDefinition.Dependency d : c.dependsOn()) {
                ContainerDefinition target = byName.get(d.containerName());
                if (target == null) {
                    // Sic: ECS's message has the stray "+ ".
                    return "Cannot depend on container + '" + d.containerName() + "' because it does not exist";
                }
                if ((COMPLETE.equals(d.condition()) || SUCCESS.equals(d.condition())) && target.essential()) {
                    return "A dependency container with SUCCESS or COMPLETE condition cannot be an essential container";
                }
                if (HEALTHY.equals(d.condition()) && !target.healthCheck()) {
                    return "A dependency container with HEALTHY condition must have health check configured";
                }
            }
        }
        Set<String> done = new HashSet<>();
        for (ContainerDefinition c : containers) {
            if (cycleFrom(c.name(), byName, new HashSet<>(), done)) {
                return "Container dependencies (dependsOn) must not have a cycle: '" + c.name()
                        + "' depends on itself through them";
            }
        }
        return null;
    }

    private static boolean cycleFrom(String name, Map<String, ContainerDefinition> byName, Set<String> path,
            Set<String> done) {
        if (done.contains(name)) {
            return false;
        }
        if (!path.add(name)) {
            return true;
        }
        for (ContainerDefinition.Dependency d : byName.get(name).dependsOn()) {
            if (cycleFrom(d.containerName(), byName, path, done)) {
                return true;
            }
        }
        path.remove(name);
        done.add(name);
        return false;
    }

    /** Whether {@code target}, which has not started, may start now given the other containers of its task. */
    public static Verdict check(TaskContainer target, List<TaskContainer> containers) {
        boolean waiting = false;
        for (ContainerDefinition.Dependency d : target.dependsOn()) {
            TaskContainer dep = find(containers, d.containerName());
            if (dep == null) {
                // Registration rejects this; a definition that slipped through never starts the container.
                return never(target, d, "does not exist");
            }
            if (dep.stopped() && !dep.started()) {
                return never(target, d, "because dependency will never start");
            }
            if (SUCCESS.equals(d.condition()) && dep.stopped() && !Integer.valueOf(0).equals(dep.exitCode())) {
                return never(target, d, "as dependency did not exit successfully.");
            }
            waiting |= !met(d.condition(), dep);
        }
        return waiting ? Verdict.WAIT : Verdict.READY;
    }

    private static boolean met(String condition, TaskContainer dep) {
        return switch (condition) {
            case START -> dep.started();
            case COMPLETE -> dep.started() && dep.stopped();
            case SUCCESS -> dep.started() && dep.stopped() && Integer.valueOf(0).equals(dep.exitCode());
            case HEALTHY -> "HEALTHY".equals(dep.healthStatus());
            default -> false;
        };
    }

    private static Verdict never(TaskContainer target, ContainerDefinition.Dependency d, String why) {
        return new Verdict(Kind.NEVER, "CannotStartContainerError: dependency graph: failed to resolve container "
                + "ordering dependency [" + d.containerName() + "] for target [" + target.name() + "] " + why);
    }

    private static TaskContainer find(List<TaskContainer> containers, String name) {
        for (TaskContainer c : containers) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
