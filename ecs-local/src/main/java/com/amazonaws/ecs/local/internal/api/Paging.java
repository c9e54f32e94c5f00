package com.amazonaws.ecs.local.internal.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Pages of a list. The token names the last item's sort key rather than an offset, so items
 * created or removed between pages neither repeat nor make others skip.
 */
final class Paging {
    private static final String PREFIX = "ecs-local:";

    private Paging() {}

    record Page<T>(List<T> items, String nextToken) {}

    /** Pages of a list in creation order (ascending sequence numbers). */
    static <T> Page<T> page(Iterable<T> all, ToLongFunction<T> seq, String token, int max) {
        return page(all, t -> seqKey(seq.applyAsLong(t)), Comparator.naturalOrder(), token, max);
    }

    /** A sort key for a sequence number that orders like the number. */
    static String seqKey(long seq) {
        return String.format("%019d", seq);
    }

    /**
     * Pages of {@code ordered}, which must already be sorted by {@code key} in {@code order}; the
     * next page starts after the last key handed out.
     */
    static <T> Page<T> page(Iterable<T> ordered, Function<T, String> key, Comparator<String> order, String token,
            int max) {
        String after = decode(token);
        List<T> items = new ArrayList<>();
        for (T item : ordered) {
            if (after != null && order.compare(key.apply(item), after) <= 0) {
                continue;
            }
            if (items.size() == max) {
                return new Page<>(items, encode(key.apply(items.get(items.size() - 1))));
            }
            items.add(item);
        }
        return new Page<>(items, null);
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error ECS gives for a token it did not issue
        }
        throw EcsException.invalidParameter("Invalid nextToken.");
    }
}
