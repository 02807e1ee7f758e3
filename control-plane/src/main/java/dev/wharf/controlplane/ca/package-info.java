/**
 * Wharf's built-in certificate authority (spec 54-56): a root kept on disk with the durable state (or
 * brought by the operator), leaf certificates minted with BouncyCastle for sidecar TLS, and the
 * rotation of both. {@link dev.wharf.controlplane.ca.CertificateAuthority} is the CA itself (also
 * what ADS server certificates come from); {@link dev.wharf.controlplane.ca.SecretIssuer} turns the
 * translator's {@code SecretSpec}s into SDS Secrets, renewing leaves when they are due and keeping
 * them on disk so a restart serves the same ones.
 */
package dev.wharf.controlplane.ca;
