package dev.wharf.controlplane;

import dev.wharf.controlplane.ca.TlsSettings;
import dev.wharf.controlplane.metrics.MetricsOptions;
import dev.wharf.translator.TranslatorOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a control plane runs. Defaults ({@link #defaults(Path)}): AWS API on 127.0.0.1:7878, ADS on
 * 127.0.0.1:18000, 20 ms reconcile quiet period with at most 1 s delay, and a 30 s restart grace
 * period: after a restart, tasks restored from disk keep their endpoints for 30 s, long enough for
 * their sidecars (reconnect backoff at most 1 s) to come back; tasks whose sidecars did not are then
 * withdrawn. Security ({@link Security#defaults()}): sidecar credentials required and ADS over TLS
 * unless ADS binds loopback; API signatures unchecked unless a credentials file is given.
 */
public record ControlPlaneConfig(
    String apiHost,
    int apiPort,
    String xdsHost,
    int xdsPort,
    Path dataDir,
    Duration taskGrace,
    Duration reconcileQuiet,
    Duration reconcileMaxDelay,
    boolean adminReset,
    TranslatorOptions translatorOptions,
    TlsSettings tls,
    MetricsOptions metrics,
    Security security) {

  /** When a setting applies: {@code AUTO} applies it when the ADS address is not loopback. */
  public enum When {
    AUTO, ALWAYS, NEVER;

    /** Whether the setting applies for a server bound to {@code host}. */
    public boolean appliesTo(String host) {
      return this == ALWAYS || (this == AUTO && !isLoopback(host));
    }
  }

  /**
   * Who may talk to the server (README "Security").
   *
   * @param sidecarCredentialRequired when ADS streams without a sidecar credential are refused
   *     (default: beyond loopback); a presented credential is always checked
   * @param adsTls when ADS is served over TLS (default: beyond loopback)
   * @param apiCredentials the {@code --credentials} file whose keys sign API calls, or null to
   *     check no signature
   */
  public record Security(When sidecarCredentialRequired, When adsTls, Path apiCredentials) {
    /** The defaults: credentials and TLS required beyond loopback, API signatures unchecked. */
    public static Security defaults() {
      return new Security(When.AUTO, When.AUTO, null);
    }
  }

  /** True for 127.0.0.0/8, ::1 and localhost. */
  public static boolean isLoopback(String host) {
    return host.startsWith("127.") || host.equals("::1") || host.equals("[::1]") || host.equals("localhost");
  }

  public static final int DEFAULT_API_PORT = 7878;
  public static final int DEFAULT_XDS_PORT = 18000;

  /**
   * How long the state must be quiet before a reconcile pass. A pass costs what changed (about 10 ms
   * of CPU for one endpoint change among 3,000 proxies), so a short wait is cheap, and it is what a
   * single change adds to its latency. A burst (a reconnect storm, a deployment) keeps signalling
   * and is coalesced up to the 1 s maximum delay instead.
   */
  public static final Duration DEFAULT_RECONCILE_QUIET = Duration.ofMillis(20);

  /** The documented defaults, with state in {@code dataDir}. */
  public static ControlPlaneConfig defaults(Path dataDir) {
    return new ControlPlaneConfig("127.0.0.1", DEFAULT_API_PORT, "127.0.0.1", DEFAULT_XDS_PORT, dataDir,
        Duration.ofSeconds(30), DEFAULT_RECONCILE_QUIET, Duration.ofSeconds(1), false,
        TranslatorOptions.defaults(), TlsSettings.defaults(), MetricsOptions.defaults(), Security.defaults());
  }

  /** The same with free ports picked by the OS (tests). */
  public ControlPlaneConfig withEphemeralPorts() {
    return new ControlPlaneConfig(apiHost, 0, xdsHost, 0, dataDir, taskGrace, reconcileQuiet,
        reconcileMaxDelay, adminReset, translatorOptions, tls, metrics, security);
  }

  public ControlPlaneConfig withPorts(int api, int xds) {
    return new ControlPlaneConfig(apiHost, api, xdsHost, xds, dataDir, taskGrace, reconcileQuiet,
        reconcileMaxDelay, adminReset, translatorOptions, tls, metrics, security);
  }

  public ControlPlaneConfig withTaskGrace(Duration grace) {
    return new ControlPlaneConfig(apiHost, apiPort, xdsHost, xdsPort, dataDir, grace, reconcileQuiet,
        reconcileMaxDelay, adminReset, translatorOptions, tls, metrics, security);
  }

  public ControlPlaneConfig withAdminReset(boolean enabled) {
    return new ControlPlaneConfig(apiHost, apiPort, xdsHost, xdsPort, dataDir, taskGrace, reconcileQuiet,
        reconcileMaxDelay, enabled, translatorOptions, tls, metrics, security);
  }

  public ControlPlaneConfig withTranslatorOptions(TranslatorOptions options) {
    return new ControlPlaneConfig(apiHost, apiPort, xdsHost, xdsPort, dataDir, taskGrace, reconcileQuiet,
        reconcileMaxDelay, adminReset, options, tls, metrics, security);
  }

  /** The same with another CA or leaf lifetimes (spec 54-56). */
  public ControlPlaneConfig withTls(TlsSettings settings) {
    return new ControlPlaneConfig(apiHost, apiPort, xdsHost, xdsPort, dataDir, taskGrace, reconcileQuiet,
        reconcileMaxDelay, adminReset, translatorOptions, settings, metrics, security);
  }

  /** The same with other metrics collection options (scrape period, resolution, retention). */
  public ControlPlaneConfig withMetrics(MetricsOptions options) {
    return new ControlPlaneConfig(apiHost, apiPort, xdsHost, xdsPort, dataDir, taskGrace, reconcileQuiet,
        reconcileMaxDelay, adminReset, translatorOptions, tls, options, security);
  }

  public ControlPlaneConfig withSecurity(Security s) {
    return new ControlPlaneConfig(apiHost, apiPort, xdsHost, xdsPort, dataDir, taskGrace, reconcileQuiet,
        reconcileMaxDelay, adminReset, translatorOptions, tls, metrics, s);
  }
}
