package dev.wharf.api.protocol;

/**
 * Why a call's signature was refused, and the error code each protocol family answers it with. The
 * AWS JSON 1.1 services (ECS, Cloud Map) use the {@code ...Exception} codes; the query family
 * (CloudWatch, in awsQuery and its query-compatible JSON 1.0 and CBOR) uses the query codes
 * (botocore's error models; AWS docs "Common Errors").
 */
public enum AuthFailure {
  /** No {@code Authorization} header. */
  MISSING("MissingAuthenticationTokenException", "MissingAuthenticationToken"),
  /** An {@code Authorization} header or date that is not well-formed SigV4. */
  MALFORMED("IncompleteSignatureException", "IncompleteSignature"),
  /** An access key id the server does not know. */
  UNKNOWN_KEY("UnrecognizedClientException", "InvalidClientTokenId"),
  /** A signature that does not match, or a request time more than 15 minutes off. */
  BAD_SIGNATURE("InvalidSignatureException", "SignatureDoesNotMatch");

  private final String jsonCode;
  private final String queryCode;

  AuthFailure(String jsonCode, String queryCode) {
    this.jsonCode = jsonCode;
    this.queryCode = queryCode;
  }

  /** The code of the AWS JSON 1.1 services. */
  public String jsonCode() {
    return jsonCode;
  }

  /** The code of the query family. */
  public String queryCode() {
    return queryCode;
  }
}
