package com.amazonaws.ecs.local.internal.api;

import static com.amazonaws.ecs.local.internal.api.Render.JSON;

import com.amazonaws.ecs.local.internal.limits.RateLimits;
import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.Task;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/** StartTask, RunTask, StopTask, ListTasks, DescribeTasks. */
final class TaskOperations {
    private final EcsState state;
    private final FargateLaunches fargate;
    private final RenderCache rendered = new RenderCache(new com.fasterxml.jackson.databind.ObjectMapper());
    /**
     * RunTask clientToken → the request and the tasks it started, so a retried RunTask starts nothing twice.
     * Like ECS, tokens are kept 24 hours (of cluster time), oldest first out.
     */
    private final Map<String, TokenUse> runTokens = new LinkedHashMap<>();
    static final long TOKEN_TTL_MILLIS = 24L * 60 * 60 * 1000;

    private record TokenUse(JsonNode request, List<Task> tasks, long usedAtMillis) {
    }

    TaskOperations(EcsState state, RateLimits limits) {
        this.state = state;
        this.fargate = new FargateLaunches(state, limits);
    }

    void register(Map<String, Operation> ops) {
        ops.put("StartTask", this::start);
        ops.put("RunTask", this::run);
        ops.put("StopTask", this::stop);
        ops.put("ListTasks", this::list);
        ops.put("DescribeTasks", this::describe);
    }

    private ObjectNode start(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        List<String> refs = r.strings("containerInstances", 10);
        if (refs.isEmpty()) {
            throw EcsException.invalidParameter("containerInstances can not be empty.");
        }
        Launch launch = new Launch(state, r, 36);
        ObjectNode out = JSON.objectNode();
        ArrayNode tasks = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        for (String ref : refs) {
            ContainerInstance ci = state.instance(cluster, ref);
            if (ci == null) {
                failures.add(Render.failure(state.arns().containerInstanceOf(cluster.name(), ref), "MISSING", null));
                continue;
            }
            String misfit = launch.misfit(ci);
            if (misfit != null) {
                failures.add(Render.failure(ci.arn(), misfit, null));
            } else {
                tasks.add(Render.task(launch.place(ci), true));
            }
        }
        return out;
    }

    private ObjectNode run(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        int count = r.integer("count") == null ? 1 : r.integer("count");
        if (count < 1 || count > 10) {
            throw EcsException.invalidParameter("count must be between 1 and 10.");
        }
        String token = r.string("clientToken");
        if (token != null && (token.length() > 64 || !token.chars().allMatch(ch -> ch >= 33 && ch <= 126))) {
            throw EcsException.invalidParameter("clientToken must be up to 64 characters in the range 33-126.");
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode tasks = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        JsonNode request = withoutToken(r.body());
        forgetExpiredTokens();
        if (token != null && runTokens.containsKey(token)) {
            TokenUse earlier = runTokens.get(token);
            if (!earlier.request().equals(request)) {
                throw EcsException.conflict("The client token " + token + " was already used with a different "
                        + "RunTask request.");
            }
            earlier.tasks().forEach(t -> tasks.add(Render.task(t, true)));
            return out;
        }
        List<String> providers = FargateLaunches.providers(r, cluster, count);
        Launch launch = new Launch(state, r, 128);
        List<Task> started = providers != null ? fargate.launch(launch, cluster, providers, failures)
                : placeOnInstances(r, cluster, count, launch, failures);
        started.forEach(t -> tasks.add(Render.task(t, true)));
        if (token != null) {
            runTokens.put(token, new TokenUse(request, started, state.now()));
        }
        return out;
    }

    /** RunTask's placement on the cluster's container instances (launch type EC2). */
    private List<Task> placeOnInstances(Request r, Cluster cluster, int count, Launch launch, ArrayNode failures) {
        boolean distinct = false;
        java.util.function.Predicate<ContainerInstance> member = ci -> true;
        for (JsonNode c : r.body().path("placementConstraints")) {
            String type = c.path("type").asText();
            if ("distinctInstance".equals(type)) {
                distinct = true;
            } else if ("memberOf".equals(type)) {
                member = member.and(MemberOf.parse(c.path("expression").asText(null)));
            } else {
                throw EcsException.invalidParameter("ecs-local supports the distinctInstance and memberOf placement "
                        + "constraints, not " + type + " " + c.path("expression").asText("") + ".");
            }
        }
        String strategy = strategy(r);
        List<Task> started = new ArrayList<>();
        Set<ContainerInstance> used = new HashSet<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            List<ContainerInstance> fits = new ArrayList<>();
            for (ContainerInstance ci : cluster.instances().values()) {
                if (!"ACTIVE".equals(ci.status())) {
                    continue;
                }
                if (!member.test(ci)) {
                    reasons.put(ci.arn(), "MemberOf placement constraint unsatisfied.");
                    continue;
                }
                if (distinct && used.contains(ci)) {
                    reasons.put(ci.arn(), "DistinctInstance placement constraint unsatisfied.");
                    continue;
                }
                String misfit = launch.misfit(ci);
                if (misfit == null) {
                    fits.add(ci);
                } else {
                    reasons.put(ci.arn(), misfit);
                }
            }
            if (fits.isEmpty()) {
                break;
            }
            ContainerInstance chosen = choose(fits, strategy);
            used.add(chosen);
            started.add(launch.place(chosen));
        }
        if (started.size() < count) {
            if (reasons.isEmpty()) {
                failures.add(Render.failure(null, "No Container Instances were found in your cluster.", null));
            } else {
                reasons.forEach((arn, reason) -> failures.add(Render.failure(arn, reason, null)));
            }
        }
        return started;
    }

