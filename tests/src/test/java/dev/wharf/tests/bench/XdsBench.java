package dev.wharf.tests.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.wharf.api.state.MeshState;
import dev.wharf.controlplane.xds.ContentVersions;
import dev.wharf.controlplane.xds.ProxyStatusTracker;
import dev.wharf.controlplane.xds.SnapshotPublisher;
import dev.wharf.controlplane.xds.SnapshotStore;
import dev.wharf.controlplane.xds.XdsServer;
import dev.wharf.translator.xds.ProxyPlan;
import dev.wharf.translator.xds.ProxyResources;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.controlplane.server.serializer.CachedProtoResourcesSerializer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark run, the control-plane side: serves K proxy groups (one per simulated task, all with
 * the mesh's client resources) with Wharf's ADS server or java-control-plane's stock
 * {@code SimpleCache} + {@code V3DiscoveryServer} (cached serializer, one shared snapshot object),
 * starts {@link BenchClients} in a separate JVM, times the initial sync, then adds and removes a
 * task of {@code svc-0000} {@code changes} times: each change is translated and published, and the
 * clients report when all K hold the new endpoints.
 *
 * <p>Usage: {@code XdsBench <wharf|stock> <K> <S> <changes>}; prints one {@code RESULT} line.
 */
public final class XdsBench {
  /** Unmeasured changes first, so the figures are the JIT-compiled steady state. */
  static final int WARMUP = 20;

  private XdsBench() {}

  /** The serving side under test. */
  interface Plane extends AutoCloseable {
    int port();

    /** Publishes {@code g} to every one of the K groups. */
    void publishAll(ProxyResources g);

    @Override
    void close();
  }

  public static void main(String[] args) throws Exception {
    String impl = args[0];
    int k = Integer.parseInt(args[1]);
    int s = Integer.parseInt(args[2]);
    int changes = Integer.parseInt(args[3]);
    String protocol = args.length > 4 ? args[4] : "sotw";
    MeshState base = BenchState.build(s, 1);
    MeshState extra = BenchState.withExtraTask(base);
    ProxyResources g0 = BenchState.clientGroup(base);
    try (Plane plane = impl.equals("stock") ? stock(k) : wharf(k)) {
      plane.publishAll(g0);
      long heapIdle = heapAfterGc();
      long cpu0 = cpu();
      List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx3g", "-XX:+UseParallelGC",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
          System.getProperty("java.class.path"), BenchClients.class.getName(), String.valueOf(plane.port()),
          String.valueOf(k), "svc-0000", protocol));
      long start = System.nanoTime();
      Process clients = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader in = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter out = new PrintWriter(clients.getOutputStream(), true, StandardCharsets.UTF_8);
      String synced = expect(in, "SYNCED");
      double syncMs = (Long.parseLong(synced.split(" ")[1]) - start) / 1e6;
      double syncCpuMs = (cpu() - cpu0) / 1e6;
      long heapConnected = heapAfterGc();
      ChangeFigures f = runChanges(plane, in, out, base, extra, changes);
      out.println("QUIT");
      clients.waitFor(30, TimeUnit.SECONDS);
      clients.destroyForcibly();
      f.results().sort((a, b) -> Double.compare(a[1], b[1]));
      double p50 = median(f.results(), 0);
      double p99 = median(f.results(), 1);
      double max = f.results().stream().mapToDouble(r -> r[2]).max().orElse(-1);
      double bytes = median(f.results(), 3);
      System.out.printf(Locale.ROOT,
          "RESULT impl=%s protocol=%s K=%d S=%d changes=%d sync_ms=%.0f sync_cpu_ms=%.0f p50_ms=%.1f p99_ms=%.1f"
              + " max_ms=%.1f bytes_per_proxy=%.0f cpu_per_change_ms=%.0f translate_ms=%.1f publish_ms=%.1f"
              + " heap_idle_mib=%.0f heap_connected_mib=%.0f%n",
          impl, protocol, k, s, changes, syncMs, syncCpuMs, p50, p99, max, bytes, f.cpuPerChangeMs(),
          med(f.translateMs()), med(f.publishMs()), heapIdle / 1048576.0, heapConnected / 1048576.0);
    }
    System.exit(0);
  }

  /**
   * What the measured changes gave: per change the clients' {p50, p99, max, bytes per proxy}, the
   * translation and publication times, and the control plane's CPU per change.
   */
  private record ChangeFigures(List<double[]> results, List<Double> translateMs, List<Double> publishMs,
      double cpuPerChangeMs) {}

  /**
   * {@link #WARMUP} unmeasured changes, then {@code changes} measured ones, alternately adding and removing
   * the extra task; each waits until the clients report that all K converged.
   */
  private static ChangeFigures runChanges(Plane plane, BufferedReader in, PrintWriter out, MeshState base,
      MeshState extra, int changes) throws Exception {
    List<double[]> results = new ArrayList<>();
    List<Double> translateMs = new ArrayList<>();
    List<Double> publishMs = new ArrayList<>();
    long cpuChanges = cpu();
    int warmup = WARMUP;
    for (int i = 1; i <= changes + warmup; i++) {
      if (i == warmup + 1) {
        results.clear();
        translateMs.clear();
        publishMs.clear();
        cpuChanges = cpu();
      }
      boolean add = i % 2 == 1;
      long t0 = System.nanoTime();
      out.println("EXPECT " + i + " " + (add ? 4 : 3) + " " + t0);
      ProxyResources g = BenchState.clientGroup(add ? extra : base);
      long t1 = System.nanoTime();
      plane.publishAll(g);
      long t2 = System.nanoTime();
      translateMs.add((t1 - t0) / 1e6);
      publishMs.add((t2 - t1) / 1e6);
      String[] f = expect(in, "CONVERGED").split(" ");
      results.add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
          Double.parseDouble(f[5])});
    }
    double cpuPerChangeMs = (cpu() - cpuChanges) / 1e6 / changes;
    return new ChangeFigures(results, translateMs, publishMs, cpuPerChangeMs);
  }

  /** The median over changes of one per-change figure (each change's p50, p99 or bytes). */
  private static double median(List<double[]> rs, int i) {
    double[] v = rs.stream().mapToDouble(r -> r[i]).sorted().toArray();
    return v[v.length / 2];
  }

  private static double med(List<Double> v) {
    return v.stream().sorted().toList().get(v.size() / 2);
  }

  private static String expect(BufferedReader in, String prefix) throws Exception {
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line;
      }
      System.err.println("clients: " + line);
    }
    throw new IllegalStateException("clients exited before " + prefix);
  }

  static Plane wharf(int k) {
    SnapshotStore store = new SnapshotStore();
    SnapshotPublisher publisher = new SnapshotPublisher(store);
    XdsServer server = XdsServer.start("127.0.0.1", 0, store, new ProxyStatusTracker(new SimpleMeterRegistry()),
        List.of());
    return new Plane() {
      @Override
      public int port() {
        return server.port();
      }

      @Override
      public void publishAll(ProxyResources g) {
        Map<String, ProxyPlan> groups = new HashMap<>();
        ProxyPlan plan = ProxyPlan.of(g);
        for (int i = 0; i < k; i++) {
          groups.put("client-" + i, plan);
        }
        publisher.publish(groups);
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  static Plane stock(int k) throws Exception {
    SimpleCache<String> cache = new SimpleCache<>(n -> n.getId());
    V3DiscoveryServer xds = new V3DiscoveryServer(List.of(), cache, new DefaultExecutorGroup(),
        new CachedProtoResourcesSerializer(), () -> true);
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(xds.getAggregatedDiscoveryServiceImpl()).maxInboundMessageSize(256 << 20).build().start();
    return new Plane() {
      @Override
      public int port() {
        return server.getPort();
      }

      @Override
      public void publishAll(ProxyResources g) {
        Snapshot snap = Snapshot.create(g.clusters(), ContentVersions.of(g.clusters()), g.endpoints(),
            ContentVersions.of(g.endpoints()), g.listeners(), ContentVersions.of(g.listeners()), g.routes(),
            ContentVersions.of(g.routes()), List.of(), "s");
        for (int i = 0; i < k; i++) {
          cache.setSnapshot("client-" + i, snap);
        }
      }

      @Override
      public void close() {
        server.shutdownNow();
      }
    };
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long cpu() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
