package dev.wharf.bootstrap;

import java.util.LinkedHashMap;
import java.util.Map;

/** The bootstrap golden cases: name → params. Fixed identities, so output is stable. */
final class BootstrapCases {

  private BootstrapCases() {}

  static final NodeIdentity LOOPBACK =
      new NodeIdentity("us-east-1", "000000000000", "c1", "payments",
          "0123456789abcdef0123456789abcdef", "loopback", "127.1.0.2", "127.2.0.2", "0.2", null);

  static final NodeIdentity AWSVPC =
      new NodeIdentity("eu-west-1", "111122223333", "prod", "ledger",
          "fedcba9876543210fedcba9876543210", "awsvpc", "10.0.1.17", "127.0.0.1", null, "euw1-az2");

  /** A fixed credential (the bootstrap carries it opaquely; its contents do not matter here). */
  static final String CREDENTIAL = "wharf1.dGFzaw.c2lnbmF0dXJl";

  static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  static Map<String, BootstrapParams> all() {
    Map<String, BootstrapParams> cases = new LinkedHashMap<>();
    cases.put("loopback-sotw", BootstrapParams.of(LOOPBACK, "127.0.0.1", 18000, "127.1.0.2", 9901, false));
    cases.put("loopback-delta", BootstrapParams.of(LOOPBACK, "127.0.0.1", 18000, "127.1.0.2", 9901, true));
    // compose: the control plane is reached by its service name, so the xDS cluster is STRICT_DNS.
    cases.put("awsvpc", BootstrapParams.of(AWSVPC, "wharf", 18000, "127.0.0.1", 9901, false));
    cases.put(
        "initial-fetch-timeout",
        BootstrapParams.of(LOOPBACK, "127.0.0.1", 18000, "127.1.0.2", 9901, false)
            .withInitialFetchTimeout(java.time.Duration.ofMillis(1500)));
    // a sidecar credential in the ADS stream's initial_metadata, and TLS to a remote control plane
    cases.put("credential",
        BootstrapParams.of(LOOPBACK, "127.0.0.1", 18000, "127.1.0.2", 9901, false).withCredential(CREDENTIAL));
    cases.put("awsvpc-tls", BootstrapParams.of(AWSVPC, "wharf", 18000, "127.0.0.1", 9901, false)
        .withCredential(CREDENTIAL).withXdsTrust(CA_PEM));
    return cases;
  }
}
