package com.amazonaws.ecs.local.internal.http;

import com.amazonaws.ecs.local.internal.api.EcsApi;
import com.amazonaws.ecs.local.internal.state.EcsState;
import com.amazonaws.ecs.local.internal.state.FargateCapacity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Service Quotas' {@code GetServiceQuota} (AWS JSON 1.1, {@code X-Amz-Target: ServiceQuotasV20190624.*}) for the
 * two quotas ecs-local enforces: "Fargate On-Demand vCPU resource count" ({@code fargate} / {@value #ON_DEMAND})
 * and "Fargate Spot vCPU resource count" ({@value #SPOT}). Any other quota is {@code NoSuchResourceException}.
 */
public final class ServiceQuotasApi {
    public static final String TARGET_PREFIX = "ServiceQuotasV20190624.";
    public static final String ON_DEMAND = "L-3032A538";
    public static final String SPOT = "L-36FBB829";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EcsState state;

    public ServiceQuotasApi(EcsState state) {
        this.state = state;
    }

    public EcsApi.Answer invoke(String op, byte[] body) {
        if (!"GetServiceQuota".equals(op)) {
            return error(400, "UnknownOperationException", "ecs-local serves GetServiceQuota only, not " + op);
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            return error(400, "SerializationException", "The request body is not JSON");
        }
        String service = request.path("ServiceCode").asText("");
        String code = request.path("QuotaCode").asText("");
        if (!"fargate".equals(service) || !(ON_DEMAND.equals(code) || SPOT.equals(code))) {
            return error(400, "NoSuchResourceException", "The request failed because the specified service quota "
                    + "does not exist (" + service + "/" + code + ")");
        }
        boolean spot = SPOT.equals(code);
        int value;
        synchronized (state) {
            value = state.fargate().quotaVcpu(spot ? FargateCapacity.FARGATE_SPOT : FargateCapacity.FARGATE);
        }
        ObjectNode quota = JSON.createObjectNode();
        quota.putObject("Quota")
                .put("ServiceCode", "fargate")
                .put("ServiceName", "AWS Fargate")
                .put("QuotaArn", "arn:aws:servicequotas:" + state.arns().region() + ":" + state.arns().account()
                        + ":fargate/" + code)
                .put("QuotaCode", code)
                .put("QuotaName", spot ? "Fargate Spot vCPU resource count" : "Fargate On-Demand vCPU resource count")
                .put("Value", (double) value)
                .put("Unit", "None")
                .put("Adjustable", true)
                .put("GlobalQuota", false);
        return new EcsApi.Answer(200, quota.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static EcsApi.Answer error(int status, String type, String message) {
        ObjectNode e = JSON.createObjectNode().put("__type", type).put("message", message);
        return new EcsApi.Answer(status, e.toString().getBytes(StandardCharsets.UTF_8));
    }
}
