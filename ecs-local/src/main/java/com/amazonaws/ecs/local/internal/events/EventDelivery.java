package com.amazonaws.ecs.local.internal.events;

import com.amazonaws.ecs.local.internal.limits.FaultRule;
import com.amazonaws.ecs.local.internal.limits.Faults;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Delivers ECS events to the SQS queues of the rules they match, on one thread, in the order they were
 * emitted, with SendMessageBatch. Emitting only queues the event, so no ECS request ever waits for SQS.
 * Event faults are applied here, in emission order: drop, duplicate, delay (real time) and reorder (the
 * event is held back and sent right after the next one, or after {@link #HOLD_LIMIT_NANOS} if none comes).
 * A queue that does not exist or refuses a message costs that delivery, counted and logged once per queue.
 *
 * <p>Like SQS standard queues, ElasticMQ keeps messages in the order of the millisecond they arrived in, and
 * in no particular order within one millisecond: the messages of one SendMessageBatch may be received in any
 * order. Consecutive calls are therefore made in different milliseconds, and an event that a fault moved
 * (delayed or reordered) goes out in a call of its own, so that what a fault did can be seen in the queue.
 */
final class EventDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);
    static final long HOLD_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** SQS's limits of one SendMessageBatch: 10 entries and 256 KiB in all. */
    private static final int BATCH_ENTRIES = 10;
    private static final int BATCH_BYTES = 256 * 1024;

    private record Delayed(long dueNanos, long seq, EcsEvent event) {
    }

    private final BlockingQueue<EcsEvent> outbox = new LinkedBlockingQueue<>();
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private final EventBus bus;
    private final Faults faults;
    private final SqsClient sqs;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, String> queueUrls = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong droppedByFault = new AtomicLong();
    private final AtomicLong undeliverable = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    private EcsEvent held;
    private long heldSinceNanos;
    private long delayedSeq;
    private long lastCallMillis;

    EventDelivery(EventBus bus, Faults faults, SqsClient sqs, String name) {
        this.bus = bus;
        this.faults = faults;
        this.sqs = sqs;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an event for delivery; never blocks. */
    void submit(EcsEvent event) {
        emitted.incrementAndGet();
        outbox.add(event);
    }

    long emitted() {
        return emitted.get();
    }

    long delivered() {
        return delivered.get();
    }

    long droppedByFault() {
        return droppedByFault.get();
    }

    long undeliverable() {
        return undeliverable.get();
    }

    private void run() {
        List<EcsEvent> batch = new ArrayList<>();
        while (!(closing && outbox.isEmpty())) {
            try {
                EcsEvent first = outbox.poll(waitMillis(), TimeUnit.MILLISECONDS);
                Segments ready = new Segments();
                if (first != null) {
                    batch.clear();
                    batch.add(first);
                    outbox.drainTo(batch, 999);
                    batch.forEach(e -> admit(e, ready));
                }
                releaseDue(ready);
                ready.list.forEach(this::deliver);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Delivery must outlive any surprise: the cluster goes on emitting.
                LOG.warn("ecs-local could not deliver ECS events: {}", e.toString());
            }
        }
        if (held != null) {
            deliver(List.of(held));
        }
    }

    /** Events ready to go, in runs that each go out in their own SendMessageBatch calls, in order. */
    private static final class Segments {
        final List<List<EcsEvent>> list = new ArrayList<>();

        void add(EcsEvent e) {
            if (list.isEmpty()) {
                list.add(new ArrayList<>());
            }
            list.get(list.size() - 1).add(e);
        }

        /** {@code e} alone, after everything before it, before everything after it. */
        void addAlone(EcsEvent e) {
            list.add(new ArrayList<>(List.of(e)));
            list.add(new ArrayList<>());
        }
    }

    private long waitMillis() {
        long wait = 50;
        long now = System.nanoTime();
        if (!delayed.isEmpty()) {
            wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(delayed.peek().dueNanos - now));
        }
        if (held != null) {
            wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(heldSinceNanos + HOLD_LIMIT_NANOS - now));
        }
        return Math.max(1, wait);
    }

    /** Applies the event's faults and adds what is to go out now to {@code ready}. */
    private void admit(EcsEvent e, Segments ready) {
        Faults.Decision d = faults.decideEvent(e.resource().faultName);
        if (d.failure() == FaultRule.Kind.EVENT_DROP) {
            droppedByFault.incrementAndGet();
            return;
        }
        int copies = d.failure() == FaultRule.Kind.EVENT_DUPLICATE ? 2 : 1;
        if (d.delayMillis() > 0) {
            long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(d.delayMillis());
            for (int i = 0; i < copies; i++) {
                delayed.add(new Delayed(due, delayedSeq++, e));
            }
            return;
        }
        if (d.failure() == FaultRule.Kind.EVENT_REORDER) {
            if (held != null) {
                ready.addAlone(held);
            }
            held = e;
            heldSinceNanos = System.nanoTime();
            return;
        }
        for (int i = 0; i < copies; i++) {
            ready.add(e);
        }
        if (held != null) {
            ready.addAlone(held);
            held = null;
        }
    }

    private void releaseDue(Segments ready) {
        long now = System.nanoTime();
        while (!delayed.isEmpty() && delayed.peek().dueNanos - now <= 0) {
            ready.addAlone(delayed.poll().event());
        }
        if (held != null && now - heldSinceNanos >= HOLD_LIMIT_NANOS) {
            ready.addAlone(held);
            held = null;
        }
    }

    /** Sends each event to the queues of every rule it matches, in order, batched per queue. */
    private void deliver(List<EcsEvent> ready) {
        if (ready.isEmpty()) {
            return;
        }
        List<EventBus.Route> routes = bus.routes();
        Map<String, List<String>> perQueue = new LinkedHashMap<>();
        Map<EcsEvent, String> bodies = new IdentityHashMap<>();
        for (EcsEvent e : ready) {
            for (EventBus.Route route : routes) {
                if (route.pattern().matches(e.envelope())) {
                    String body = bodies.computeIfAbsent(e, this::json);
                    for (String queue : route.queueNames()) {
                        perQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(body);
                    }
                }
            }
        }
        perQueue.forEach(this::send);
    }

    private String json(EcsEvent e) {
        try {
            return mapper.writeValueAsString(e.envelope());
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void send(String queue, List<String> bodies) {
        int sent = 0;
        try {
            String url = queueUrl(queue);
            while (sent < bodies.size()) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                int bytes = 0;
                while (sent + entries.size() < bodies.size() && entries.size() < BATCH_ENTRIES) {
                    String body = bodies.get(sent + entries.size());
                    int size = body.getBytes(StandardCharsets.UTF_8).length;
                    if (!entries.isEmpty() && bytes + size > BATCH_BYTES) {
                        break;
                    }
                    bytes += size;
                    entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(entries.size()))
                            .messageBody(body).build());
                }
                awaitNextMillisecond();
                SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
                lastCallMillis = System.currentTimeMillis();
                sent += entries.size();
                delivered.addAndGet(r.successful().size());
                if (!r.failed().isEmpty()) {
                    undeliverable.addAndGet(r.failed().size());
                    warnOnce(queue, "refused " + r.failed().size() + " events: " + r.failed().get(0).message());
                } else {
                    warned.remove(queue);
                }
            }
        } catch (QueueDoesNotExistException e) {
            queueUrls.remove(queue);
            undeliverable.addAndGet(bodies.size() - sent);
            warnOnce(queue, "does not exist on the SQS endpoint; its events are lost until it is created");
        } catch (SdkException e) {
            queueUrls.remove(queue);
            undeliverable.addAndGet(bodies.size() - sent);
            warnOnce(queue, "cannot be reached: " + e.getMessage());
        }
    }

    /** So that the queue orders this call's messages after the last call's (see the class comment). */
    private void awaitNextMillisecond() {
        while (System.currentTimeMillis() <= lastCallMillis) {
            LockSupport.parkNanos(100_000);
        }
    }

    private String queueUrl(String queue) {
        // By name: the target ARN's region and account need not be the SQS endpoint's (ElasticMQ has its own).
        String url = queueUrls.get(queue);
        if (url == null) {
            url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            queueUrls.put(queue, url);
        }
        return url;
    }

    private void warnOnce(String queue, String problem) {
        if (warned.add(queue)) {
            LOG.warn("ECS events for SQS queue {}: the queue {}", queue, problem);
        }
    }

    /** Delivers what is queued (events held back by faults included, delayed ones not yet due are lost). */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
