/**
 * The end-to-end benchmark ({@code ./wharf bench e2e}): the real {@code wharf server} process, a mesh
 * created through the real AWS API, and K simulated sidecars over real gRPC, each announcing its own
 * task's node identity so that the server registers it as a task. Every figure is measured from
 * outside the server and covers the whole path (API or ADS stream → state store → reconcile pass →
 * translation → publication → delivery → the proxy's ACK).
 *
 * <p>Three processes take part: the driver ({@link dev.wharf.tests.bench.e2e.E2eMain}, in the
 * benchmark JVM), the server ({@link dev.wharf.tests.bench.e2e.ServerUnderTest}) and the fleet of
 * sidecars ({@link dev.wharf.tests.bench.e2e.Fleet}, its own JVM), which the driver commands over
 * stdin/stdout ({@link dev.wharf.tests.bench.e2e.FleetLink}). BENCHMARKS.md ("End to end") describes
 * the phases and how each figure is computed.
 */
package dev.wharf.tests.bench.e2e;
