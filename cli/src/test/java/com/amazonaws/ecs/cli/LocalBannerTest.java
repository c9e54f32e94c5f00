package com.amazonaws.ecs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LocalBannerTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:5055");

    @Test
    void defaultsPrintTheEndpointAndTheLinesToPasteIntoAShell() {
        String text = new LocalBanner(ENDPOINT, "us-east-1", "default", 3, 2048, 4096, 1, false, "", 0).text();

        assertThat(text).isEqualTo("""
                ecs-local is serving Amazon ECS at http://127.0.0.1:5055 (cluster "default", 3 container \
                instances of 2048 CPU units / 4096 MiB)
                  export AWS_ECS_ENDPOINT=http://127.0.0.1:5055
                  export AWS_ECS_CLUSTER=default
                  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 \
                AWS_DEFAULT_REGION=us-east-1
                  aws ecs list-container-instances --endpoint-url http://127.0.0.1:5055 --cluster default
                Control: POST http://127.0.0.1:5055/_ecs-local/... (see README). Press Ctrl-C to stop.
                """);
    }

    @Test
    void settingsThatDifferFromTheDefaultsGetALine() {
        String text = new LocalBanner(ENDPOINT, "us-east-1", "blue", 1, 1024, 2048, 60, true,
                "throttle:StartTask:0.2", 25).text();

        assertThat(text)
                .contains("(cluster \"blue\", 1 container instance of 1024 CPU units / 2048 MiB)")
                .contains("Settings: time factor 60, ECS rate limits, faults throttle:StartTask:0.2, API latency 25 ms\n")
                .contains("  export AWS_ECS_CLUSTER=blue\n");
    }

    @Test
    void aFractionalTimeFactorIsShownAsIs() {
        String text = new LocalBanner(ENDPOINT, "us-east-1", "default", 3, 2048, 4096, 0.5, false, "", 0).text();

        assertThat(text).contains("Settings: time factor 0.5\n");
    }
}
