package dev.wharf.bootstrap;

import dev.wharf.bootstrap.cli.UsageException;

/**
 * Where {@code wharf bootstrap --endpoint URL} gets a task's sidecar credential: the control plane's
 * credential endpoint, called by the CLI (which can sign the call). Implementations may block.
 */
@FunctionalInterface
public interface CredentialSource {
  /**
   * What the control plane issued.
   *
   * @param credential the sidecar credential for the task
   * @param xdsTrust the PEM certificates that sign the control plane's ADS certificate, or null when
   *     it serves ADS in plaintext
   */
  record Issued(String credential, String xdsTrust) {}

  /**
   * Asks the control plane at {@code endpoint} for {@code identity}'s credential.
   *
   * @throws UsageException when the control plane cannot be reached or refuses (the message says why)
   */
  Issued fetch(String endpoint, NodeIdentity identity) throws UsageException;
}
