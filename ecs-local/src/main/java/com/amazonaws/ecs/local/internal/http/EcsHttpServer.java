package com.amazonaws.ecs.local.internal.http;

import com.amazonaws.ecs.local.CallListener;
import com.amazonaws.ecs.local.internal.api.EcsApi;
import com.amazonaws.ecs.local.internal.api.EcsException;
import com.amazonaws.ecs.local.internal.events.EventBridgeApi;
import com.amazonaws.ecs.local.internal.limits.FaultRule;
import com.amazonaws.ecs.local.internal.limits.Faults;
import com.amazonaws.ecs.local.internal.limits.RateLimits;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of ecs-local: ECS's AWS JSON 1.1 protocol ({@code X-Amz-Target}), EventBridge's rule API
 * (the same protocol, {@code AWSEvents.*}), Service Quotas' GetServiceQuota for Fargate's vCPU quotas
 * ({@code ServiceQuotasV20190624.*}), EC2's query protocol for DescribeInstances, and the control
 * endpoint under {@code /_ecs-local/}. Applies the configured API latency, ECS's rate limits and injected
 * faults before an ECS operation runs (EventBridge calls get none of these and are not counted).
 * Signatures are never checked: any SigV4 Authorization is accepted.
 */
public final class EcsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EcsHttpServer.class);
    private static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    private static final String JSON_11 = "application/x-amz-json-1.1";

    static {
        // The JDK server writes headers and body in separate packets; with Nagle's algorithm on,
        // the body then waits for the client's delayed ACK (~40 ms per call). Read once, at the
        // first server start in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final EcsApi api;
    private final Ec2Query ec2;
    private final ServiceQuotasApi quotas;
    private final RateLimits limits;
    private final Faults faults;
    private final CallStats stats;
    private final CallListener calls;
    private final EventBridgeApi events;
    private volatile long apiLatencyMillis;

    public EcsHttpServer(InetSocketAddress address, EcsApi api, Ec2Query ec2, RateLimits limits, Faults faults,
            CallStats stats, CallListener calls, long apiLatencyMillis, HttpHandler control, int threads,
            EventBridgeApi events) throws IOException {
        this.calls = calls;
        this.events = events;
        this.api = api;
        this.ec2 = ec2;
        this.quotas = new ServiceQuotasApi(ec2.state());
        this.limits = limits;
        this.faults = faults;
        this.stats = stats;
        this.apiLatencyMillis = apiLatencyMillis;
        this.server = HttpServer.create(address, 1024);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "ecs-local-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.createContext("/_ecs-local/", control);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void setApiLatencyMillis(long millis) {
        this.apiLatencyMillis = millis;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readAll(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null && target.startsWith(ServiceQuotasApi.TARGET_PREFIX)) {
                stats.call("GetServiceQuota");
                EcsApi.Answer answer = quotas.invoke(target.substring(ServiceQuotasApi.TARGET_PREFIX.length()), body);
                send(exchange, answer.status(), JSON_11, answer.body());
                return;
            }
            if (target != null && target.startsWith(EventBridgeApi.TARGET_PREFIX)) {
                EcsApi.Answer answer = events.invoke(target.substring(EventBridgeApi.TARGET_PREFIX.length()), body);
                send(exchange, answer.status(), JSON_11, answer.body());
                return;
            }
            if (target != null) {
                handleEcs(exchange, target, body);
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if ("POST".equals(exchange.getRequestMethod()) && contentType != null
                    && contentType.startsWith("application/x-www-form-urlencoded")) {
                Ec2Query.Answer answer = ec2.handle(Ec2Query.parseForm(new String(body, StandardCharsets.UTF_8)));
                send(exchange, answer.status(), "text/xml;charset=UTF-8", answer.xml().getBytes(StandardCharsets.UTF_8));
                return;
            }
            EcsApi.Answer answer = api.error(new EcsException("UnknownOperationException", 400,
                    "ecs-local expects an ECS request (POST with X-Amz-Target: " + TARGET_PREFIX
                            + "<Operation>) or an EC2 DescribeInstances query."));
            send(exchange, answer.status(), JSON_11, answer.body());
        } catch (IOException | RuntimeException e) {
            LOG.debug("request failed: {}", e.toString());
        }
    }

    private void handleEcs(HttpExchange exchange, String target, byte[] body) throws IOException {
        String action = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
        EcsApi.Answer answer;
        if (action == null || !api.knows(action)) {
            // Unknown names are not counted one by one: a client sending garbage must not grow the stats.
            stats.call("(unknown)");
            answer = api.error(new EcsException("UnknownOperationException", 400, "Unknown operation "
                    + (action == null ? target : action) + "."));
        } else if (!"POST".equals(exchange.getRequestMethod())) {
            stats.call(action);
            answer = api.error(new EcsException("UnknownOperationException", 400, "ECS operations are POST requests, "
                    + "not " + exchange.getRequestMethod() + "."));
        } else {
            stats.call(action);
            answer = answerKnown(action, body);
            if (answer == null) {
                // The work is done but the client never hears of it: closing without a response
                // makes the JDK server drop the connection.
                stats.dropped();
                return;
            }
        }
        send(exchange, answer.status(), JSON_11, answer.body());
    }

    /** Latency, rate limits and faults, then the operation; null when the connection is to be dropped. */
    private EcsApi.Answer answerKnown(String action, byte[] body) {
        Faults.Decision fault = faults.decide(action);
        sleep(apiLatencyMillis + fault.delayMillis());
        if (!limits.admit(action) || fault.failure() == FaultRule.Kind.THROTTLE) {
            stats.throttled();
            return api.error(EcsException.throttling());
        }
        if (fault.failure() == FaultRule.Kind.SERVER_ERROR) {
            stats.serverError();
            return api.error(EcsException.server("Service Unavailable (injected by ecs-local)."));
        }
        if (fault.failure() == FaultRule.Kind.ACCESS_DENIED) {
            return api.error(EcsException.accessDenied(action));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        calls.before(action, text);
        EcsApi.Answer answer = api.invoke(action, body);
        calls.after(action, text);
        if (throttled(answer)) {
            // Fargate's launch limits are applied inside RunTask, where the launch type is known.
            stats.throttled();
        }
        if (fault.failure() == FaultRule.Kind.SERVER_ERROR_AFTER) {
            stats.serverError();
            return api.error(EcsException.server("Service Unavailable (injected by ecs-local, after the work was done)."));
        }
        return fault.failure() == FaultRule.Kind.DROP ? null : answer;
    }

    private static final byte[] THROTTLED = "{\"__type\":\"ThrottlingException\"".getBytes(StandardCharsets.UTF_8);

    private static boolean throttled(EcsApi.Answer answer) {
        byte[] b = answer.body();
        return answer.status() == 400 && b.length >= THROTTLED.length
                && java.util.Arrays.equals(b, 0, THROTTLED.length, THROTTLED, 0, THROTTLED.length);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
