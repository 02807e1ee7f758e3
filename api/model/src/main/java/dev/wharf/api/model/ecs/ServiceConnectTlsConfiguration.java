package dev.wharf.api.model.ecs;

/** TLS settings of a Service Connect service (spec 54); accepted and echoed, not rendered yet. */
public record ServiceConnectTlsConfiguration(
    IssuerCertificateAuthority issuerCertificateAuthority, String kmsKey, String roleArn) {
  /** {@code issuerCertificateAuthority {awsPcaAuthorityArn}}. */
  public record IssuerCertificateAuthority(String awsPcaAuthorityArn) {}
}
