package dev.wharf.tests.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code wharf server} as its own OS process, launched exactly as {@code ./wharf server}
 * launches it ({@code java -XX:+UseSerialGC -Xmx512m -jar wharf.jar server ...}), and what the
 * benchmark reads about it from outside: CPU time and RSS from {@code /proc/<pid>}, heap after a full
 * GC from {@code jcmd}, and its admin endpoints. Not thread-safe except {@link #admin}.
 */
final class ServerUnderTest implements AutoCloseable {
  private static final Pattern USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

  private final Process process;
  private final Path log;
  private final int apiPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Seconds from process start until /wharf/health answered. */
  final double startSeconds;

  private ServerUnderTest(Process process, Path log, int apiPort, double startSeconds) {
    this.process = process;
    this.log = log;
    this.apiPort = apiPort;
    this.startSeconds = startSeconds;
  }

  /** Starts the server on {@code dataDir} and the two ports, and waits (at most 60 s) for /wharf/health. */
  static ServerUnderTest start(Path jar, Path dataDir, int apiPort, int xdsPort, Path log) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx512m"));
    // Extra JVM flags for the server, e.g. a profiler: -De2e.serverJvmArgs="-XX:StartFlightRecording=..."
    String extra = System.getProperty("e2e.serverJvmArgs", "").trim();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
    }
    cmd.addAll(List.of("-jar", jar.toString(), "server", "--data-dir", dataDir.toString(), "--api-port",
        String.valueOf(apiPort), "--xds-port", String.valueOf(xdsPort)));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    ServerUnderTest s = new ServerUnderTest(p, log, apiPort, 0);
    long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("wharf server exited with " + p.exitValue() + "; see " + log);
      }
      try {
        if (s.admin("/wharf/health").contains("ok")) {
          return new ServerUnderTest(p, log, apiPort, (System.nanoTime() - t0) / 1e9);
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException("wharf server did not answer /wharf/health in 60 s; see " + log);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** GETs an admin path; throws IOException when the server does not answer 200. */
  String admin(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new IOException(path + " answered " + r.statusCode());
    }
    return r.body();
  }

  /** GETs an admin path, whatever the status (a degraded /wharf/health need not answer 200). */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
        .timeout(Duration.ofSeconds(30)).GET().build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** User + system CPU time of the process so far, in ms ({@code /proc/<pid>/stat}, 100 ticks/s). */
  long cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Resident set size in MiB ({@code VmRSS}), or -1 when the process is gone. */
  double rssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  /** Java heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in MiB; -1 on failure. */
  double heapAfterGcMiB() throws InterruptedException {
    try {
      jcmd("GC.run");
      String info = jcmd("GC.heap_info");
      Matcher m = USED.matcher(info);
      long kib = 0;
      boolean any = false;
      while (m.find()) {
        kib += Long.parseLong(m.group(1));
        any = true;
      }
      return any ? kib / 1024.0 : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", String.valueOf(pid()), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  /** True when the server's log mentions {@code text} (e.g. OutOfMemoryError). */
  boolean logContains(String text) {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code kill -9}. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
