package dev.wharf.bootstrap;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything that varies between two Wharf sidecar bootstraps; {@link BootstrapBuilder} turns it
 * into an Envoy {@code Bootstrap}. Immutable; the same params always render the same bytes.
 *
 * @param identity the task announced in {@code node} (DESIGN.md "Identity")
 * @param xdsHost the control plane's ADS address: an IP literal (STATIC cluster) or a DNS name
 *     (STRICT_DNS cluster, e.g. the compose service name)
 * @param xdsPort the control plane's ADS port ({@code wharf server} default 18000)
 * @param adminIp the address Envoy's admin interface binds
 * @param adminPort the admin port; 0 lets the kernel choose (read it back through
 *     {@code --admin-address-path}, as {@link Sidecar} does)
 * @param deltaAds true for incremental xDS ({@code api_type: DELTA_GRPC}), false for state of the
 *     world ({@code GRPC}, what Service Connect uses, spec 62)
 * @param initialFetchTimeout how long LDS and CDS wait for their first reply before Envoy goes on
 *     without it; zero waits forever (spec 62, the default), so a sidecar never serves a partial
 *     config
 * @param credential the task's sidecar credential, sent as gRPC metadata on the ADS stream
 *     ({@code initial_metadata}); null sends none (a server that requires credentials refuses it)
 * @param xdsTrust PEM certificates the sidecar trusts for the control plane's ADS certificate; null
 *     for plaintext ADS
 */
public record BootstrapParams(
    NodeIdentity identity,
    String xdsHost,
    int xdsPort,
    String adminIp,
    int adminPort,
    boolean deltaAds,
    Duration initialFetchTimeout,
    String credential,
    String xdsTrust) {

  /** Validates ports and required fields. */
  public BootstrapParams {
    Objects.requireNonNull(identity, "identity");
    requireText(xdsHost, "xdsHost");
    requireText(adminIp, "adminIp");
    requirePort(xdsPort, 1, "xdsPort");
    requirePort(adminPort, 0, "adminPort");
    Objects.requireNonNull(initialFetchTimeout, "initialFetchTimeout");
    if (initialFetchTimeout.isNegative()) {
      throw new IllegalArgumentException("initialFetchTimeout must not be negative");
    }
    if (credential != null && !credential.matches("[A-Za-z0-9._-]{1,4096}")) {
      throw new IllegalArgumentException("credential must be a Wharf sidecar credential (base64url text)");
    }
  }

  /** Params without credential, over plaintext ADS. */
  public BootstrapParams(NodeIdentity identity, String xdsHost, int xdsPort, String adminIp, int adminPort,
      boolean deltaAds, Duration initialFetchTimeout) {
    this(identity, xdsHost, xdsPort, adminIp, adminPort, deltaAds, initialFetchTimeout, null, null);
  }

  /** Params with {@code initial_fetch_timeout: 0s}: LDS and CDS wait for the control plane (spec 62). */
  public static BootstrapParams of(
      NodeIdentity identity,
      String xdsHost,
      int xdsPort,
      String adminIp,
      int adminPort,
      boolean deltaAds) {
    return new BootstrapParams(
        identity, xdsHost, xdsPort, adminIp, adminPort, deltaAds, Duration.ZERO);
  }

  /** A copy with another initial fetch timeout (tests use a short one to reach LIVE without a server). */
  public BootstrapParams withInitialFetchTimeout(Duration timeout) {
    return new BootstrapParams(identity, xdsHost, xdsPort, adminIp, adminPort, deltaAds, timeout, credential,
        xdsTrust);
  }

  /** A copy that presents {@code token} on the ADS stream. */
  public BootstrapParams withCredential(String token) {
    return new BootstrapParams(identity, xdsHost, xdsPort, adminIp, adminPort, deltaAds, initialFetchTimeout, token,
        xdsTrust);
  }

  /** A copy that reaches ADS over TLS, trusting the PEM certificates {@code caPem}. */
  public BootstrapParams withXdsTrust(String caPem) {
    return new BootstrapParams(identity, xdsHost, xdsPort, adminIp, adminPort, deltaAds, initialFetchTimeout,
        credential, caPem);
  }

  /** A copy with another admin address. */
  public BootstrapParams withAdmin(String ip, int port) {
    return new BootstrapParams(identity, xdsHost, xdsPort, ip, port, deltaAds, initialFetchTimeout, credential,
        xdsTrust);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }

  private static void requirePort(int port, int min, String name) {
    if (port < min || port > 65535) {
      throw new IllegalArgumentException(name + " must be in " + min + "..65535, got " + port);
    }
  }
}
