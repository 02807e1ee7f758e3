package dev.wharf.controlplane;

import dev.wharf.api.WharfApi;
import dev.wharf.api.ecs.TaskLifecycle;
import dev.wharf.api.metrics.MetricsSource;
import dev.wharf.api.protocol.ApiOptions;
import dev.wharf.api.protocol.AwsJsonService;
import dev.wharf.api.state.H2StateStore;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import dev.wharf.controlplane.auth.AdsCertificates;
import dev.wharf.controlplane.auth.ApiCredentials;
import dev.wharf.controlplane.auth.SidecarCredentials;
import dev.wharf.controlplane.ca.CertificateAuthority;
import dev.wharf.controlplane.ca.SecretIssuer;
import dev.wharf.controlplane.ca.TlsSettings;
import dev.wharf.controlplane.http.AdminEndpoints;
import dev.wharf.controlplane.http.AdminView;
import dev.wharf.controlplane.http.ApiHttpServer;
import dev.wharf.controlplane.metrics.MetricsCollector;
import dev.wharf.controlplane.metrics.SidecarTarget;
import dev.wharf.controlplane.reconcile.Reconciler;
import dev.wharf.controlplane.tasks.TaskSessions;
import dev.wharf.controlplane.xds.GroupSnapshot;
import dev.wharf.controlplane.xds.ProxyStatusTracker;
import dev.wharf.controlplane.xds.SnapshotPublisher;
import dev.wharf.controlplane.xds.SnapshotStore;
import dev.wharf.controlplane.xds.XdsSecurity;
import dev.wharf.controlplane.xds.XdsServer;
import dev.wharf.controlplane.xds.XdsType;
import dev.wharf.translator.TranslationResult;
import dev.wharf.translator.Translator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Wharf control-plane process (DESIGN.md "Data flow"): the state store, the AWS API over HTTP,
 * the reconciler that translates state into per-proxy snapshots, and the ADS server that serves them
 * and turns sidecar streams into tasks.
 *
 * <p>A start never withdraws anything by itself: tasks restored from disk are marked disconnected and
 * keep their endpoints until their sidecars reconnect or {@link ControlPlaneConfig#taskGrace()} ends.
 */
public final class ControlPlane implements AdminView, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  private final ControlPlaneConfig config;
  private final StateStore store;
  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SnapshotStore cache = new SnapshotStore();
  private final SnapshotPublisher publisher = new SnapshotPublisher(cache);
  private final ProxyStatusTracker tracker = new ProxyStatusTracker(meters);
  private final TaskSessions sessions;
  private final Translator translator;
  private final Reconciler reconciler;
  private final CertificateAuthority ca;
  private final SecretIssuer secrets;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "wharf-timers");
    t.setDaemon(true);
    return t;
  });
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** How long after the last sidecar arrival the restart grace period may end (see endGrace). */
  private static final Duration GRACE_EXTENSION = Duration.ofSeconds(5);
  /** How long a root rotation step waits for every proxy's ACK before going on regardless. */
  private static final Duration ROOT_ROTATION_WAIT = Duration.ofSeconds(60);

  private final Timer passTimer;
  private final Timer passCpu;
  private final MultiGauge grpcDiscoveryNames;
  private volatile long startedNanos;
  private volatile TranslationResult lastResult;
  private XdsServer xds;
  private SidecarCredentials sidecarCredentials;
  private String xdsTrust;
  private ApiHttpServer http;
  private AwsJsonService api;
  private MetricsCollector metrics;

  private ControlPlane(ControlPlaneConfig config) {
    this.config = config;
    this.store = new TimedStateStore(H2StateStore.open(config.dataDir()), meters);
    this.sessions = new TaskSessions(store, Clock.systemUTC());
    this.translator = new Translator(config.translatorOptions());
    TlsSettings tls = config.tls();
    this.ca = tls.caCert() == null ? CertificateAuthority.openBuiltIn(config.dataDir(), Clock.systemUTC())
        : CertificateAuthority.bringYourOwn(tls.caCert(), tls.caKey(), Clock.systemUTC());
    this.secrets = new SecretIssuer(ca, tls.leafValidity(), tls.leafRenewAfter(), Clock.systemUTC(),
        config.translatorOptions().mutualTls(), config.dataDir().resolve("ca").resolve("leaves"));
    this.reconciler = new Reconciler(this::reconcile, config.reconcileQuiet(), config.reconcileMaxDelay());
    this.passTimer = Timer.builder("wharf.reconcile.pass")
        .description("wall time of a reconcile pass (translate + publish)")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(meters);
    this.passCpu = Timer.builder("wharf.reconcile.pass.cpu")
        .description("CPU time of the reconciler thread per pass (translate + publish)").register(meters);
    this.grpcDiscoveryNames = MultiGauge.builder("wharf.grpc.discovery.name")
        .description("1 per ECS cluster and discovery name a connected task serves with appProtocol grpc "
            + "(spec 58 GrpcRequestCount: join with the sidecars' ingress request counts)")
        .register(meters);
    FunctionCounter.builder("wharf.reconcile.failures", reconciler, r -> r.health().failures())
        .description("reconcile passes that failed (each is retried with backoff)").register(meters);
    Gauge.builder("wharf.reconcile.failing", reconciler, r -> r.health().consecutiveFailures())
        .description("failed reconcile passes since the last success; 0 when healthy").register(meters);
    FunctionCounter.builder("wharf.tasks.transactions", sessions, TaskSessions::batches)
        .description("store transactions written for sidecar connects and disconnects").register(meters);
    FunctionCounter.builder("wharf.tasks.changes", sessions, TaskSessions::changesApplied)
        .description("task registrations and withdrawals applied").register(meters);
  }

  /** Opens the store and starts serving. */
  public static ControlPlane start(ControlPlaneConfig config) {
    ControlPlane cp = new ControlPlane(config);
    try {
      cp.startServing();
    } catch (RuntimeException e) {
      cp.close();
      throw e;
    }
    return cp;
  }

  private void startServing() {
    store.apply(TaskLifecycle.markAllDisconnected());
    store.subscribe(change -> reconciler.signal());
    metrics = MetricsCollector.start(store::current, config.metrics(), Clock.systemUTC());
    api = WharfApi.create(store, Clock.systemUTC(), ApiOptions.defaults().withAdminResetEnabled(config.adminReset()),
        metrics.source());
    reconciler.start();
    ControlPlaneConfig.Security sec = config.security();
    sidecarCredentials = SidecarCredentials.open(config.dataDir());
    XdsSecurity.Tls tls = null;
    if (sec.adsTls().appliesTo(config.xdsHost())) {
      AdsCertificates.Issued issued = AdsCertificates.inDataDir(config.dataDir()).serverCertificate();
      tls = new XdsSecurity.Tls(issued.certChain(), issued.privateKey());
      xdsTrust = issued.trustPem();
    }
    boolean required = sec.sidecarCredentialRequired().appliesTo(config.xdsHost());
    xds = XdsServer.start(config.xdsHost(), config.xdsPort(), cache, tracker, List.of(sessions),
        new XdsSecurity(sidecarCredentials, required, tls));
    ApiCredentials keys = sec.apiCredentials() == null ? null : ApiCredentials.read(sec.apiCredentials());
    http = ApiHttpServer.start(config.apiHost(), config.apiPort(), api::answer, api::refusal,
        new AdminEndpoints(this), api.options().maxBodyBytes(), keys, Clock.systemUTC(), meters);
    warnIfExposed(keys, required);
    startedNanos = System.nanoTime();
    timers.schedule(this::endGrace, config.taskGrace().toMillis(), TimeUnit.MILLISECONDS);
    long renewCheck = Math.max(100, Math.min(60_000, config.tls().leafRenewAfter().toMillis() / 20));
    timers.scheduleWithFixedDelay(this::renewDueCertificates, renewCheck, renewCheck, TimeUnit.MILLISECONDS);
    LOG.info("Wharf control plane: AWS API http://{}:{}  ADS {}:{}  data {}", config.apiHost(), apiPort(),
        config.xdsHost(), xdsPort(), config.dataDir());
  }

  private void warnIfExposed(ApiCredentials keys, boolean sidecarsChecked) {
    exposureWarnings(config, keys != null, sidecarsChecked).forEach(LOG::warn);
  }

  /**
   * What is unchecked on an address others can reach, one warning each (printed at start): the API
   * or ADS beyond loopback without API credentials, ADS beyond loopback admitting sidecars without
   * a credential. Empty when everything listens on loopback or is checked.
   */
  static List<String> exposureWarnings(ControlPlaneConfig config, boolean apiChecked, boolean sidecarsChecked) {
    boolean apiExposed = !ControlPlaneConfig.isLoopback(config.apiHost());
    boolean adsExposed = !ControlPlaneConfig.isLoopback(config.xdsHost());
    List<String> out = new ArrayList<>();
    if (!apiChecked && (apiExposed || adsExposed)) {
      out.add("WARNING: the AWS API (" + config.apiHost() + ") and ADS (" + config.xdsHost() + ") listen beyond"
          + " loopback and no --credentials file is set: anyone who reaches the API can change all state and obtain"
          + " sidecar credentials (which admit a sidecar to ADS as any task). Start with --credentials FILE to"
          + " require SigV4-signed calls.");
    }
    if (adsExposed && !sidecarsChecked) {
      out.add("WARNING: ADS listens on " + config.xdsHost() + " and admits sidecars without a credential: any"
          + " process that reaches it can claim any task and receive its namespace's configuration and traffic.");
    }
    return out;
  }

  @Override
  public String issueSidecarCredential(String taskArn, String service) {
    return sidecarCredentials.issue(taskArn, service, Instant.now().plus(SidecarCredentials.DEFAULT_TTL));
  }

  @Override
  public String xdsTrust() {
    return xdsTrust;
  }

  /**
   * The restart grace period ends: tasks whose sidecars did not come back are withdrawn. While
   * sidecars are still arriving (one connected in the last {@link #GRACE_EXTENSION}), the end moves
   * by that much, up to four times the configured grace: thousands of sidecars reconnecting to a
   * busy server can take longer than the grace, and withdrawing them mid-storm would only churn
   * every proxy's endpoints twice.
   */
  private void endGrace() {
    long sinceArrival = System.nanoTime() - sessions.lastArrivalNanos();
    long extended = System.nanoTime() - startedNanos - config.taskGrace().toNanos();
    if (sinceArrival < GRACE_EXTENSION.toNanos() && extended < 3 * config.taskGrace().toNanos()) {
      timers.schedule(this::endGrace, GRACE_EXTENSION.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    try {
      store.apply(TaskLifecycle.withdrawDisconnected());
    } catch (RuntimeException e) {
      LOG.error("could not withdraw tasks whose sidecars did not come back", e);
    }
  }

  /**
   * One reconcile pass: translate the current state (incrementally: the translator reuses what did
   * not change) and publish every group (groups whose plan is unchanged cost an identity check).
   * Reconciler thread only; a pass that throws is retried by the {@link Reconciler}.
   */
  private void reconcile() {
    long start = System.nanoTime();
    long cpu = THREADS.getCurrentThreadCpuTime();
    MeshState state = store.current();
    TranslationResult result = translator.translate(state);
    publisher.publish(secrets.withSecrets(result.groups(), result.ir()));
    secrets.published();
    lastResult = result;
    grpcDiscoveryNames.register(SidecarTarget.of(state).stream()
        .flatMap(t -> t.grpcDiscoveryNames().stream().map(dn -> Tags.of("ClusterName", t.clusterName(),
            "DiscoveryName", dn)))
        .distinct()
        .map(tags -> MultiGauge.Row.of(tags, 1))
        .toList(), true);
    passTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    passCpu.record(THREADS.getCurrentThreadCpuTime() - cpu, TimeUnit.NANOSECONDS);
    sessions.retryPending();
  }

  /** Leaves due for renewal (spec 55) are replaced by the next pass: start one when the first is due. */
  private void renewDueCertificates() {
    if (!Instant.now().isBefore(secrets.nextRenewal())) {
      reconciler.signal();
    }
  }

  /**
   * Replaces the CA's root under traffic, without a failed handshake: (1) a new root joins the trust
   * bundle, (2) once every connected proxy has ACKed its secrets, the new root signs and every leaf
   * is reissued, (3) once every proxy has ACKed those, the old root leaves the bundle. Each wait ends
   * after {@code maxWait} at the latest (a proxy that never ACKs is logged, not waited for forever).
   * Blocks the caller; one rotation at a time. A rotation a restart interrupted (the CA's files say
   * which step it reached) is resumed from that step.
   */
  public synchronized void rotateRoot(Duration maxWait) throws InterruptedException {
    if (!ca.staged() && !ca.retiring()) {
      ca.stageNextRoot();
    }
    if (ca.staged()) {
      awaitSecrets(() -> ca.trustBundlePem().equals(secrets.publishedBundle()), maxWait,
          "the new root in the bundle");
      ca.activateNextRoot();
    }
    awaitSecrets(() -> secrets.publishedGeneration() == ca.generation(), maxWait, "leaves from the new root");
    ca.dropPreviousRoot();
    awaitSecrets(() -> ca.trustBundlePem().equals(secrets.publishedBundle()), maxWait,
        "the bundle without the old root");
  }

  /** Signals a pass, waits until {@code published} holds, then until every proxy ACKed its secrets. */
  private void awaitSecrets(BooleanSupplier published, Duration maxWait, String what) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    reconciler.signal();
    while (!published.getAsBoolean() || !tracker.allAcked(XdsType.SECRET, this::secretVersion)) {
      if (System.nanoTime() > deadline) {
        LOG.warn("root rotation: not every proxy ACKed {} within {}; going on", what, maxWait);
        return;
      }
      Thread.sleep(50);
    }
    LOG.info("root rotation: every proxy holds {}", what);
  }

  /** The secrets version a group is served, or null when it has none. */
  private String secretVersion(String group) {
    GroupSnapshot g = publisher.current(group);
    return g == null || g.get(XdsType.SECRET).size() == 0 ? null : g.get(XdsType.SECRET).version();
  }

  @Override
  public String trustBundlePem() {
    return ca.trustBundlePem();
  }

  @Override
  public void rotateRoot() throws InterruptedException {
    rotateRoot(ROOT_ROTATION_WAIT);
  }

  /** The CA (its trust bundle, and server certificates for the control plane's own TLS). */
  public CertificateAuthority ca() {
    return ca;
  }

  /** The leaves in use by secret name (serials, hex). */
  public Map<String, String> certificateSerials() {
    return secrets.serials();
  }

  @Override
  public boolean resetEnabled() {
    return config.adminReset();
  }

  @Override
  public void resetAll() {
    api.resetAll();
  }

  @Override
  public Map<String, String> rejectedTasks() {
    return sessions.rejections();
  }

  @Override
  public String storeWriteFailure() {
    return store.writeFailure();
  }

  /** How reconcile passes are going (admin {@code /wharf/health}). */
  @Override
  public Reconciler.Health reconcileHealth() {
    return reconciler.health();
  }

  @Override
  public List<SidecarTarget> metricsTargets() {
    return SidecarTarget.of(store.current());
  }

  /** Service Connect's metrics collected from the sidecars (empty until the first scrape). */
  public MetricsSource metrics() {
    return metrics == null ? MetricsSource.empty() : metrics.source();
  }

  /** The collector itself (its pass count). */
  public MetricsCollector metricsCollector() {
    return metrics;
  }

  public int apiPort() {
    return http.port();
  }

  public int xdsPort() {
    return xds.port();
  }

  public ControlPlaneConfig config() {
    return config;
  }

  public StateStore store() {
    return store;
  }

  @Override
  public MeterRegistry meters() {
    return meters;
  }

  @Override
  public ProxyStatusTracker tracker() {
    return tracker;
  }

  @Override
  public SnapshotPublisher publisher() {
    return publisher;
  }

  /** The newest translation, or null before the first pass. */
  @Override
  public TranslationResult lastResult() {
    return lastResult;
  }

  @Override
  public void close() {
    timers.shutdownNow();
    if (metrics != null) {
      metrics.close();
    }
    sessions.close();
    if (http != null) {
      http.close();
    }
    if (xds != null) {
      xds.close();
    }
    reconciler.close();
    store.close();
  }
}
