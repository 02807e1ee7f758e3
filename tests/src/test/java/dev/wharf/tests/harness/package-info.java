/**
 * The whole-system test harness: the real server process, real Envoy sidecars and their admin API,
 * echo apps (HTTP and gRPC), the AWS CLI, load generators, and ready-made meshes ({@code Shop},
 * {@code Mesh}) so tests share their set-up.
 */
package dev.wharf.tests.harness;
