package dev.wharf.api.protocol;

/**
 * Settings of the AWS API.
 *
 * @param defaultAccount     account for requests without a 12-digit access key id (default
 *                           {@code 000000000000}, as LocalStack)
 * @param defaultRegion      region for requests without a SigV4 credential scope ({@code us-east-1})
 * @param maxBodyBytes       larger request bodies are rejected with HTTP 400 (default 1 MiB)
 * @param adminResetEnabled  whether {@link AwsJsonService#resetAll()} may wipe the state (off by default)
 */
public record ApiOptions(
    String defaultAccount, String defaultRegion, int maxBodyBytes, boolean adminResetEnabled) {

  /** 1 MiB. ECS itself limits a task definition to 64 KiB; that rule is checked separately. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  public ApiOptions {
    if (defaultAccount == null || !defaultAccount.matches("\\d{12}")) {
      throw new IllegalArgumentException("defaultAccount must be 12 digits: " + defaultAccount);
    }
    if (defaultRegion == null || defaultRegion.isBlank()) {
      throw new IllegalArgumentException("defaultRegion is required");
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
  }

  /** Account 000000000000, region us-east-1, 1 MiB bodies, admin reset off. */
  public static ApiOptions defaults() {
    return new ApiOptions("000000000000", "us-east-1", DEFAULT_MAX_BODY_BYTES, false);
  }

  public ApiOptions withAdminResetEnabled(boolean enabled) {
    return new ApiOptions(defaultAccount, defaultRegion, maxBodyBytes, enabled);
  }

  public ApiOptions withMaxBodyBytes(int max) {
    return new ApiOptions(defaultAccount, defaultRegion, max, adminResetEnabled);
  }
}
