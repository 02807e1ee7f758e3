package dev.wharf.tests.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.tests.harness.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One cell of the end-to-end benchmark: S services × T tasks in one layout and protocol, against a
 * fresh server process and data directory. Runs the phases in order (setup, reconnect storm, churn,
 * restart, new service) and returns the figures as ordered {@code key=value} fields. A phase that
 * does not converge is recorded with what was observed ({@code FAILED(...)}); a phase that cannot run
 * because an earlier one failed is recorded as {@code FAILED(after ...)}; an exception ends the cell
 * with the fields measured so far plus {@code error=}. Never waits forever: every wait has a timeout.
 */
final class E2eCell {
  /** The phases' limits, in seconds (system properties {@code e2e.*} override them). */
  static final int SYNC_TIMEOUT = Integer.getInteger("e2e.syncTimeout", 600);
  static final int STALL = Integer.getInteger("e2e.stall", 90);
  static final int CHANGE_TIMEOUT = Integer.getInteger("e2e.changeTimeout", 60);
  /** Unmeasured join/leave pairs before the measured churn, so the figures are of a warm JIT. */
  static final int WARMUP = Integer.getInteger("e2e.warmup", 10);
  static final int QUIET = Integer.getInteger("e2e.quiet", 3);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int s;
  private final int t;
  private final String layout;
  private final String protocol;
  private final int changes;
  private final Path jar;
  private final String classpath;
  private final Path dir;
  private final Map<String, String> out = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  E2eCell(int s, int t, String layout, String protocol, int changes, Path jar, String classpath, Path dir) {
    this.s = s;
    this.t = t;
    this.layout = layout;
    this.protocol = protocol;
    this.changes = changes;
    this.jar = jar;
    this.classpath = classpath;
    this.dir = dir;
  }

  /** Runs every phase; the returned fields always include the cell's parameters and notes. */
  Map<String, String> run() throws Exception {
    int k = s * t;
    put("S", s);
    put("T", t);
    put("K", k);
    put("layout", layout);
    put("protocol", protocol);
    put("load_start", load());
    Path data = Files.createTempDirectory(dir, "data-");
    Path log = dir.resolve("server.log");
    int apiPort = ServerProcess.freePort();
    int xdsPort = ServerProcess.freePort();
    ServerUnderTest server = ServerUnderTest.start(jar, data, apiPort, xdsPort, log);
    FleetLink fleet = null;
    try (Estate estate = new Estate(apiPort)) {
      long c0 = server.cpuMillis();
      long t0 = System.nanoTime();
      estate.createBase();
      for (int j = 0; j <= s; j++) {
        estate.registerTaskDefinition(j); // j == s: the "new service" phase's, untimed
      }
      for (int j = 0; j < s; j++) {
        estate.createService(j, t);
      }
      put("setup_s", secs(System.nanoTime() - t0));
      put("setup_cpu_s", (server.cpuMillis() - c0) / 1000.0);
      Thread.sleep(2000);
      put("heap_idle_mib", server.heapAfterGcMiB());
      put("rss_idle_mib", server.rssMiB());

      fleet = FleetLink.start(classpath, xdsPort, s, t, layout, protocol, dir.resolve("fleet.log"));
      boolean synced = sync(server, fleet, estate, k);
      put("heap_connected_mib", server.alive() ? server.heapAfterGcMiB() : -1);
      put("rss_connected_mib", server.rssMiB());
      if (synced) {
        churn(server, fleet);
        server = restart(server, fleet, estate, data, log, apiPort, xdsPort, k);
        newService(server, fleet, estate);
      } else {
        for (String phase : List.of("add", "withdraw", "restart", "newsvc")) {
          put(phase, "FAILED(after_sync)");
        }
      }
      put("rss_end_mib", server.rssMiB());
    } catch (Exception e) {
      e.printStackTrace();
      put("error", String.valueOf(e).replace(' ', '_'));
    } finally {
      if (server.logContains("OutOfMemoryError")) {
        notes.add("server_log_has_OutOfMemoryError");
      }
      if (fleet != null) {
        fleet.close();
      }
      server.close();
      put("load_end", load());
      put("notes", notes.isEmpty() ? "-" : String.join(",", notes));
    }
    return out;
  }

