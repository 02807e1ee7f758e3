package dev.wharf.controlplane.http;

import dev.wharf.controlplane.metrics.SidecarTarget;
import dev.wharf.controlplane.reconcile.Reconciler;
import dev.wharf.controlplane.xds.ProxyStatusTracker;
import dev.wharf.controlplane.xds.SnapshotPublisher;
import dev.wharf.translator.TranslationResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * What the admin endpoints ({@link AdminEndpoints}) read and do, and nothing else: the running control
 * plane implements it. Keeps {@code http} from depending on the control plane that starts it.
 */
public interface AdminView {

  /** Whether {@code POST /wharf/reset} is allowed (the server was started with it enabled). */
  boolean resetEnabled();

  /** Wipes all state (the admin reset). */
  void resetAll();

  /** The last reconcile pass's translation, or null before the first. */
  TranslationResult lastResult();

  /** How reconcile passes are going. */
  Reconciler.Health reconcileHealth();

  /** Why the state store's last write failed, or null. */
  String storeWriteFailure();

  /** The connected proxies and their ACK/NACK state. */
  ProxyStatusTracker tracker();

  /** The published snapshots per group, and the groups not published. */
  SnapshotPublisher publisher();

  /** Sidecars whose task registration was rejected, by node id, with the reason. */
  Map<String, String> rejectedTasks();

  /** Wharf's trust bundle (PEM). */
  String trustBundlePem();

  /** Rotates the built-in CA root (spec 55); blocks until done; IllegalStateException when it cannot. */
  void rotateRoot() throws InterruptedException;

  /** The control plane's meters. */
  MeterRegistry meters();

  /** Every registered sidecar's metrics listener (what the collector scrapes), sorted by task ARN. */
  List<SidecarTarget> metricsTargets();

  /**
   * A sidecar credential for {@code taskArn} of ECS service {@code service}, valid for
   * {@link dev.wharf.controlplane.auth.SidecarCredentials#DEFAULT_TTL}.
   */
  String issueSidecarCredential(String taskArn, String service);

  /** The PEM certificates sidecars trust for the ADS certificate, or null when ADS is plaintext. */
  String xdsTrust();
}