    private void forgetExpiredTokens() {
        long now = state.now();
        var oldest = runTokens.values().iterator();
        while (oldest.hasNext() && now - oldest.next().usedAtMillis() >= TOKEN_TTL_MILLIS) {
            oldest.remove();
        }
    }

    private static JsonNode withoutToken(JsonNode body) {
        JsonNode copy = body.deepCopy();
        if (copy instanceof ObjectNode o) {
            o.remove("clientToken");
        }
        return copy;
    }

    /** The first supported placement strategy: random (default), spread, or binpack on cpu/memory. */
    private static String strategy(Request r) {
        JsonNode strategies = r.body().path("placementStrategy");
        if (strategies.isEmpty()) {
            return "random";
        }
        JsonNode s = strategies.get(0);
        String type = s.path("type").asText();
        return switch (type) {
            case "random", "spread" -> type;
            case "binpack" -> "binpack:" + s.path("field").asText("memory").toLowerCase();
            default -> throw EcsException.invalidParameter("Unknown placement strategy type " + type + ".");
        };
    }

    private ContainerInstance choose(List<ContainerInstance> fits, String strategy) {
        return switch (strategy) {
            case "spread" -> fits.stream()
                    .min(Comparator.comparingLong(ci -> ci.tasks().stream().filter(t -> !t.stopped()).count()))
                    .orElseThrow();
            case "binpack:cpu" -> fits.stream().min(Comparator.comparingInt(ContainerInstance::cpuRemaining))
                    .orElseThrow();
            case "binpack:memory" -> fits.stream().min(Comparator.comparingInt(ContainerInstance::memoryRemaining))
                    .orElseThrow();
            default -> fits.get(state.random().nextInt(fits.size()));
        };
    }

    private ObjectNode stop(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        Task task = state.task(cluster, r.required("task"));
        if (task == null) {
            throw EcsException.invalidParameter("The referenced task was not found.");
        }
        String reason = r.string("reason");
        if (reason != null && reason.length() > 255) {
            throw EcsException.invalidParameter("reason can be up to 255 characters.");
        }
        state.lifecycle().requestStop(task, "UserInitiated", reason != null ? reason : "Task stopped by user");
        return InstanceOperations.wrap("task", Render.task(task, false));
    }

    private ObjectNode list(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        String startedBy = r.string("startedBy");
        String instanceRef = r.string("containerInstance");
        String family = r.string("family");
        String service = r.string("serviceName");
        if (startedBy != null && (instanceRef != null || family != null || service != null)) {
            throw EcsException.invalidParameter("When you specify startedBy as the filter, it must be the only "
                    + "filter that you use.");
        }
        if (service != null && (instanceRef != null || family != null)) {
            throw EcsException.invalidParameter("serviceName may not be combined with family or containerInstance.");
        }
        String desired = r.string("desiredStatus", "RUNNING");
        String launchType = r.string("launchType");
        ContainerInstance instance = null;
        if (instanceRef != null) {
            instance = state.instance(cluster, instanceRef);
            if (instance == null) {
                throw EcsException.invalidParameter("The referenced container instance " + instanceRef
                        + " was not found.");
            }
        }
        // Filtered lazily, so a page stops at maxResults + 1 tasks instead of scanning (and copying)
        // every task of the cluster; both sources are in creation (seq) order, as paging needs.
        Iterable<Task> matching = List.of();
        if (service == null && !"PENDING".equals(desired)) {
            Iterable<Task> source = cluster.tasks().values();
            if (instance != null) {
                List<Task> ofInstance = new ArrayList<>(instance.tasks());
                ofInstance.sort(Comparator.comparingLong(Task::seq));
                source = ofInstance;
            }
            Iterable<Task> from = source;
            matching = () -> StreamSupport.stream(from.spliterator(), false)
                    .filter(t -> desired.equals(t.desiredStatus()))
                    .filter(t -> startedBy == null || startedBy.equals(t.startedBy()))
                    .filter(t -> family == null || family.equals(t.definition().family()))
                    .filter(t -> launchType == null || launchType.equals(t.launchType()))
                    .iterator();
        }
        Paging.Page<Task> page = Paging.page(matching, Task::seq, r.string("nextToken"), r.maxResults());
        ObjectNode out = JSON.objectNode();
        ArrayNode arns = out.putArray("taskArns");
        page.items().forEach(t -> arns.add(t.arn()));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private ObjectNode describe(Request r) {
        Cluster cluster = state.cluster(r.string("cluster"));
        List<String> refs = r.strings("tasks", 100);
        if (refs.isEmpty()) {
            throw EcsException.invalidParameter("Tasks cannot be empty.");
        }
        boolean tags = r.includes("include", "TAGS");
        ObjectNode out = JSON.objectNode();
        ArrayNode tasks = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        for (String ref : refs) {
            Task t = state.task(cluster, ref);
            if (t == null) {
                failures.add(Render.failure(state.arns().taskOf(cluster.name(), ref), "MISSING", null));
            } else {
                tasks.addRawValue(rendered.task(t, tags));
            }
        }
        return out;
    }
}
