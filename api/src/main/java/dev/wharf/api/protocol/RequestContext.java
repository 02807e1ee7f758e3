package dev.wharf.api.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.api.json.WharfJson;
import java.time.Clock;

/**
 * What an operation knows about the request besides its input: the service, the operation name, the
 * caller's account and region, the request id, and the clock. Immutable.
 */
public record RequestContext(
    AwsService service, String operation, Caller caller, String requestId, Clock clock) {

  public String account() {
    return caller.account();
  }

  public String region() {
    return caller.region();
  }

  /** Now, as AWS timestamps are: epoch seconds with millisecond precision. */
  public double now() {
    return clock.millis() / 1000.0;
  }

  /** An invalid-input error of this request's service. */
  public AwsException invalid(String message) {
    return service.invalid(message);
  }

  /**
   * Binds {@code input} to {@code type} with the strict wire mapper. A member of the wrong JSON type
   * is a {@code SerializationException}, as AWS's JSON front end answers (see {@link AwsJsonService}).
   */
  public <T> T read(JsonNode input, Class<T> type) {
    try {
      return WharfJson.wire().treeToValue(input, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw Serialization.error(e);
    }
  }
}
