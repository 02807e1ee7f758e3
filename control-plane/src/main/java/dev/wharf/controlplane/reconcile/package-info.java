/**
 * The reconciler ({@link dev.wharf.controlplane.reconcile.Reconciler}): one thread that turns state
 * changes into coalesced reconcile passes, retries failing passes with backoff and reports their
 * health.
 */
package dev.wharf.controlplane.reconcile;
