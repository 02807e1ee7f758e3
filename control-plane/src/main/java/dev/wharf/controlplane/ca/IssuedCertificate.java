package dev.wharf.controlplane.ca;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A leaf certificate and its key, PEM-encoded, as Envoy and TLS servers load them.
 *
 * @param certificateChainPem the leaf, then the issuing root
 * @param privateKeyPem the leaf's private key (PKCS#8); never logged
 * @param serial the leaf's serial number (what Envoy's {@code /certs} shows, in hex)
 * @param notBefore start of validity (a minute before issue, for clock skew)
 * @param notAfter end of validity
 */
public record IssuedCertificate(
    String certificateChainPem, String privateKeyPem, BigInteger serial, Instant notBefore, Instant notAfter) {
  @Override
  public String toString() {
    return "IssuedCertificate[serial=" + serial.toString(16) + ", notAfter=" + notAfter + "]";
  }
}
