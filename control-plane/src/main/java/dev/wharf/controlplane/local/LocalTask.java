package dev.wharf.controlplane.local;

import dev.wharf.api.json.WharfJson;
import dev.wharf.bootstrap.BootstrapParams;
import dev.wharf.bootstrap.CredentialSource;
import dev.wharf.bootstrap.EnvoyBinary;
import dev.wharf.bootstrap.NodeIdentity;
import dev.wharf.bootstrap.Sidecar;
import dev.wharf.bootstrap.cli.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One task run locally in the loopback layout (DESIGN.md "Network layouts"): its app, a real Envoy
 * sidecar pointed at the control plane, and its hosts file, which maps each Service Connect alias to
 * the task's own VIP and is kept in step with the control plane (polled every 200 ms).
 *
 * <p>Task slot (a, b) gives ingress {@code 127.1.a.b}, app {@code 127.2.a.b}, Envoy admin
 * {@code 127.3.a.b:9901}, and alias VIPs {@code 127.(128+k).a.b}.
 */
public final class LocalTask implements AutoCloseable {
  /** What to run. */
  public record Spec(String region, String account, String cluster, String service, String taskId, int a, int b) {
    public Spec {
      if (a < 0 || a > 255 || b < 0 || b > 255) {
        throw new IllegalArgumentException("task slot must be in 0..255.0..255");
      }
    }

    public String slot() {
      return a + "." + b;
    }

    public String ingressIp() {
      return "127.1." + slot();
    }

    public String appIp() {
      return "127.2." + slot();
    }

    public String adminIp() {
      return "127.3." + slot();
    }

    public NodeIdentity identity() {
      return new NodeIdentity(
          region, account, cluster, service, taskId, "loopback", ingressIp(), appIp(), slot(), null);
    }
  }

  /** Starts a task's app, given its spec and hosts file. */
  @FunctionalInterface
  public interface AppStarter {
    AutoCloseable start(Spec spec, Path hostsFile) throws IOException;
  }

  private final Spec spec;
  private final URI api;
  private final Path workDir;
  private final Path hostsFile;
  private final ScheduledExecutorService poller;
  private final AutoCloseable app;
  private final Sidecar sidecar;

  private LocalTask(Spec spec, URI api, Path workDir, Path hostsFile, ScheduledExecutorService poller,
      AutoCloseable app, Sidecar sidecar) {
    this.spec = spec;
    this.api = api;
    this.workDir = workDir;
    this.hostsFile = hostsFile;
    this.poller = poller;
    this.app = app;
    this.sidecar = sidecar;
  }

  /**
   * Starts the app, then the sidecar, and keeps the hosts file current.
   *
   * @param api the control plane's API endpoint (for {@code /wharf/hosts})
   */
  public static LocalTask start(Spec spec, URI api, String xdsHost, int xdsPort, boolean deltaAds, Path workDir,
      AppStarter appStarter) throws IOException {
    return start(spec, api, xdsHost, xdsPort, deltaAds, workDir, appStarter, new CredentialClient(null, null, null));
  }

  /**
   * Starts the app, then the sidecar with a credential (and the ADS CA, over TLS) from
   * {@code credentials}, and keeps the hosts file current.
   *
   * @param api the control plane's API endpoint (for {@code /wharf/hosts} and the credential)
   */
  public static LocalTask start(Spec spec, URI api, String xdsHost, int xdsPort, boolean deltaAds, Path workDir,
      AppStarter appStarter, CredentialSource credentials) throws IOException {
    Files.createDirectories(workDir);
    Path hosts = workDir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost\n");
    AwsApiClient client = new AwsApiClient(api);
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hosts-" + spec.taskId());
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(() -> refreshHosts(client, spec.taskId(), hosts), 0, 200, TimeUnit.MILLISECONDS);
    AutoCloseable app = null;
    try {
      app = appStarter.start(spec, hosts);
      CredentialSource.Issued issued = credentials.fetch(api.toString(), spec.identity());
      BootstrapParams params = BootstrapParams.of(spec.identity(), xdsHost, xdsPort, spec.adminIp(), 9901, deltaAds)
          .withCredential(issued.credential());
      if (issued.xdsTrust() != null) {
        params = params.withXdsTrust(issued.xdsTrust());
      }
      Sidecar sidecar = Sidecar.start(EnvoyBinary.locate(), params, workDir);
      return new LocalTask(spec, api, workDir, hosts, poller, app, sidecar);
    } catch (UsageException e) {
      poller.shutdownNow();
      closeQuietly(app);
      throw new IOException("no sidecar credential for " + spec.identity().taskArn() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      poller.shutdownNow();
      closeQuietly(app);
      throw e;
    }
  }

  private static void refreshHosts(AwsApiClient client, String taskId, Path hosts) {
    try {
      AwsApiClient.Reply r = client.admin("/wharf/hosts/" + taskId);
      if (r.ok() && !r.body().equals(Files.readString(hosts))) {
        Path tmp = hosts.resolveSibling("hosts.tmp");
        Files.writeString(tmp, r.body());
        Files.move(tmp, hosts, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      // The control plane may be restarting; the last hosts file stays, as Envoy keeps its config.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Spec spec() {
    return spec;
  }

  public Sidecar sidecar() {
    return sidecar;
  }

  public Path hostsFile() {
    return hostsFile;
  }

  public Path workDir() {
    return workDir;
  }

  /** Waits until the sidecar's Envoy is LIVE. */
  public LocalTask awaitReady(Duration timeout) {
    sidecar.awaitReady(timeout);
    return this;
  }

  /**
   * Stops the task the way ECS stops a Service Connect task (spec 47, pain 4.2), so no client sees a
   * failure: ECS StopTask takes the task out of Cloud Map, and so out of every client's endpoints;
   * after {@code endpointGrace} (long enough for the control plane to push that, which takes at most
   * its 1 s reconcile delay) the sidecar's inbound listeners drain for {@code drainTime}; then the
   * sidecar and the app stop.
   */
  public void stopGracefully(Duration endpointGrace, Duration drainTime) throws IOException, InterruptedException {
    String arn = spec.identity().taskArn();
    String input = WharfJson.wire().writeValueAsString(
        Map.of("cluster", spec.cluster(), "task", arn, "reason", "stopped by wharf"));
    AwsApiClient.Reply r = new AwsApiClient(api).call("ecs", "StopTask", input);
    if (!r.ok()) {
      throw new IOException("StopTask failed: " + r.status() + " " + r.body());
    }
    Thread.sleep(endpointGrace.toMillis());
    sidecar.drainListeners(true);
    Thread.sleep(drainTime.toMillis());
    close();
  }

  /** Stops the sidecar (SIGKILL, no draining) and the app: the task vanishes at once. */
  public void kill() {
    poller.shutdownNow();
    sidecar.kill();
    closeQuietly(app);
  }

  /** Stops the sidecar gracefully, then the app. */
  @Override
  public void close() {
    poller.shutdownNow();
    sidecar.stop();
    closeQuietly(app);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      throw new UncheckedIOException(new IOException("could not stop " + c, e));
    }
  }
}
