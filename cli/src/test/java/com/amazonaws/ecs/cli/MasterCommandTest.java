package com.amazonaws.ecs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.ecs.cli.master.MasterCommand;
import com.amazonaws.ecs.mesos.master.EcsMesosMaster;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ecs-mesos master --local} in-process: it serves the V1 API on its own ecs-local until stopped. */
class MasterCommandTest {
    private final CommandLine cmd = EcsMesos.commandLine();
    private final MasterCommand command = cmd.getSubcommands().get("master").getCommand();
    private final HttpClient http = HttpClient.newHttpClient();
    private CompletableFuture<CommandRun> run;

    @AfterEach
    void stop() throws Exception {
        if (run != null) {
            command.stop();
            run.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void localMasterServesFrameworksUntilStopped() throws Exception {
        run = CompletableFuture.supplyAsync(() -> CommandRun.of(cmd, "master", "--local", "--port", "0",
                "--instances", "2", "--time-factor", "100"));
        await().atMost(Duration.ofSeconds(30)).until(() -> command.running() != null || run.isDone());
        assertThat(run).as("ecs-mesos master ended early").isNotDone();
        EcsMesosMaster master = command.running();
        java.net.URI url = master.url();

        HttpResponse<String> version = http.send(HttpRequest.newBuilder(master.url().resolve("/version")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(version.body()).contains("\"version\":\"1.11.0\"");
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(master.url().resolve("/api/v1/scheduler"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"cli\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        InputStream in = stream.body();
        StringBuilder length = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            length.append((char) c);
        }
        assertThat(new String(in.readNBytes(Integer.parseInt(length.toString())), StandardCharsets.UTF_8))
                .startsWith("{\"type\":\"SUBSCRIBED\"");
        in.close();

        command.stop();
        CommandRun done = run.get(30, TimeUnit.SECONDS);
        run = null;
        assertThat(done.exitCode()).isZero();
        assertThat(done.out()).startsWith("Mesos master on ECS serving " + url + " for cluster \"default\" "
                + "of ecs-local at ").contains("POST " + url + "/api/v1/scheduler");
    }

    @Test
    void fargateSubnetsAreOfferedAsOneAgentPerZone() throws Exception {
        run = CompletableFuture.supplyAsync(() -> CommandRun.of(cmd, "master", "--local", "--port", "0",
                "--instances", "0", "--fargate-subnets", "subnet-a,subnet-b", "--fargate-cpus", "8"));
        await().atMost(Duration.ofSeconds(30)).until(() -> command.running() != null || run.isDone());
        assertThat(run).as("ecs-mesos master ended early").isNotDone();
        java.net.URI url = command.running().url();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> slaves = http.send(HttpRequest.newBuilder(url.resolve("/master/slaves")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(slaves.body()).contains("\"hostname\":\"fargate-us-east-1a\"")
                    .contains("\"hostname\":\"fargate-us-east-1b\"");
        });
        command.stop();
        CommandRun done = run.get(30, TimeUnit.SECONDS);
        run = null;
        assertThat(done.out()).contains("Fargate in [subnet-a, subnet-b]");
    }

    @Test
    void badOptionsAreOneLineErrors() {
        CommandRun zk = CommandRun.of("master", "--local", "--port", "0", "--zk", "zk://zk1:2181");
        assertThat(zk.exitCode()).isNotZero();
        assertThat(zk.err()).contains("--zk").contains("needs hosts and a path");
        CommandRun session = CommandRun.of("master", "--local", "--port", "0", "--zk-session-timeout", "5s");
        assertThat(session.exitCode()).isNotZero();
        assertThat(session.err()).contains("--zk-session-timeout").contains("needs --zk");
        CommandRun orphans = CommandRun.of("master", "--local", "--port", "0", "--orphan-sweep-interval", "100ms");
        assertThat(orphans.exitCode()).isNotZero();
        assertThat(orphans.err()).contains("--orphan-sweep-interval").contains("must be 1s or more");
        CommandRun spot = CommandRun.of("master", "--local", "--port", "0", "--fargate-spot");
        assertThat(spot.exitCode()).isNotZero();
        assertThat(spot.err()).contains("--fargate-*").contains("need --fargate-subnets");
        CommandRun credentials = CommandRun.of("master", "--local", "--port", "0", "--credentials", "/no/such/file");
        assertThat(credentials.exitCode()).isNotZero();
        assertThat(credentials.err()).contains("--credentials").contains("/no/such/file");
        CommandRun port = CommandRun.of("master", "--local", "--port", "70000");
        assertThat(port.exitCode()).isNotZero();
        assertThat(port.err()).contains("--port").contains("65535");
        CommandRun level = CommandRun.of("master", "--local", "--port", "0", "--log-level", "LOUD");
        assertThat(level.exitCode()).isNotZero();
        assertThat(level.err()).contains("--log-level").contains("LOUD");
    }
}
