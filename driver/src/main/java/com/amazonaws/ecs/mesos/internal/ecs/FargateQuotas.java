package com.amazonaws.ecs.mesos.internal.ecs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The account's Fargate vCPU quota from Service Quotas ({@code GetServiceQuota}, service {@code fargate}, quota
 * {@value #ON_DEMAND} "Fargate On-Demand vCPU resource count" or {@value #SPOT} for Spot): the default ceiling of
 * the Fargate agents.
 *
 * <p>Why by hand: the SDK's Service Quotas module is not among the driver's dependencies (nor served where this
 * is built); one signed JSON 1.1 call with the SDK's own SigV4 signer and the ECS client's credentials is all it
 * takes. Blocks: call it on an I/O thread.
 */
public final class FargateQuotas {
  public static final String ON_DEMAND = "L-3032A538";
  public static final String SPOT = "L-36FBB829";
  static final String TARGET = "ServiceQuotasV20190624.GetServiceQuota";

  private FargateQuotas() {}

  /** Service Quotas' endpoint: the given one (ecs-local serves it beside ECS), else the region's. */
  public static URI endpoint(URI override, String region) {
    if (override != null) {
      return override;
    }
    return URI.create("https://servicequotas." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn"
        : ".amazonaws.com"));
  }

  /**
   * The quota in vCPUs.
   *
   * @throws IOException when it cannot be read (no permission, no answer, an answer without a value)
   */
  public static int read(IdentityProvider<? extends AwsCredentialsIdentity> credentials, String region, URI endpoint,
      boolean spot, Duration timeout) throws IOException {
    byte[] body = ("{\"ServiceCode\":\"fargate\",\"QuotaCode\":\"" + (spot ? SPOT : ON_DEMAND) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(endpoint)
        .encodedPath("/")
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", TARGET)
        .build();
    AwsCredentialsIdentity identity;
    try {
      identity = credentials.resolveIdentity().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IOException("no credentials: " + e, e);
    }
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(identity)
        .request(request)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "servicequotas")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    SdkHttpRequest sent = signed.request();
    HttpURLConnection c = (HttpURLConnection) sent.getUri().toURL().openConnection();
    try {
      c.setRequestMethod("POST");
      c.setConnectTimeout((int) timeout.toMillis());
      c.setReadTimeout((int) timeout.toMillis());
      c.setDoOutput(true);
      for (Map.Entry<String, List<String>> h : sent.headers().entrySet()) {
        if (!"Host".equalsIgnoreCase(h.getKey())) { // HttpURLConnection sets Host itself, to the same value
          c.setRequestProperty(h.getKey(), String.join(",", h.getValue()));
        }
      }
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      String answer = readAll(status >= 400 ? c.getErrorStream() : c.getInputStream());
      if (status != 200) {
        throw new IOException("GetServiceQuota answered HTTP " + status + ": " + cut(answer));
      }
      JsonNode value = JsonNode.parser().parse(answer).field("Quota").flatMap(q -> q.field("Value")).orElse(null);
      if (value == null || !value.isNumber()) {
        throw new IOException("GetServiceQuota answered without a value: " + cut(answer));
      }
      return (int) Math.floor(Double.parseDouble(value.asNumber()));
    } finally {
      c.disconnect();
    }
  }

  private static String readAll(InputStream in) throws IOException {
    if (in == null) {
      return "";
    }
    try (InputStream s = in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      for (int n = s.read(buf); n >= 0; n = s.read(buf)) {
        out.write(buf, 0, n);
      }
      return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
  }

  private static String cut(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
