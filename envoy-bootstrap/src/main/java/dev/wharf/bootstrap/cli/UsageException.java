package dev.wharf.bootstrap.cli;

/**
 * A command line that cannot be run: an unknown, repeated or malformed flag, or a bad value. Its
 * message names the flag and is meant for the user; the command's entry point prints it and exits
 * with status 2. Never exits the process itself.
 */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A usage error with a message for the user. */
  public UsageException(String message) {
    super(message);
  }
}
