package com.amazonaws.ecs.local.internal.api;

import com.amazonaws.ecs.local.internal.state.Task;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of each task as last described, reused while the task has not changed. Pollers
 * describe the same mostly-unchanged tasks over and over (a driver sweeps every live task every
 * few seconds), and building the JSON was most of the cost of DescribeTasks. The rendering lives
 * on the task (see {@link Task#rendering()}), so it goes away with the task. Only used under the
 * state lock.
 */
final class RenderCache {
    /** Both renderings of one task version; tags are checked apart since tagging does not change the version. */
    private static final class Rendering {
        long version = -1;
        RawValue plain;
        RawValue tagged;
        Map<String, String> taggedWith;
    }

    private final ObjectMapper mapper;

    RenderCache(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    RawValue task(Task task, boolean withTags) {
        Rendering r = task.rendering() instanceof Rendering cached ? cached : new Rendering();
        if (r.version != task.version()) {
            r.version = task.version();
            r.plain = null;
            r.tagged = null;
        }
        if (!withTags) {
            if (r.plain == null) {
                r.plain = render(task, false);
            }
        } else if (r.tagged == null || !r.taggedWith.equals(task.tags())) {
            r.tagged = render(task, true);
            r.taggedWith = new LinkedHashMap<>(task.tags());
        }
        task.setRendering(r);
        return withTags ? r.tagged : r.plain;
    }

    private RawValue render(Task task, boolean withTags) {
        try {
            // SerializedString keeps its UTF-8 bytes, so answers copy bytes instead of encoding again.
            return new RawValue(new SerializedString(mapper.writeValueAsString(Render.task(task, withTags))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
