package dev.wharf.api.model.cloudmap;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * A Cloud Map asynchronous operation (spec 20): SUBMITTED, PENDING, then SUCCESS or FAIL.
 * {@code Targets} maps NAMESPACE, SERVICE or INSTANCE to an id.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
public record Operation(
    String id,
    String type,
    String status,
    String errorMessage,
    String errorCode,
    Double createDate,
    Double updateDate,
    Map<String, String> targets) {
  public Operation {
    targets = targets == null ? Map.of() : Map.copyOf(targets);
  }
}
