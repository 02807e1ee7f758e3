/**
 * Tests of bootstrap generation and sidecar processes: render goldens ({@code testdata/render}),
 * validation of every rendered bootstrap by the real Envoy binary, the {@code wharf bootstrap}
 * command, and sidecars started against a real ADS server.
 */
package dev.wharf.bootstrap;
