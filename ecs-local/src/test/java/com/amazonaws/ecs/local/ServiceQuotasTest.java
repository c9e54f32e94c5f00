package com.amazonaws.ecs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Service Quotas' GetServiceQuota for the Fargate vCPU quotas ecs-local enforces, beside ECS on its endpoint. */
class ServiceQuotasTest extends EcsLocalTestBase {

    @Override
    protected EcsLocal.Builder configure(EcsLocal.Builder builder) {
        return super.configure(builder).fargate(FargateOptions.defaults().withVcpuQuotas(40, 12));
    }

    private HttpResponse<String> get(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ecsLocal.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "ServiceQuotasV20190624.GetServiceQuota")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFargateVcpuQuotasAreServed() throws Exception {
        HttpResponse<String> onDemand = get("{\"ServiceCode\":\"fargate\",\"QuotaCode\":\"L-3032A538\"}");
        assertThat(onDemand.statusCode()).isEqualTo(200);
        assertThat(onDemand.body()).contains("\"Value\":40.0").contains("Fargate On-Demand vCPU resource count");
        assertThat(get("{\"ServiceCode\":\"fargate\",\"QuotaCode\":\"L-36FBB829\"}").body()).contains("\"Value\":12.0");
        assertThat(ecsLocal.stats().calls()).containsEntry("GetServiceQuota", 2L);
    }

    @Test
    void anyOtherQuotaDoesNotExist() throws Exception {
        HttpResponse<String> other = get("{\"ServiceCode\":\"ec2\",\"QuotaCode\":\"L-1216C47A\"}");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).contains("NoSuchResourceException");
    }
}
