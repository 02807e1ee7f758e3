/**
 * Everything about one Envoy sidecar before it talks to the control plane: its bootstrap
 * ({@link dev.wharf.bootstrap.BootstrapBuilder}, rendered by {@link dev.wharf.bootstrap.BootstrapYaml},
 * golden-tested), its node identity ({@link dev.wharf.bootstrap.NodeIdentity}, the one place that
 * reads and writes it, shared with the server), the network layouts and loopback slots, the pinned
 * Envoy binary ({@link dev.wharf.bootstrap.EnvoyBinary}) and launching the sidecar process
 * ({@link dev.wharf.bootstrap.Sidecar}).
 */
package dev.wharf.bootstrap;
