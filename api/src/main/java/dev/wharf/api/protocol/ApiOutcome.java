package dev.wharf.api.protocol;

/**
 * One answered API call, for metering: the response sent, and its labels of bounded cardinality.
 *
 * @param response  what goes on the wire
 * @param service   the AWS CLI's name of the service ({@code ecs}, {@code servicediscovery},
 *                  {@code cloudwatch}), or {@link #UNKNOWN} when the request named none Wharf serves
 * @param operation the operation's name ({@code CreateService}), or {@link #UNKNOWN} when the
 *                  service has no such operation (so clients cannot mint label values)
 * @param code      the AWS error code the response carries ({@code ServiceNotFoundException},
 *                  {@code SignatureDoesNotMatch}), or {@link #OK}
 */
public record ApiOutcome(AwsResponse response, String service, String operation, String code) {
  /** The code of a successful call. */
  public static final String OK = "OK";
  /** The service or operation label of a request Wharf could not route. */
  public static final String UNKNOWN = "unknown";
}
