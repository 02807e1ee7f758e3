/** Tests of the {@code wharf} command line: the flags of the TLS settings. */
package dev.wharf.controlplane.cli;
