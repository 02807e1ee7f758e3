package dev.wharf.api.protocol;

/**
 * A front end for a service that is not spoken in AWS JSON 1.1: {@link AwsJsonService} offers each
 * request to its front ends first, in order, and routes it by {@code X-Amz-Target} itself only when
 * none accepts it. So every protocol is served on the one API port behind one request handler, and
 * whatever wraps that handler (authentication, metering) sees every service's requests.
 */
public interface ProtocolFrontEnd {

  /** Whether this front end answers {@code req}; decided from the path and headers only. */
  boolean accepts(AwsRequest req);

  /** Answers {@code req}, success or AWS-shaped error, with the call's labels. Never throws. */
  ApiOutcome answer(AwsRequest req);

  /**
   * Renders {@code e} as this front end answers errors to {@code req} (for calls refused before
   * {@link #answer}), with the call's labels.
   */
  ApiOutcome refusal(AwsRequest req, AwsException e);

  /** The response of {@link #answer}. */
  default AwsResponse handle(AwsRequest req) {
    return answer(req).response();
  }

  /** The response of {@link #refusal}. */
  default AwsResponse error(AwsRequest req, AwsException e) {
    return refusal(req, e).response();
  }
}
