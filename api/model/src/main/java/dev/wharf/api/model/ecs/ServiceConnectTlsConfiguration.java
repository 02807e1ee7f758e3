package dev.wharf.api.model.ecs;

/**
 * TLS settings of a Service Connect service (spec 54): any {@code tls} turns on TLS between sidecars for
 * it; {@code awsPcaAuthorityArn}, {@code kmsKey} and {@code roleArn} are recorded and echoed, and Wharf
 * signs with its own CA (there is no AWS Private CA).
 */
public record ServiceConnectTlsConfiguration(
    IssuerCertificateAuthority issuerCertificateAuthority, String kmsKey, String roleArn) {
  /** {@code issuerCertificateAuthority {awsPcaAuthorityArn}}. */
  public record IssuerCertificateAuthority(String awsPcaAuthorityArn) {}
}
