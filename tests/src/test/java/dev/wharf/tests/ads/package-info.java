/**
 * ADS conversation tests against the real server process: a scripted client sending real xDS
 * protos, and real Envoy sidecars (delta, reconnects, versions across a restart, slow readers).
 */
package dev.wharf.tests.ads;
