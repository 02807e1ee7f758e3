/**
 * Conformance with the Service Connect behaviour of docs/spec.md, one class per item or group of
 * items ({@code Spec<N>...Test}), on real Envoy sidecars and real sockets on loopback;
 * CONFORMANCE.md records what each measured.
 */
package dev.wharf.tests.conformance;
