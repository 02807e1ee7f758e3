package dev.wharf.api.protocol;

import java.util.Map;
import java.util.TreeMap;

/**
 * An AWS-shaped error that an operation throws to reject a request. The codec renders it as
 * {@code {"__type": errorType, "message"|"Message": message, ...extraMembers}} with the same
 * {@code errorType} in the {@code X-Amzn-ErrorType} header; HTTP 500 for ECS {@code ServerException}
 * (the only modelled fault), 400 for everything else (spec 3.1).
 *
 * <p>Thrown inside a {@code StateStore.Mutation} it also rejects the mutation, so nothing changes.
 * It carries no stack trace: it is control flow, not a bug.
 */
public final class AwsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String errorType;
  private final transient Map<String, Object> extraMembers;

  public AwsException(String errorType, String message, Map<String, Object> extraMembers) {
    super(message, null, false, false);
    this.errorType = errorType;
    this.extraMembers = extraMembers == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new TreeMap<>(extraMembers));
  }

  public AwsException(String errorType, String message) {
    this(errorType, message, Map.of());
  }

  /** The error shape name, e.g. {@code InvalidParameterException}. */
  public String errorType() {
    return errorType;
  }

  /** Modelled members besides the message, e.g. {@code NamespaceId} of NamespaceAlreadyExists. */
  public Map<String, Object> extraMembers() {
    return extraMembers;
  }

  /** 500 for {@code ServerException} and {@code InternalFailure}, else 400. */
  public int httpStatus() {
    return "ServerException".equals(errorType) || "InternalFailure".equals(errorType) ? 500 : 400;
  }
}
