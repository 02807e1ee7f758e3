package dev.wharf.api.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One AWS JSON 1.1 request, free of any socket: the {@code X-Amz-Target} value, the raw body and the
 * HTTP headers with lower-case names. The HTTP binding in the control plane builds these.
 *
 * @param target  the {@code X-Amz-Target} header, e.g. {@code AmazonEC2ContainerServiceV20141113.CreateCluster};
 *                null when absent
 * @param body    the request body; empty means {@code {}}
 * @param headers header names in lower case (the constructor lower-cases them)
 */
public record AwsRequest(String target, byte[] body, Map<String, String> headers) {
  public AwsRequest {
    body = body == null ? new byte[0] : body;
    Map<String, String> lower = new TreeMap<>();
    if (headers != null) {
      headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    }
    headers = java.util.Collections.unmodifiableMap(lower);
  }

  /** A request with no headers but the target. */
  public static AwsRequest of(String target, String jsonBody) {
    return new AwsRequest(target, jsonBody.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
  }

  /** The header's value, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
