package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The AWS JSON 1.1 protocol as seen without the SDK: raw bodies, headers and HTTP statuses. */
class WireProtocolTest extends EcsLocalTestBase {
    private static final String TARGET = "AmazonEC2ContainerServiceV20141113.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, String contentType, JsonNode body) {
        String type() {
            return body.path("__type").asText();
        }
    }

    @Test
    void aValidCallIsAnsweredWithJson11AndAnyAuthorizationIsAccepted() throws Exception {
        Reply r = post("CreateCluster", "{\"clusterName\":\"wire\"}",
                "AWS4-HMAC-SHA256 Credential=WHOEVER/20990101/us-east-1/ecs/aws4_request, "
                        + "SignedHeaders=host, Signature=deadbeef");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/x-amz-json-1.1");
        assertThat(r.body().path("cluster").path("clusterName").asText()).isEqualTo("wire");
        assertThat(post("ListClusters", "{}", null).status()).as("no Authorization at all").isEqualTo(200);
    }

    @Test
    void timestampsAreEpochSecondsAsNumbers() throws Exception {
        ecsLocal.addInstances("default", 1, 1024, 2048);
        String arn = post("ListContainerInstances", "{}", null).body().path("containerInstanceArns").get(0).asText();

        JsonNode registeredAt = post("DescribeContainerInstances", "{\"containerInstances\":[\"" + arn + "\"]}", null)
                .body().path("containerInstances").get(0).path("registeredAt");

        assertThat(registeredAt.isNumber()).isTrue();
        assertThat(registeredAt.asDouble()).isBetween(System.currentTimeMillis() / 1000.0 - 600,
                System.currentTimeMillis() / 1000.0 + 600);
    }

    /** Bad input, each with the error ECS answers: always a 400 with __type and message, never a 500. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "CreateCluster               | {\"clusterName\": | SerializationException",
            "CreateCluster               | not json at all   | SerializationException",
            "CreateCluster               | [1,2,3]           | SerializationException",
            "CreateCluster               | {} {}             | SerializationException",
            "RunTask                     | {\"taskDefinition\":\"x\",\"count\":\"ten\"} | SerializationException",
            "DescribeContainerInstances  | {\"containerInstances\":\"x\"} | SerializationException",
            "CreateCluster               | {\"clusterName\":42} | SerializationException",
            "ListClusters                | {\"maxResults\":2.5} | SerializationException",
            "ListClusters                | {\"maxResults\":4294967297} | SerializationException",
            "PutAttributes               | {\"attributes\":[{\"name\":{}}]} | SerializationException",
            "DescribeContainerInstances  | {}                | InvalidParameterException",
            "DescribeTaskDefinition      | {}                | InvalidParameterException",
            "DescribeTaskDefinition      | {\"taskDefinition\":null} | InvalidParameterException",
            "RegisterTaskDefinition      | {\"family\":\"f\"} | InvalidParameterException",
            "PutAttributes               | {\"attributes\":[{\"value\":\"v\"}]} | InvalidParameterException",
            "TagResource                 | {\"resourceArn\":\"x\"} | InvalidParameterException",
            "ListContainerInstances      | {\"status\":\"SLEEPING\"} | InvalidParameterException",
            "ListClusters                | {\"nextToken\":\"bm9wZQ\"} | InvalidParameterException",
            "DescribeTaskDefinition      | {\"taskDefinition\":\"nope\"} | ClientException",
            "ListContainerInstances      | {\"cluster\":\"nope\"} | ClusterNotFoundException",
            "DeleteCluster               | {\"cluster\":\"\"} | InvalidParameterException",
            "DescribeClusters            | {\"clusters\":[null]} | InvalidParameterException",
            "CreateService               | {}                | UnknownOperationException",
            "NoSuchThing                 | {}                | UnknownOperationException"})
    void badInputGetsEcsErrorNotACrash(String operation, String body, String type) throws Exception {
        Reply r = post(operation, body, null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).isEqualTo("application/x-amz-json-1.1");
        assertThat(r.type()).isEqualTo(type);
        assertThat(r.body().path("message").asText()).isNotBlank();
    }

    @Test
    void anEmptyBodyIsAnEmptyRequest() throws Exception {
        ecs.createCluster(r -> {});

        Reply r = post("DescribeClusters", "", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("clusters").get(0).path("clusterName").asText()).isEqualTo("default");
    }

    @Test
    void aTargetOfAnotherServiceIsAnUnknownOperation() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(ecsLocal.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("__type").asText()).isEqualTo("UnknownOperationException");
    }

    @Test
    void aGetIsAnsweredWithAClearErrorAndTheEndpointKeepsServing() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(ecsLocal.endpoint().resolve("/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("__type").asText()).isNotBlank();
        assertThat(body.path("message").asText()).contains("X-Amz-Target");
        assertThat(post("ListClusters", "{}", null).status()).isEqualTo(200);
    }

    private Reply post(String operation, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ecsLocal.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", TARGET + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }
}
