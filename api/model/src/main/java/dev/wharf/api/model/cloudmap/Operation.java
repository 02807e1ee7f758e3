package dev.wharf.api.model.cloudmap;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A Cloud Map asynchronous operation (spec 20): SUBMITTED, PENDING, then SUCCESS or FAIL.
 * {@code Targets} maps NAMESPACE, SERVICE or INSTANCE to an id.
 */
public record Operation(
    @JsonProperty("Id") String id,
    @JsonProperty("Type") String type,
    @JsonProperty("Status") String status,
    @JsonProperty("ErrorMessage") String errorMessage,
    @JsonProperty("ErrorCode") String errorCode,
    @JsonProperty("CreateDate") Double createDate,
    @JsonProperty("UpdateDate") Double updateDate,
    @JsonProperty("Targets") Map<String, String> targets) {
  public Operation {
    targets = targets == null ? Map.of() : Map.copyOf(targets);
  }

  /** {@code Status} for the first moments after the operation was made. */
  public static final String SUBMITTED = "SUBMITTED";

  /** {@code Status} while the operation is in progress. */
  public static final String PENDING = "PENDING";

  /** Final {@code Status} of an operation that succeeded. */
  public static final String SUCCESS = "SUCCESS";

  /** Final {@code Status} of an operation that failed. */
  public static final String FAIL = "FAIL";
}
