package dev.wharf.api.arn;

/**
 * A parsed ARN, {@code arn:<partition>:<service>:<region>:<account>:<resource>}.
 *
 * @param resource everything after the fifth colon, e.g. {@code service/prod/payments}
 */
public record Arn(String partition, String service, String region, String account, String resource) {

  /** Parses {@code text}, or returns null when it is not an ARN of that shape. */
  public static Arn parse(String text) {
    if (text == null || !text.startsWith("arn:")) {
      return null;
    }
    String[] parts = text.split(":", 6);
    if (parts.length != 6 || parts[1].isEmpty() || parts[2].isEmpty() || parts[5].isEmpty()) {
      return null;
    }
    return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
  }

  /**
   * The resource id of an ARN: the segment after its last {@code /}, e.g. {@code payments} for
   * {@code arn:aws:ecs:us-east-1:111122223333:service/prod/payments}; {@code arn} itself when it has no
   * {@code /}.
   */
  public static String resourceId(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  /** The resource type: the part of {@code resource} before the first '/', e.g. {@code service}. */
  public String resourceType() {
    int slash = resource.indexOf('/');
    return slash < 0 ? resource : resource.substring(0, slash);
  }

  /** The resource path after the type, e.g. {@code prod/payments}; empty when there is none. */
  public String resourcePath() {
    int slash = resource.indexOf('/');
    return slash < 0 ? "" : resource.substring(slash + 1);
  }

  @Override
  public String toString() {
    return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
  }
}
