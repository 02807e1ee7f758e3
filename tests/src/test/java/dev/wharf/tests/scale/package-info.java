/**
 * Whole-system tests at estate scale: hundreds of simulated sidecars over real gRPC against the real
 * server process. They assert what happens, not how fast (speed is measured by {@code ./wharf bench
 * e2e}, BENCHMARKS.md).
 */
package dev.wharf.tests.scale;
