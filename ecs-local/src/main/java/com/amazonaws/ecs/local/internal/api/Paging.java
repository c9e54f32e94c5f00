package com.amazonaws.ecs.local.internal.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Pages of a list in creation order. The token names the last item's sequence number rather than
 * an offset, so items created or removed between pages neither repeat nor skip others.
 */
final class Paging {
    private Paging() {}

    record Page<T>(List<T> items, String nextToken) {}

    static <T> Page<T> page(Iterable<T> all, ToLongFunction<T> seq, String token, int max) {
        long after = decode(token);
        List<T> items = new ArrayList<>();
        for (T item : all) {
            if (seq.applyAsLong(item) <= after) {
                continue;
            }
            if (items.size() == max) {
                return new Page<>(items, encode(seq.applyAsLong(items.get(items.size() - 1))));
            }
            items.add(item);
        }
        return new Page<>(items, null);
    }

    private static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("ecs-local:" + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String token) {
        if (token == null || token.isEmpty()) {
            return Long.MIN_VALUE;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("ecs-local:")) {
                return Long.parseLong(text.substring("ecs-local:".length()));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error ECS gives for a token it did not issue
        }
        throw EcsException.invalidParameter("Invalid nextToken.");
    }
}
