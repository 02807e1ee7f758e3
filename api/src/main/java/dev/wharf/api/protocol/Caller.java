package dev.wharf.api.protocol;

import dev.wharf.api.state.Scope;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who is calling: the account and region (spec 3.1). Signatures are not verified here: when the
 * HTTP binding verified one, it passes the signing key's account in {@link #VERIFIED_ACCOUNT_HEADER},
 * and that is the account. Otherwise the account is the access key id when that is 12 digits, else
 * the default; the region is
 * the third element of the SigV4 credential scope
 * ({@code Credential=<AKID>/<date>/<region>/<service>/aws4_request}), else the default.
 */
public record Caller(String account, String region) {

  /** The caller's account and region as the scope its lookups run in. */
  public Scope scope() {
    return new Scope(account, region);
  }

  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/([^/,\\s]+)/([^/,\\s]+)/([^/,\\s]+)/aws4_request");

  /** The header in which the HTTP binding states the account of a verified signature. */
  public static final String VERIFIED_ACCOUNT_HEADER = "x-wharf-verified-account";

  /** Parses {@code authorization} (may be null). */
  public static Caller from(String authorization, ApiOptions options) {
    return from(authorization, null, options);
  }

  /** Parses {@code authorization} (may be null); a non-null {@code verifiedAccount} is the account. */
  public static Caller from(String authorization, String verifiedAccount, ApiOptions options) {
    String account = options.defaultAccount();
    String region = options.defaultRegion();
    if (authorization != null) {
      Matcher m = CREDENTIAL.matcher(authorization);
      if (m.find()) {
        if (m.group(1).matches("\\d{12}")) {
          account = m.group(1);
        }
        if (m.group(3).matches("[a-z0-9-]{1,64}")) {
          region = m.group(3);
        }
      }
    }
    return new Caller(verifiedAccount != null ? verifiedAccount : account, region);
  }
}
