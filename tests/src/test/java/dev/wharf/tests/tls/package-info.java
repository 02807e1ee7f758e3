/**
 * TLS between sidecars (spec 54-56) end to end: the ECS API's validation of {@code tls} through the
 * AWS CLI, and real Envoy sidecars speaking TLS 1.3 over loopback (handshakes, the certificate on the
 * wire, leaf and root rotation under load, mutual TLS, SDS per proxy, a restart).
 */
package dev.wharf.tests.tls;
