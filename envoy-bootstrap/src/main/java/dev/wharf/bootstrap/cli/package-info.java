/**
 * Command-line flag parsing shared by every {@code wharf} command ({@code wharf server}, {@code up}
 * in control-plane, {@code wharf bootstrap} here): {@link dev.wharf.bootstrap.cli.Flags} parses and
 * throws {@link dev.wharf.bootstrap.cli.UsageException}; only a command's entry point turns that
 * into a message and an exit status. Depends on nothing else in Wharf.
 */
package dev.wharf.bootstrap.cli;
