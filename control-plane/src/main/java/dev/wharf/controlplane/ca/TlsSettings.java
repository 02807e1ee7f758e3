package dev.wharf.controlplane.ca;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The CA and leaf lifetimes of a control plane ({@code wharf server} flags).
 *
 * @param caCert {@code --ca-cert}: the operator's CA certificate (PEM); null for the built-in root
 * @param caKey {@code --ca-key}: its private key (PEM, unencrypted); set exactly when {@code caCert} is
 * @param leafValidity {@code --tls-leaf-validity}: leaf lifetime, default 7 days (spec 55)
 * @param leafRenewAfter {@code --tls-leaf-renew-after}: age at which leaves are replaced, default 5
 *     days (spec 55); shorter than the validity
 */
public record TlsSettings(Path caCert, Path caKey, Duration leafValidity, Duration leafRenewAfter) {
  public TlsSettings {
    if ((caCert == null) != (caKey == null)) {
      throw new IllegalArgumentException("--ca-cert and --ca-key go together");
    }
    if (leafValidity.isNegative() || leafValidity.isZero() || leafRenewAfter.isNegative()
        || leafRenewAfter.isZero() || leafRenewAfter.compareTo(leafValidity) >= 0) {
      throw new IllegalArgumentException("leaf renewal (" + leafRenewAfter.toSeconds()
          + " s) must be positive and come before expiry (" + leafValidity.toSeconds() + " s)");
    }
  }

  /** Service Connect's numbers (spec 55): 7-day leaves renewed after 5 days, built-in root. */
  public static TlsSettings defaults() {
    return new TlsSettings(null, null, Duration.ofDays(7), Duration.ofDays(5));
  }

  public TlsSettings withLeafLifetimes(Duration validity, Duration renewAfter) {
    return new TlsSettings(caCert, caKey, validity, renewAfter);
  }

  public TlsSettings withCa(Path cert, Path key) {
    return new TlsSettings(cert, key, leafValidity, leafRenewAfter);
  }
}
