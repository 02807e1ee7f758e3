package dev.wharf.controlplane.auth;

import dev.wharf.api.protocol.AuthFailure;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 (docs "Create a signed AWS API request"), as AWS checks it: the canonical
 * request (method, URI-encoded path, sorted query, the signed headers lower-cased with trimmed values,
 * the SHA-256 of the body), the string to sign over the credential scope
 * {@code <date>/<region>/<service>/aws4_request}, the signing key derived from the secret, and a
 * request time ({@code X-Amz-Date}) within 15 minutes of the server's clock. The {@code host} the
 * client signed is the one it sent, so the SDKs' {@code data-} host prefix (Cloud Map
 * DiscoverInstances) verifies like any other host. The same code signs ({@link #sign}), for Wharf's
 * own clients. Pure; thread-safe.
 */
public final class SigV4 {
  /** How far a request's time may be from the server's clock (AWS: 15 minutes). */
  public static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern AUTH = Pattern.compile("AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/"
      + "([^/,\\s]+)/aws4_request\\s*,\\s*SignedHeaders=([a-z0-9;_.-]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");

  private SigV4() {}

  /**
   * A request as received: method, raw (still percent-encoded) path and query, headers by lower-case
   * name (several values joined by commas), body bytes.
   */
  public record Request(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {}

  /** The outcome of a check: the key's account, or AWS's error code and message. */
  public sealed interface Verdict {
    /** A valid signature by {@code key}. */
    record Signed(ApiCredentials.Key key) implements Verdict {}

    /** Rejected, with AWS's message; the protocol picks the code ({@link AuthFailure}). */
    record Rejected(AuthFailure failure, String message) implements Verdict {
      /** The code of the AWS JSON 1.1 services (ECS, Cloud Map). */
      public String code() {
        return failure.jsonCode();
      }
    }
  }

  static final String BAD_SIGNATURE = "The request signature we calculated does not match the signature you provided."
      + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

  /** Checks {@code r}'s signature against {@code keys} at {@code now}. */
  public static Verdict verify(Request r, ApiCredentials keys, Instant now) {
    String auth = r.headers().get("authorization");
    if (auth == null || auth.isBlank()) {
      return new Verdict.Rejected(AuthFailure.MISSING, "Missing Authentication Token");
    }
    Matcher m = AUTH.matcher(auth);
    if (!m.matches()) {
      return new Verdict.Rejected(AuthFailure.MALFORMED, "Authorization header requires 'Credential',"
          + " 'Signature' and 'SignedHeaders' parameters with algorithm AWS4-HMAC-SHA256. Authorization=" + auth);
    }
    ApiCredentials.Key key = keys.find(m.group(1));
    if (key == null) {
      return new Verdict.Rejected(AuthFailure.UNKNOWN_KEY,
          "The security token included in the request is invalid.");
    }
    String amzDate = r.headers().get("x-amz-date");
    Instant at;
    try {
      at = amzDate == null ? null : AMZ_DATE.parse(amzDate, Instant::from);
    } catch (DateTimeParseException e) {
      at = null;
    }
    if (at == null) {
      return new Verdict.Rejected(AuthFailure.MALFORMED,
          "Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
    if (at.isBefore(now.minus(MAX_SKEW))) {
      return new Verdict.Rejected(AuthFailure.BAD_SIGNATURE, "Signature expired: " + amzDate + " is now earlier than "
          + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
    }
    if (at.isAfter(now.plus(MAX_SKEW))) {
      return new Verdict.Rejected(AuthFailure.BAD_SIGNATURE, "Signature not yet current: " + amzDate
          + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
          + " + 15 min.)");
    }
    List<String> signed = List.of(m.group(5).split(";"));
    if (!signed.contains("host") || !amzDate.startsWith(m.group(2))) {
      return new Verdict.Rejected(AuthFailure.BAD_SIGNATURE, BAD_SIGNATURE);
    }
    String expected = signature(r, signed, key.secret(), amzDate, m.group(3), m.group(4));
    boolean ok = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        m.group(6).getBytes(StandardCharsets.US_ASCII));
    return ok ? new Verdict.Signed(key) : new Verdict.Rejected(AuthFailure.BAD_SIGNATURE, BAD_SIGNATURE);
  }

  /**
   * The {@code Authorization} header value for {@code r} signed at {@code amzDate} (which {@code r}
   * must carry as {@code x-amz-date}, with {@code host}); every header of {@code r} is signed.
   */
  public static String sign(Request r, String accessKeyId, String secret, String amzDate, String region,
      String service) {
    List<String> names = new ArrayList<>(r.headers().keySet());
    names.sort(null);
    String sig = signature(r, names, secret, amzDate, region, service);
    return ALGORITHM + " Credential=" + accessKeyId + "/" + amzDate.substring(0, 8) + "/" + region + "/" + service
        + "/aws4_request, SignedHeaders=" + String.join(";", names) + ", Signature=" + sig;
  }

  /** The current time as {@code X-Amz-Date} wants it. */
  public static String amzDate(Instant t) {
    return AMZ_DATE.format(t);
  }

  private static String signature(Request r, List<String> signedHeaders, String secret, String amzDate,
      String region, String service) {
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest(r, signedHeaders)
        .getBytes(StandardCharsets.UTF_8)));
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    k = hmac(k, "aws4_request");
    return hex(hmac(k, toSign));
  }

  static String canonicalRequest(Request r, List<String> signedHeaders) {
    StringBuilder headers = new StringBuilder();
    for (String h : signedHeaders) {
      String v = r.headers().get(h);
      headers.append(h).append(':').append(v == null ? "" : v.trim().replaceAll("\\s+", " ")).append('\n');
    }
    String path = r.rawPath() == null || r.rawPath().isEmpty() ? "/" : r.rawPath();
    return r.method() + "\n" + encode(path, true) + "\n" + canonicalQuery(r.rawQuery()) + "\n" + headers + "\n"
        + String.join(";", signedHeaders) + "\n" + hex(sha256(r.body()));
  }

  private static String canonicalQuery(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String p : raw.split("&")) {
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String k = eq < 0 ? p : p.substring(0, eq);
      String v = eq < 0 ? "" : p.substring(eq + 1);
      pairs.add(new String[] {encode(decode(k), false), encode(decode(v), false)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    List<String> out = new ArrayList<>();
    pairs.forEach(p -> out.add(p[0] + "=" + p[1]));
    return String.join("&", out);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** RFC 3986 percent-encoding of all but the unreserved characters (and {@code /} when {@code path}). */
  private static String encode(String s, boolean path) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~' || (path && c == '/')) {
        b.append(c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", x & 0xff));
      }
    }
    return b.toString();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
