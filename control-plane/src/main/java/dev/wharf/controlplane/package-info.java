/**
 * The Wharf server process, assembled: {@link dev.wharf.controlplane.ControlPlane} opens the store,
 * starts the AWS API and admin HTTP server, the ADS server and the reconciler, and owns the one
 * reconcile pass (translate the current state, publish every proxy group);
 * {@link dev.wharf.controlplane.ControlPlaneConfig} is its configuration. Sub-packages: {@code xds}
 * (ADS server and publisher), {@code tasks} (sidecar → task registration), {@code reconcile},
 * {@code http}, {@code cli}, {@code local} and {@code demo}; none of them depends on this package
 * except {@code cli} and {@code local}, which start a control plane.
 */
package dev.wharf.controlplane;
