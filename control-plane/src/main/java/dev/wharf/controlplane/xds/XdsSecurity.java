package dev.wharf.controlplane.xds;

import dev.wharf.controlplane.auth.SidecarCredentials;
import java.nio.file.Path;

/**
 * How the ADS server admits sidecars.
 *
 * @param credentials the issuer whose sidecar credentials are accepted; null accepts every stream
 *     unchecked (scripted tests and benchmarks of the protocol only)
 * @param credentialRequired true refuses streams without a credential; false admits them unchecked
 *     (existing Envoys whose bootstrap carries none), while a presented credential is still checked
 * @param tls the server certificate chain and key (PEM files) to serve ADS over TLS, or null for
 *     plaintext
 */
public record XdsSecurity(SidecarCredentials credentials, boolean credentialRequired, Tls tls) {

  /** No checks, plaintext. */
  public static XdsSecurity open() {
    return new XdsSecurity(null, false, null);
  }

  /** The PEM files of the ADS server certificate (chain first) and its private key. */
  public record Tls(Path certChain, Path privateKey) {}
}
