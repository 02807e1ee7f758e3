package dev.wharf.controlplane.local;

import dev.wharf.api.arn.Arn;
import dev.wharf.api.model.ecs.ContainerDefinition;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.KeyValuePair;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.state.MeshState;
import dev.wharf.controlplane.ControlPlane;
import dev.wharf.controlplane.ControlPlaneConfig;
import dev.wharf.controlplane.demo.DemoApp;
import dev.wharf.controlplane.metrics.EdgeSummary;
import dev.wharf.controlplane.metrics.MetricsOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code wharf up}: the main job. Starts a control plane, applies an example directory through the
 * AWS API, then runs every service's {@code desiredCount} tasks as local processes in the loopback
 * layout: the built-in demo app plus a real Envoy sidecar each. The demo clients print every call
 * they make by short name, live; every 10 s a per-edge summary of the last minute (requests, 5xx,
 * p99, {@link EdgeSummary}) follows, from the metrics the control plane collects from the sidecars.
 * Ctrl-C stops the apps, the sidecars and the control plane.
 */
public final class UpRunner {
  private final PrintStream out;
  private final List<LocalTask> tasks = new ArrayList<>();
  private ControlPlane cp;

  /** {@code wharf up} scrapes every 5 s at 5 s resolution, so its summary moves while you watch. */
  static final MetricsOptions UP_METRICS =
      new MetricsOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofHours(1));

  private static final Duration SUMMARY_EVERY = Duration.ofSeconds(10);
  private static final Duration SUMMARY_WINDOW = Duration.ofSeconds(60);
  private final ScheduledExecutorService summaries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "wharf-up-summary");
    t.setDaemon(true);
    return t;
  });

  public UpRunner(PrintStream out) {
    this.out = out;
  }

  /** Runs until interrupted (Ctrl-C). */
  public void run(Path example, ControlPlaneConfig config, Path workDir) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop();
      stopped.countDown();
    }, "wharf-up-stop"));
    start(example, config, workDir);
    stopped.await();
  }

  /** Starts everything and returns once every sidecar is LIVE. */
  public void start(Path example, ControlPlaneConfig config, Path workDir) throws Exception {
    cp = ControlPlane.start(config.withMetrics(UP_METRICS));
    URI api = URI.create("http://" + config.apiHost() + ":" + cp.apiPort() + "/");
    out.println("Wharf control plane: AWS API " + api + "  ADS " + config.xdsHost() + ":" + cp.xdsPort());
    out.println("Applying " + example + ":");
    ExampleFiles.apply(example, new AwsApiClient(api), out);
    MeshState state = cp.store().current();
    List<EcsService> services = new ArrayList<>(state.services().values());
    services.sort(Comparator.comparing(EcsService::createdAt).thenComparing(EcsService::serviceName));
    int a = 0;
    for (EcsService s : services) {
      a++;
      TaskDefinition td = state.taskDefinitions().get(s.taskDefinition());
      for (int b = 1; b <= s.desiredCount(); b++) {
        String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        String cluster = Arn.resourceId(s.clusterArn());
        String[] arn = s.serviceArn().split(":");
        LocalTask.Spec spec = new LocalTask.Spec(arn[3], arn[4], cluster, s.serviceName(), id, a, b);
        tasks.add(LocalTask.start(spec, api, config.xdsHost(), cp.xdsPort(), false, workDir.resolve(id),
            (sp, hosts) -> startDemoApp(sp, hosts, td)));
        out.printf("  task %-10s %s  ingress %s  app %s%n",
            s.serviceName(), id.substring(0, 6), spec.ingressIp(), spec.appIp());
      }
    }
    for (LocalTask t : tasks) {
      t.awaitReady(Duration.ofSeconds(30));
    }
    out.println("All sidecars are LIVE. Requests by short name follow; Ctrl-C stops everything.");
    out.println("Try: aws --endpoint-url " + api + " ecs describe-services --cluster shop --services payments");
    summaries.scheduleWithFixedDelay(this::printSummary, SUMMARY_EVERY.toSeconds(), SUMMARY_EVERY.toSeconds(),
        TimeUnit.SECONDS);
  }

  /** The per-edge summary of the last {@link #SUMMARY_WINDOW}, from the collected metrics. */
  private synchronized void printSummary() {
    if (cp == null) {
      return;
    }
    List<String> lines = EdgeSummary.lines(cp.metrics(), Instant.now(), SUMMARY_WINDOW);
    if (!lines.isEmpty()) {
      out.println("metrics, last " + SUMMARY_WINDOW.toSeconds() + " s (caller -> target, as the caller saw it):");
      lines.forEach(out::println);
    }
  }

  /** Stops the tasks, then the control plane. */
  public synchronized void stop() {
    summaries.shutdownNow();
    for (LocalTask t : tasks) {
      try {
        t.close();
      } catch (RuntimeException e) {
        out.println("could not stop task " + t.spec().taskId() + ": " + e.getMessage());
      }
    }
    tasks.clear();
    if (cp != null) {
      cp.close();
      cp = null;
    }
  }

  private static AutoCloseable startDemoApp(LocalTask.Spec spec, Path hosts, TaskDefinition td) throws IOException {
    ContainerDefinition c = td.containerDefinitions().get(0);
    Map<String, String> env = new LinkedHashMap<>();
    if (c.environment() != null) {
      for (KeyValuePair kv : c.environment()) {
        env.put(kv.name(), kv.value());
      }
    }
    env.put("WHARF_SERVICE", spec.service());
    env.put("WHARF_TASK_ID", spec.taskId());
    env.put("APP_ADDR", spec.appIp());
    if (!c.portMappings().isEmpty()) {
      env.put("APP_PORT", String.valueOf(c.portMappings().get(0).containerPort()));
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
        "-Djdk.net.hosts.file=" + hosts, "-Dsun.net.inetaddr.ttl=0", "-Dsun.net.inetaddr.negative.ttl=0",
        "-cp", System.getProperty("java.class.path"), DemoApp.class.getName());
    pb.environment().putAll(env);
    pb.inheritIO();
    Process p = pb.start();
    return () -> {
      p.destroy();
      p.waitFor();
    };
  }
}
