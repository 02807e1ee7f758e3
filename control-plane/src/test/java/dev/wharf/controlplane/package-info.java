/**
 * A smoke test of the assembled control-plane process: the AWS API over HTTP on ephemeral ports.
 */
package dev.wharf.controlplane;