  /** Reconnect storm: all K connect at once until all are registered and fully configured. */
  private boolean sync(ServerUnderTest server, FleetLink fleet, Estate estate, int k) throws Exception {
    long c0 = server.cpuMillis();
    long t0 = System.nanoTime();
    String[] a = fleet.call("CONNECT " + SYNC_TIMEOUT + " " + STALL);
    double waited = secs(System.nanoTime() - t0);
    put("sync_cpu_s", (server.cpuMillis() - c0) / 1000.0);
    boolean ok = a[1].equals("1");
    put("sync", ok ? "ok" : "FAILED(" + a[2] + "_of_" + a[3] + "_configured,gave_up_after_" + Math.round(waited)
        + "_s)");
    put("sync_s", ok ? (Object) (Double.parseDouble(a[4]) / 1000) : "-");
    put("sync_mib_sent", Long.parseLong(a[5]) / 1048576.0);
    put("registered", registered(server, estate));
    put("streams", server.alive() ? streams(server) : -1);
    put("health", server.alive() ? health(server) : "exited");
    if (!server.alive()) {
      notes.add("server_exited_during_sync");
    }
    return ok && server.alive();
  }

  /** The server's wharf.reconcile.pass.cpu timer: {count, total seconds, max seconds}; zeros if absent. */
  private static double[] passCpu(ServerUnderTest server) {
    try {
      var m = JSON.readTree(server.admin("/wharf/metrics")).path("wharf.reconcile.pass.cpu");
      return new double[] {m.path("count").asDouble(), m.path("total_time").asDouble(), m.path("max").asDouble()};
    } catch (Exception e) {
      return new double[] {0, 0, 0};
    }
  }

  /** {@code changes} tasks join (one at a time) and leave again; per change, the last proxy's ACK. */
  private void churn(ServerUnderTest server, FleetLink fleet) throws Exception {
    List<Double> add = new ArrayList<>();
    List<Double> withdraw = new ArrayList<>();
    long c0 = server.cpuMillis();
    double[] pass0 = passCpu(server);
    String failed = null;
    for (int c = 0; c < WARMUP + changes && failed == null; c++) {
      if (c == WARMUP) {
        // The measured changes start here: the warm-up ones let the JIT compile the churn path.
        add.clear();
        withdraw.clear();
        c0 = server.cpuMillis();
        pass0 = passCpu(server);
      }
      Thread.sleep(300);
      String[] a = fleet.call("ADD " + c + " " + (c % s) + " " + CHANGE_TIMEOUT);
      if (!a[1].equals("1")) {
        failed = "add_" + c + ":" + a[2] + "_of_" + a[3] + "_acked";
        break;
      }
      add.add(Double.parseDouble(a[4]));
      Thread.sleep(300);
      String[] r = fleet.call("REMOVE " + CHANGE_TIMEOUT);
      if (!r[1].equals("1")) {
        failed = "withdraw_" + c + ":" + r[2] + "_of_" + r[3] + "_acked";
        break;
      }
      withdraw.add(Double.parseDouble(r[4]));
    }
    int n = add.size() + withdraw.size();
    put("churn_warmup", WARMUP);
    put("churn_changes", add.size() + "+" + withdraw.size());
    put("churn_cpu_ms_per_change", n == 0 ? -1 : (server.cpuMillis() - c0) / (double) n);
    // One layer: the reconciler thread's CPU per pass (translate + publish), from the server's own
    // wharf.reconcile.pass.cpu timer; a join makes two passes (ACTIVATING, then RUNNING).
    double[] pass1 = passCpu(server);
    double passes = pass1[0] - pass0[0];
    put("churn_passes", (long) passes);
    put("pass_cpu_ms_mean", passes <= 0 ? -1 : (pass1[1] - pass0[1]) * 1000 / passes);
    put("pass_cpu_ms_max_ever", pass1[2] * 1000);
    stats("add", add);
    stats("withdraw", withdraw);
    if (failed != null) {
      put("churn", "FAILED(" + failed + ")");
    }
  }

  /** Nearest-rank p50, p99 and max of the per-change "last proxy ACKed" times. */
  private void stats(String name, List<Double> v) {
    if (v.isEmpty()) {
      put(name, "FAILED");
      return;
    }
    List<Double> sorted = v.stream().sorted().toList();
    put(name + "_p50_ms", rank(sorted, 0.50));
    put(name + "_p99_ms", rank(sorted, 0.99));
    put(name + "_max_ms", sorted.get(sorted.size() - 1));
  }

  static double rank(List<Double> sorted, double p) {
    return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
  }

