package dev.wharf.api.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One AWS JSON 1.1 response: status, headers (canonical capitalisation, e.g.
 * {@code x-amzn-RequestId}, {@code X-Amzn-ErrorType}, {@code Content-Type}) and body bytes.
 * Every response carries {@code x-amzn-RequestId} and {@code Content-Type: application/x-amz-json-1.1}.
 */
public record AwsResponse(int status, Map<String, String> headers, byte[] body) {
  public AwsResponse {
    headers = Map.copyOf(headers);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The header's value (case-insensitive name), or null. */
  public String header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
