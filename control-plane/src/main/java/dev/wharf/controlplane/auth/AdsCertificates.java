package dev.wharf.controlplane.auth;

import java.nio.file.Path;

/**
 * Where the ADS server's TLS certificate comes from. The sidecars trust {@link Issued#trustPem()}
 * (their bootstraps carry it) and accept only the URI SAN
 * {@link dev.wharf.bootstrap.BootstrapBuilder#XDS_SAN}, whatever host name they dial.
 */
public interface AdsCertificates {
  /**
   * A server certificate ready for the gRPC server.
   *
   * @param certChain PEM file, leaf first
   * @param privateKey PEM file (PKCS#8), readable by the owner only
   * @param trustPem the PEM certificates a sidecar must trust to verify the chain
   */
  record Issued(Path certChain, Path privateKey, String trustPem) {}

  /** A certificate for the ADS server, with the {@code XDS_SAN} URI SAN. */
  Issued serverCertificate();

  /** Wharf's own ADS certificate authority, kept in {@code dataDir} ({@link LocalAdsCa}). */
  static AdsCertificates inDataDir(Path dataDir) {
    return new LocalAdsCa(dataDir.resolve("ads-tls"));
  }
}
