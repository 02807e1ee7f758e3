/**
 * The {@code wharf} command line: {@link dev.wharf.controlplane.cli.Main} dispatches the subcommands
 * (server, up, bootstrap, demo-app, ...), {@link dev.wharf.controlplane.cli.Flags} parses their
 * {@code --name value} flags.
 */
package dev.wharf.controlplane.cli;
