package dev.wharf.api.protocol;

/**
 * The two AWS services Wharf speaks, with what differs between them on the wire
 * (spec 3.1): the {@code X-Amz-Target} prefix, the casing of the error
 * message member, and the error type used for invalid input.
 */
public enum AwsService {
  ECS("AmazonEC2ContainerServiceV20141113", "ecs", "message", "InvalidParameterException", "ClientException"),
  CLOUD_MAP("Route53AutoNaming_v20170314", "servicediscovery", "Message", "InvalidInput", "InvalidInput");

  private final String targetPrefix;
  private final String cliName;
  private final String messageMember;
  private final String invalidInputError;
  private final String requestTooLargeError;

  AwsService(String targetPrefix, String cliName, String messageMember, String invalidInputError,
      String requestTooLargeError) {
    this.targetPrefix = targetPrefix;
    this.cliName = cliName;
    this.messageMember = messageMember;
    this.invalidInputError = invalidInputError;
    this.requestTooLargeError = requestTooLargeError;
  }

  public String targetPrefix() {
    return targetPrefix;
  }

  /** The AWS CLI's name of the service ({@code aws ecs}, {@code aws servicediscovery}). */
  public String cliName() {
    return cliName;
  }

  /** {@code message} (ECS) or {@code Message} (Cloud Map). */
  public String messageMember() {
    return messageMember;
  }

  /** InvalidParameterException (ECS) or InvalidInput (Cloud Map). */
  public String invalidInputError() {
    return invalidInputError;
  }

  /** ClientException (ECS) or InvalidInput (Cloud Map). */
  public String requestTooLargeError() {
    return requestTooLargeError;
  }

  /** An invalid-input error of this service with {@code message}. */
  public AwsException invalid(String message) {
    return new AwsException(invalidInputError, message);
  }

  /** The service whose target prefix this is, or null. */
  public static AwsService forPrefix(String prefix) {
    for (AwsService s : values()) {
      if (s.targetPrefix.equals(prefix)) {
        return s;
      }
    }
    return null;
  }
}
