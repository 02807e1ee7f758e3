package dev.wharf.controlplane.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The SigV4 check against AWS's own worked example (docs "Create a signed AWS API request": IAM
 * ListUsers, 2015-08-30T12:36:00Z, the documented example secret), so the canonical request does not
 * merely agree with Wharf's own signer.
 */
class SigV4Test {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String EXPECTED = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
  private static final ApiCredentials KEYS =
      ApiCredentials.of(List.of(new ApiCredentials.Key("AKIDEXAMPLE", SECRET, "123456789012")));
  private static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");

  private static SigV4.Request request(String signature) {
    Map<String, String> h = new TreeMap<>();
    h.put("content-type", "application/x-www-form-urlencoded; charset=utf-8");
    h.put("host", "iam.amazonaws.com");
    h.put("x-amz-date", "20150830T123600Z");
    if (signature != null) {
      h.put("authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
          + "SignedHeaders=content-type;host;x-amz-date, Signature=" + signature);
    }
    return new SigV4.Request("GET", "/", "Action=ListUsers&Version=2010-05-08", h,
        "".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void awsWorkedExampleVerifies() {
    assertInstanceOf(SigV4.Verdict.Signed.class, SigV4.verify(request(EXPECTED), KEYS, AT.plusSeconds(60)));
  }

  @Test
  void theSignerReproducesAwsWorkedExample() {
    SigV4.Request r = request(null);
    String auth = SigV4.sign(r, "AKIDEXAMPLE", SECRET, "20150830T123600Z", "us-east-1", "iam");
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
        + "SignedHeaders=content-type;host;x-amz-date, Signature=" + EXPECTED, auth);
  }

  @Test
  void aWrongSignatureUnknownKeyStaleDateAndNoHeaderGetAwsCodes() {
    assertEquals("InvalidSignatureException", code(SigV4.verify(request(EXPECTED.replace('5', '6')), KEYS, AT)));
    ApiCredentials other = ApiCredentials.of(List.of(new ApiCredentials.Key("AKIDOTHER", SECRET, "123456789012")));
    assertEquals("UnrecognizedClientException", code(SigV4.verify(request(EXPECTED), other, AT)));
    SigV4.Verdict stale = SigV4.verify(request(EXPECTED), KEYS, AT.plusSeconds(16 * 60));
    assertEquals("InvalidSignatureException", code(stale));
    assertEquals("Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z"
        + " (20150830T125200Z - 15 min.)", ((SigV4.Verdict.Rejected) stale).message());
    assertEquals("MissingAuthenticationTokenException", code(SigV4.verify(request(null), KEYS, AT)));
  }

  private static String code(SigV4.Verdict v) {
    return assertInstanceOf(SigV4.Verdict.Rejected.class, v).code();
  }
}
