package dev.wharf.api.state;

import dev.wharf.api.arn.Arn;

/**
 * An account and region: the scope every ECS and Cloud Map lookup runs in. A resource whose ARN
 * names another account or region is not found (AWS's rule; the API's caller, the translator's
 * service owner).
 *
 * @param account the 12-digit account id
 * @param region the region name, e.g. {@code us-east-1}
 */
public record Scope(String account, String region) {

  /** The scope of the resource {@code arn} names; null when {@code arn} is not an ARN. */
  public static Scope of(String arn) {
    Arn a = Arn.parse(arn);
    return a == null ? null : new Scope(a.account(), a.region());
  }

  /** Whether {@code arn} names a resource in this scope. */
  public boolean contains(String arn) {
    Arn a = Arn.parse(arn);
    return a != null && a.account().equals(account) && a.region().equals(region);
  }
}
