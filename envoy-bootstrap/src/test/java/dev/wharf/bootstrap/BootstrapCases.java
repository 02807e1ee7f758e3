package dev.wharf.bootstrap;

import java.time.Duration;
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

  /** A fixed self-signed certificate (openssl, EC P-256), so the real Envoy can validate the bootstrap. */
  static final String CA_PEM = ""
      + "-----BEGIN CERTIFICATE-----\n"
      + "MIIBiTCCAS+gAwIBAgIUfK92PAdX9+OH+6hG1++4pAzRe5EwCgYIKoZIzj0EAwIw\n"
      + "GjEYMBYGA1UEAwwPV2hhcmYgZ29sZGVuIENBMB4XDTI2MTEzMDIzNDQ1MVoXDTM2\n"
      + "MTEyNzIzNDQ1MVowGjEYMBYGA1UEAwwPV2hhcmYgZ29sZGVuIENBMFkwEwYHKoZI\n"
      + "zj0CAQYIKoZIzj0DAQcDQgAEdHR+wCNLXgcvBLoQNT+1H+wBWvL2PUj5Fi54wh8W\n"
      + "37jI2pyiUnn7OQWbrimyFcMUJhfWuMr6bPe/5rFDcvFuJ6NTMFEwHQYDVR0OBBYE\n"
      + "FIYzVxlNk9MAvOuwfwuhA5RK5htJMB8GA1UdIwQYMBaAFIYzVxlNk9MAvOuwfwuh\n"
      + "A5RK5htJMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhALI0+X2X\n"
      + "NNRTBcKLpFYpvsgvgs7huZiwj0OIkE/Fnv+pAiB2CAw7Eqy32fmXad/uWFXQiZ8R\n"
      + "qNT/6HDldbmEcgn7Tg==\n"
      + "-----END CERTIFICATE-----\n";

  static Map<String, BootstrapParams> all() {
    Map<String, BootstrapParams> cases = new LinkedHashMap<>();
    cases.put("loopback-sotw", BootstrapParams.of(LOOPBACK, "127.0.0.1", 18000, "127.1.0.2", 9901, false));
    cases.put("loopback-delta", BootstrapParams.of(LOOPBACK, "127.0.0.1", 18000, "127.1.0.2", 9901, true));
    // compose: the control plane is reached by its service name, so the xDS cluster is STRICT_DNS.
    cases.put("awsvpc", BootstrapParams.of(AWSVPC, "wharf", 18000, "127.0.0.1", 9901, false));
    cases.put(
        "initial-fetch-timeout",
        BootstrapParams.of(LOOPBACK, "127.0.0.1", 18000, "127.1.0.2", 9901, false)
            .withInitialFetchTimeout(Duration.ofMillis(1500)));
    // a sidecar credential in the ADS stream's initial_metadata, and TLS to a remote control plane
    cases.put("credential",
        BootstrapParams.of(LOOPBACK, "127.0.0.1", 18000, "127.1.0.2", 9901, false).withCredential(CREDENTIAL));
    cases.put("awsvpc-tls", BootstrapParams.of(AWSVPC, "wharf", 18000, "127.0.0.1", 9901, false)
        .withCredential(CREDENTIAL).withXdsTrust(CA_PEM));
    return cases;
  }
}
