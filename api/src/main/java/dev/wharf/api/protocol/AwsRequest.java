package dev.wharf.api.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One AWS API request, free of any socket: the {@code X-Amz-Target} value, the raw body, the HTTP
 * headers with lower-case names and the request path (the smithy-rpc-v2-cbor protocol routes on
 * {@code /service/<service>/operation/<Op>}). The HTTP binding in the control plane builds these.
 *
 * @param target  the {@code X-Amz-Target} header, e.g. {@code AmazonEC2ContainerServiceV20141113.CreateCluster};
 *                null when absent
 * @param body    the request body; empty means {@code {}}
 * @param headers header names in lower case (the constructor lower-cases them)
 * @param path    the request path without the query string; {@code /} when not given
 */
public record AwsRequest(String target, byte[] body, Map<String, String> headers, String path) {
  public AwsRequest {
    body = body == null ? new byte[0] : body;
    path = path == null || path.isEmpty() ? "/" : path;
    Map<String, String> lower = new TreeMap<>();
    if (headers != null) {
      headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    }
    headers = Collections.unmodifiableMap(lower);
  }

  /** A request to {@code POST /}. */
  public AwsRequest(String target, byte[] body, Map<String, String> headers) {
    this(target, body, headers, "/");
  }

  /** A request with no headers but the target. */
  public static AwsRequest of(String target, String jsonBody) {
    return new AwsRequest(target, jsonBody.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** The header's value, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
