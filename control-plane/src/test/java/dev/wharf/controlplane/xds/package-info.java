/**
 * Unit tests of the ADS server beside its code: the publisher and validator, per-stream type state,
 * and the conversation with scripted proxies over loopback gRPC ({@code AdsFixture}): NACKs,
 * make-before-break order, SotW and delta reconnects.
 */
package dev.wharf.controlplane.xds;
