package com.amazonaws.ecs.cli.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.ecs.cli.EcsMesos;
import com.amazonaws.ecs.cli.LocalCommand;
import com.amazonaws.ecs.local.EcsLocal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code ecs-mesos local --events} and {@code --sqs-endpoint}, run in-process as the command line does. */
@Timeout(60)
class EventsLocalOptionsTest {
    private final CommandLine cmd = EcsMesos.commandLine();
    private final LocalCommand local = cmd.getSubcommands().get("local").getCommand();
    private CompletableFuture<EventsCommandRun> run;

    @AfterEach
    void stopLocal() throws Exception {
        if (run != null) {
            local.stop();
            run.get(20, TimeUnit.SECONDS);
        }
    }

    private EcsLocal startInBackground(String... args) {
        run = CompletableFuture.supplyAsync(() -> EventsCommandRun.of(cmd, args));
        await().atMost(Duration.ofSeconds(30)).until(() -> local.running() != null || run.isDone());
        assertThat(run).as("ecs-mesos local ended early").isNotDone();
        return local.running();
    }

    @Test
    void eventsStartAnSqsEndpointThatIsPrinted() throws Exception {
        EcsLocal ecsLocal = startInBackground("local", "--port", "0", "--instances", "1", "--events");
        assertThat(ecsLocal.sqsEndpoint()).isNotNull();

        local.stop();
        EventsCommandRun done = run.get(20, TimeUnit.SECONDS);
        run = null;
        assertThat(done.exitCode()).isZero();
        assertThat(done.out()).contains("Events: EventBridge rules at " + ecsLocal.endpoint() + ", delivered to SQS at "
                + ecsLocal.sqsEndpoint()).contains("  export AWS_ENDPOINT_URL_SQS=" + ecsLocal.sqsEndpoint());
    }

    @Test
    void anSqsEndpointIsUsedInsteadOfAnEmbeddedOne() {
        try (EcsLocal other = EcsLocal.builder().events(true).build()) {
            EcsLocal ecsLocal = startInBackground("local", "--port", "0", "--instances", "0", "--sqs-endpoint",
                    other.sqsEndpoint().toString());
            assertThat(ecsLocal.sqsEndpoint()).isEqualTo(other.sqsEndpoint());
        }
    }

    @Test
    void withoutEventsNothingIsPrintedAboutThem() throws Exception {
        EcsLocal ecsLocal = startInBackground("local", "--port", "0", "--instances", "0");
        assertThat(ecsLocal.sqsEndpoint()).isNull();
        local.stop();
        assertThat(run.get(20, TimeUnit.SECONDS).out()).doesNotContain("Events:");
        run = null;
    }

    @Test
    void aBadSqsEndpointIsAUsageError() {
        EventsCommandRun bad = EventsCommandRun.of("local", "--port", "0", "--sqs-endpoint", "nowhere");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--sqs-endpoint").contains("'nowhere'");
    }
}
