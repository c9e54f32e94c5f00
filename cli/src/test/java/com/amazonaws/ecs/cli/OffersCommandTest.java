package com.amazonaws.ecs.cli;

import static com.amazonaws.ecs.cli.LocalEcs.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ecs-mesos offers} against an ecs-local started by the test: what the driver offers, as text and JSON. */
@Timeout(60)
class OffersCommandTest {
    private final LocalEcs local = new LocalEcs(3);

    @AfterEach
    void close() {
        local.close();
    }

    @Test
    void textHasOneRowPerInstanceWithItsResources() {
        CommandRun run = CommandRun.of(args(new String[] {"offers"}, local.target()));

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().findFirst()).hasValue("3 offers from cluster 'test' in us-east-1 ("
                + local.ecsLocal.endpoint() + ")");
        assertThat(run.out()).containsPattern("(?m)^AGENT +HOSTNAME +CPUS +MEM +DISK +GPUS +PORTS +ZONE +ATTRIBUTES$");
        assertThat(run.out().lines().skip(2)).hasSize(3).allSatisfy(row -> assertThat(row)
                .matches("[0-9a-f]{32}  ip-[0-9-]+\\.ec2\\.internal +2\\.00  4096  10240 +0  31000-32000  us-east-1[abc]  .*")
                .contains("ecs.instance-type=m5.large").doesNotContain("ecs.capability."));
        assertThat(local.ecsLocal.stats().calls()).doesNotContainKeys("StartTask", "RunTask", "StopTask");
    }

    @Test
    void jsonCarriesEveryOfferForScripts() throws Exception {
        local.taskDefinition("sleeper", "sleep", "600");
        // One instance is partly used: its offer shows what is left.
        String arn = local.ecs.listContainerInstances(r -> r.cluster(LocalEcs.CLUSTER)).containerInstanceArns().get(0);
        local.ecs.startTask(r -> r.cluster(LocalEcs.CLUSTER).taskDefinition("sleeper").containerInstances(arn)
                .overrides(o -> o.cpu("512").memory("1024")));

        CommandRun run = CommandRun.of(args(new String[] {"offers", "--json"}, local.target()));

        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("cluster").asText()).isEqualTo("test");
        assertThat(json.path("offers")).hasSize(3);
        String agent = arn.substring(arn.lastIndexOf('/') + 1);
        for (JsonNode offer : json.path("offers")) {
            boolean used = offer.path("agent").asText().equals(agent);
            assertThat(offer.path("cpus").asDouble()).isEqualTo(used ? 1.5 : 2.0);
            assertThat(offer.path("mem").asDouble()).isEqualTo(used ? 3072 : 4096);
            assertThat(offer.path("disk").asDouble()).isEqualTo(10240);
            assertThat(offer.path("ports").get(0).path("begin").asLong()).isEqualTo(31000);
            assertThat(offer.path("hostname").asText()).endsWith(".ec2.internal");
            assertThat(offer.path("zone").asText()).startsWith("us-east-1");
            assertThat(offer.path("attributes").path("ecs.instance-type").asText()).isEqualTo("m5.large");
        }
    }

    @Test
    void anUnknownClusterIsOneLine() {
        CommandRun run = CommandRun.of("offers", "--endpoint", local.ecsLocal.endpoint().toString(), "--region",
                "us-east-1", "--cluster", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("ecs-mesos offers: ECS cluster 'nope' in us-east-1");
    }

    @Test
    void anUnreachableEndpointIsOneLine() {
        CommandRun run = CommandRun.of("offers", "--endpoint", "http://127.0.0.1:9", "--region", "us-east-1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("ecs-mesos offers: cannot reach ECS for cluster 'default' in us-east-1 (http://127.0.0.1:9)");
    }
}
