package com.amazonaws.ecs.local.internal.api;

import static com.amazonaws.ecs.local.internal.api.Render.JSON;

import com.amazonaws.ecs.local.internal.state.Arns;
import com.amazonaws.ecs.local.internal.state.Cluster;
import com.amazonaws.ecs.local.internal.state.ContainerInstance;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.Task;
import com.amazonaws.ecs.local.internal.state.TaskDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource, ListTagsForResource on clusters, instances, tasks, task definitions. */
final class TagOperations {
    private final EcsState state;

    TagOperations(EcsState state) {
        this.state = state;
    }

    void register(Map<String, Operation> ops) {
        ops.put("TagResource", this::tag);
        ops.put("UntagResource", this::untag);
        ops.put("ListTagsForResource", this::list);
    }

    private ObjectNode tag(Request r) {
        Map<String, String> tags = tagsOf(r.required("resourceArn"));
        Map<String, String> added = r.tags("tags");
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(added);
        Request.checkTagCount(merged);
        tags.putAll(added);
        return JSON.objectNode();
    }

    private ObjectNode untag(Request r) {
        Map<String, String> tags = tagsOf(r.required("resourceArn"));
        List<String> keys = r.strings("tagKeys");
        keys.forEach(tags::remove);
        return JSON.objectNode();
    }

    private ObjectNode list(Request r) {
        ObjectNode out = JSON.objectNode();
        out.set("tags", Render.tags(tagsOf(r.required("resourceArn"))));
        return out;
    }

    /** The live tag map of the resource an ARN names. */
    private Map<String, String> tagsOf(String arn) {
        if (!arn.startsWith("arn:aws:ecs:" + state.arns().region() + ":" + state.arns().account() + ":")) {
            throw EcsException.invalidParameter("Invalid resource ARN: " + arn);
        }
        String resource = arn.split(":", 6)[5];
        String kind = resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource;
        switch (kind) {
            case "cluster" -> {
                Cluster c = state.clusters().get(Arns.clusterName(arn));
                if (c != null && c.active()) {
                    return c.tags();
                }
            }
            case "container-instance" -> {
                Cluster c = state.clusters().get(Arns.clusterInArn(arn));
                ContainerInstance ci = c == null ? null : state.instance(c, arn);
                if (ci != null) {
                    return ci.tags();
                }
            }
            case "task" -> {
                Cluster c = state.clusters().get(Arns.clusterInArn(arn));
                Task t = c == null ? null : state.task(c, arn);
                if (t != null) {
                    return t.tags();
                }
            }
            case "task-definition" -> {
                TaskDefinition td = arn.substring(arn.lastIndexOf('/') + 1).contains(":")
                        ? state.findTaskDefinition(arn) : null;
                if (td != null) {
                    return td.tags();
                }
            }
            default -> throw EcsException.invalidParameter("Tagging is not supported for " + arn);
        }
        throw new EcsException("ResourceNotFoundException", 400, "The specified resource could not be found: " + arn);
    }
}
