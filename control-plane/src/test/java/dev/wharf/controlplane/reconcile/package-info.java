/**
 * Tests of the reconciler: a burst of changes makes few passes, a steady stream still passes at least
 * every second, and a failing pass is retried with backoff and reported until one succeeds.
 */
package dev.wharf.controlplane.reconcile;
