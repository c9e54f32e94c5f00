package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;

/** The HTTP control endpoint that tools outside the JVM use to drive ecs-local. */
class ControlEndpointTest extends EcsLocalTestBase {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ecsLocal.endpoint() + "/_ecs-local/" + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ContainerInstance describe(String arn) {
        return ecs.describeContainerInstances(d -> d.containerInstances(arn)).containerInstances().get(0);
    }

    @Test
    void addsInstancesAndDrivesTheirAgents() throws Exception {
        HttpResponse<String> added = post("instances/add",
                "{\"count\":2,\"cpu\":1024,\"memory\":2048,\"zone\":\"us-east-1c\",\"attributes\":{\"stack\":\"blue\"}}");
        assertThat(added.statusCode()).isEqualTo(200);
        JsonNode arns = mapper.readTree(added.body()).get("containerInstanceArns");
        assertThat(arns).hasSize(2);
        String arn = arns.get(0).asText();
        ContainerInstance ci = describe(arn);
        assertThat(ci.registeredResources().get(0).integerValue()).isEqualTo(1024);
        assertThat(ci.attributes()).anyMatch(a -> a.name().equals("stack") && a.value().equals("blue"));
        assertThat(ci.attributes()).anyMatch(a -> a.name().equals("ecs.availability-zone")
                && a.value().equals("us-east-1c"));

        assertThat(post("instances/disconnect", "{\"instance\":\"" + arn + "\"}").statusCode()).isEqualTo(200);
        assertThat(describe(arn).agentConnected()).isFalse();
        assertThat(post("instances/reconnect", "{\"instance\":\"" + arn + "\"}").statusCode()).isEqualTo(200);
        assertThat(describe(arn).agentConnected()).isTrue();
        assertThat(post("instances/terminate", "{\"cluster\":\"default\",\"instance\":\"" + arn + "\"}")
                .statusCode()).isEqualTo(200);
        assertThat(describe(arn).status()).isEqualTo("INACTIVE");
        String other = arns.get(1).asText();
        assertThat(post("instances/remove", "{\"instance\":\"" + other + "\"}").statusCode()).isEqualTo(200);
        assertThat(describe(other).status()).isEqualTo("INACTIVE");
    }

    @Test
    void setsTimeFactorAndFaultsAndReportsStats() throws Exception {
        HttpResponse<String> tf = post("time-factor", "{\"factor\":60}");
        assertThat(mapper.readTree(tf.body()).get("timeFactor").asDouble()).isEqualTo(60);
        assertThat(ecsLocal.timeFactor()).isEqualTo(60);

        HttpResponse<String> faults = post("faults", "{\"spec\":\"throttle:ListClusters:x1\"}");
        assertThat(mapper.readTree(faults.body()).get("faults").get(0).asText()).isEqualTo("throttle:ListClusters:x1");
        ecsLocal.createCluster("default");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ecs.listClusters())
                .hasMessageContaining("Rate exceeded");
        post("faults/clear", "{}");
        assertThat(ecsLocal.faults()).isEmpty();

        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(
                URI.create(ecsLocal.endpoint() + "/_ecs-local/stats")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode s = mapper.readTree(stats.body());
        assertThat(s.get("calls").get("ListClusters").asLong()).isEqualTo(1);
        assertThat(s.get("throttled").asLong()).isEqualTo(1);
    }

    @Test
    void badControlRequestsGet400WithAReason() throws Exception {
        assertThat(post("instances/disconnect", "{}").body()).contains("instance (container instance ID or ARN)");
        assertThat(post("instances/disconnect", "{}").statusCode()).isEqualTo(400);
        assertThat(post("time-factor", "{\"factor\":0}").statusCode()).isEqualTo(400);
        assertThat(post("time-factor", "{\"factor\":\"fast\"}").statusCode()).isEqualTo(400);
        assertThat(post("faults", "{\"spec\":\"boom:*:x1\"}").body()).contains("unknown fault kind");
        assertThat(post("nonsense", "{}").statusCode()).isEqualTo(400);
        assertThat(post("instances/add", "not json").statusCode()).isEqualTo(400);
        assertThat(post("instances/add", "{\"cpu\":-1}").statusCode()).isEqualTo(400);
        assertThat(post("instances/terminate", "{\"instance\":\"nope\"}").body()).contains("no container instance");
    }

    @Test
    void interruptsAFargateSpotTask() throws Exception {
        ecsLocal.createCluster("default");
        ecs.registerTaskDefinition(r -> r.family("spot").networkMode("awsvpc").requiresCompatibilitiesWithStrings(
                "FARGATE").cpu("256").memory("512").containerDefinitions(c -> c.name("c").image("i")));
        String arn = ecs.runTask(r -> r.taskDefinition("spot").capacityProviderStrategy(p -> p
                .capacityProvider("FARGATE_SPOT").weight(1))
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))).tasks().get(0)
                .taskArn();
        HttpResponse<String> interrupted = post("tasks/interrupt-spot", "{\"task\":\"" + arn + "\"}");
        assertThat(interrupted.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(interrupted.body()).get("interrupted").asBoolean()).isTrue();
        var task = ecs.describeTasks(d -> d.tasks(arn)).tasks().get(0);
        assertThat(task.desiredStatus()).isEqualTo("STOPPED");
        assertThat(task.stopCodeAsString()).isEqualTo("SpotInterruption");
        assertThat(post("tasks/interrupt-spot", "{\"task\":\"nope\"}").statusCode()).isEqualTo(400);
    }
}