  /** kill -9, start on the same data directory and ports, all K reconnect holding their config. */
  private ServerUnderTest restart(ServerUnderTest server, FleetLink fleet, Estate estate, Path data, Path log,
      int apiPort, int xdsPort, int k) throws Exception {
    server.kill9();
    ServerUnderTest next = ServerUnderTest.start(jar, data, apiPort, xdsPort, log);
    put("restart_start_s", next.startSeconds);
    long t0 = Long.parseLong(fleet.call("RECONNECT")[1]);
    long allStreams = awaitStreams(next, k, t0);
    String[] a = fleet.call("SETTLE " + SYNC_TIMEOUT + " " + QUIET);
    put("restart_cpu_s", next.cpuMillis() / 1000.0);
    boolean ok = a[1].equals("1") && allStreams >= 0;
    double lastResponse = Double.parseDouble(a[4]) / 1000;
    double streams = allStreams < 0 ? -1 : (allStreams - t0) / 1e9;
    put("restart", ok ? "ok" : "FAILED(" + a[2] + "_of_" + a[3] + "_configured," + a[8] + "_open,"
        + (streams < 0 ? "not_all_streams_seen" : "all_streams_seen") + ")");
    put("restart_s", Math.max(lastResponse, streams));
    put("restart_streams_s", streams);
    put("restart_last_response_s", lastResponse);
    put("restart_changed_bytes", a[5]);
    put("restart_unchanged_bytes", a[6]);
    put("restart_bytes", a[7]);
    put("restart_registered", registered(next, estate));
    return next;
  }

  /**
   * Polls /wharf/health every 250 ms until it counts at least {@code k} open streams; returns when
   * (nanoTime), or -1 after {@link #SYNC_TIMEOUT} or when the server exits.
   */
  private static long awaitStreams(ServerUnderTest server, int k, long t0) throws InterruptedException {
    long deadline = t0 + TimeUnit.SECONDS.toNanos(SYNC_TIMEOUT);
    while (System.nanoTime() < deadline && server.alive()) {
      if (streams(server) >= k) {
        return System.nanoTime();
      }
      Thread.sleep(250);
    }
    return -1;
  }

  /** The sum of runningCount (DescribeServices), or {@code unanswered(...)} when the API fails. */
  private String registered(ServerUnderTest server, Estate estate) {
    if (!server.alive()) {
      return "exited";
    }
    try {
      return String.valueOf(estate.running(s));
    } catch (RuntimeException e) {
      return "unanswered(" + e.getClass().getSimpleName() + ")";
    }
  }

  /** What /wharf/health says ({@code status}, with {@code reason} when the server gives one). */
  private static String health(ServerUnderTest server) {
    try {
      var h = JSON.readTree(server.get("/wharf/health").body());
      String reason = h.path("reason").asText("");
      return h.path("status").asText("?") + (reason.isEmpty() ? "" : "(" + reason.replace(' ', '_') + ")");
    } catch (Exception e) {
      return "unanswered";
    }
  }

  /** Open ADS streams as the server's /wharf/health counts them (cheap at 3,000 streams), or -1. */
  private static int streams(ServerUnderTest server) {
    try {
      return JSON.readTree(server.get("/wharf/health").body()).path("openStreams").asInt();
    } catch (Exception e) {
      return -1;
    }
  }

  /** CreateService of a client-server service until every proxy ACKed a listener for its alias. */
  private void newService(ServerUnderTest server, FleetLink fleet, Estate estate) throws Exception {
    String[] r = fleet.call("WATCH_LISTENER " + Estate.egressListener(s));
    if (!r[0].equals("READY")) {
      put("newsvc", "FAILED(" + String.join("_", r) + ")");
      return;
    }
    long c0 = server.cpuMillis();
    long t0 = System.nanoTime();
    estate.createService(s, t);
    put("newsvc_api_ms", (System.nanoTime() - t0) / 1e6);
    String[] a = fleet.call("AWAIT " + t0 + " " + CHANGE_TIMEOUT);
    put("newsvc_cpu_ms", server.cpuMillis() - c0);
    if (a[1].equals("1")) {
      put("newsvc_ms", a[4]);
    } else {
      put("newsvc", "FAILED(" + a[2] + "_of_" + a[3] + "_acked)");
    }
  }

  private void put(String key, Object value) {
    out.put(key, value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value));
  }

  private static double secs(long nanos) {
    return nanos / 1e9;
  }

  /** The 1-minute load average. */
  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }
}
