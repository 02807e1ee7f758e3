package dev.wharf.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One running Envoy sidecar: a child process started from a Wharf bootstrap, and a client for its
 * admin interface.
 *
 * <p>{@link #start} writes {@code bootstrap.yaml} into the work folder and runs {@code envoy -c
 * bootstrap.yaml --concurrency 1 --disable-hot-restart --drain-time-s <n> -l <level>
 * --admin-address-path admin.address} (the agent's flags, spec 63; one worker, DESIGN.md
 * "Principles"). Hot restart is off, so sidecars need no {@code --base-id} to coexist. Envoy's
 * stdout and stderr go to {@code envoy.log} in the work folder. The admin address is read back
 * from {@code admin.address}, so an admin port of 0 works. Give each sidecar its own work folder.
 *
 * <p>Readiness: {@code GET /ready} answers 503 with the server state until Envoy is {@code LIVE}.
 * With {@code initial_fetch_timeout: 0s} (spec 62) and no control plane, the state stays {@code
 * PRE_INITIALIZING} (CDS not yet answered) forever; after the first CDS reply it is {@code
 * INITIALIZING} until LDS is answered and the listeners warm, then {@code LIVE} (200).
 *
 * <p>Thread-safe: admin calls and {@link #stop()} may come from any thread.
 */
public final class Sidecar implements AutoCloseable {

  /** The bootstrap file written into the work folder. */
  public static final String BOOTSTRAP_FILE = "bootstrap.yaml";

  /** Envoy's stdout and stderr, in the work folder. */
  public static final String LOG_FILE = "envoy.log";

  /** Where Envoy writes its admin {@code ip:port}, in the work folder. */
  public static final String ADMIN_ADDRESS_FILE = "admin.address";

  private static final Duration POLL = Duration.ofMillis(50);

  private final Process process;
  private final Path workDir;
  private final Options options;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private volatile String adminAddress;

  /**
   * How the process is run.
   *
   * @param drainTime {@code --drain-time-s}: how long listeners drain (spec 48: AWS uses 20 s,
   *     minimum 5 s); whole seconds, at least 1
   * @param logLevel {@code -l}: trace, debug, info, warn, error, critical or off
   * @param stopTimeout how long {@link #stop()} waits after SIGTERM before SIGKILL
   */
  public record Options(Duration drainTime, String logLevel, Duration stopTimeout) {

    private static final List<String> LEVELS =
        List.of("trace", "debug", "info", "warn", "warning", "error", "critical", "off");

    /** Validates the values. */
    public Options {
      Objects.requireNonNull(drainTime, "drainTime");
      Objects.requireNonNull(stopTimeout, "stopTimeout");
      if (drainTime.toSeconds() < 1) {
        throw new IllegalArgumentException("drainTime must be at least 1 s, got " + drainTime);
      }
      if (!LEVELS.contains(logLevel)) {
        throw new IllegalArgumentException("logLevel must be one of " + LEVELS + ", got " + logLevel);
      }
    }

    /** Drain 5 s (the agent's minimum, spec 48), log level warn, stop timeout 10 s. */
    public static Options defaults() {
      return new Options(Duration.ofSeconds(5), "warn", Duration.ofSeconds(10));
    }

    /** A copy with another log level. */
    public Options withLogLevel(String level) {
      return new Options(drainTime, level, stopTimeout);
    }

    /** A copy with another drain time. */
    public Options withDrainTime(Duration time) {
      return new Options(time, logLevel, stopTimeout);
    }
  }

  private Sidecar(Process process, Path workDir, Options options) {
    this.process = process;
    this.workDir = workDir;
    this.options = options;
  }

  /** Starts a sidecar with {@link Options#defaults()}. */
  public static Sidecar start(Path envoyBinary, BootstrapParams params, Path workDir)
      throws IOException {
    return start(envoyBinary, params, workDir, Options.defaults());
  }

  /**
   * Writes the bootstrap into {@code workDir} (created if needed) and starts Envoy. Returns at
   * once; use {@link #awaitReady(Duration)} to wait for {@code LIVE}.
   */
  public static Sidecar start(
      Path envoyBinary, BootstrapParams params, Path workDir, Options options) throws IOException {
    Files.createDirectories(workDir);
    Path bootstrap = workDir.resolve(BOOTSTRAP_FILE);
    Files.writeString(bootstrap, BootstrapYaml.render(BootstrapBuilder.build(params)));
    Files.deleteIfExists(workDir.resolve(ADMIN_ADDRESS_FILE));
    Process process =
        new ProcessBuilder(command(envoyBinary, bootstrap, workDir, options))
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve(LOG_FILE).toFile())
            .start();
    return new Sidecar(process, workDir, options);
  }

  static List<String> command(Path envoy, Path bootstrap, Path workDir, Options options) {
    return List.of(
        envoy.toString(),
        "-c", bootstrap.toString(),
        "--concurrency", "1",
        "--disable-hot-restart",
        "--drain-time-s", Long.toString(options.drainTime().toSeconds()),
        "-l", options.logLevel(),
        "--admin-address-path", workDir.resolve(ADMIN_ADDRESS_FILE).toString());
  }

  /**
   * Waits until {@code GET /ready} says {@code LIVE}.
   *
   * @throws IllegalStateException if Envoy exits, or is not LIVE within {@code timeout}; the
   *     message holds the last state and the end of the log
   */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String state = "no admin address yet";
    while (System.nanoTime() < deadline) {
      requireAlive("while waiting for LIVE");
      try {
        state = readyState();
        if (state.equals("LIVE")) {
          return;
        }
      } catch (IllegalStateException | UncheckedIOException e) {
        state = e.getMessage();
      }
      sleep(POLL);
    }
    throw new IllegalStateException(
        "Envoy (pid " + pid() + ") not LIVE after " + timeout + "; last state: " + state
            + "\n" + logTail(30));
  }

  /**
   * The server state from {@code GET /ready}: {@code PRE_INITIALIZING}, {@code INITIALIZING},
   * {@code LIVE}, {@code DRAINING}.
   *
   * @throws IllegalStateException if the admin address is not known yet
   * @throws UncheckedIOException if the admin interface does not answer
   */
  public String readyState() {
    return send(HttpRequest.newBuilder(uri("/ready")).GET()).body().strip();
  }

  /**
   * {@code GET path} on the admin interface, e.g. {@code /config_dump} or {@code
   * /stats?filter=control_plane}.
   *
   * @throws IllegalStateException if the answer is not 200
   * @throws UncheckedIOException if the admin interface does not answer
   */
  public String adminGet(String path) {
    return ok(path, send(HttpRequest.newBuilder(uri(path)).GET()));
  }

  /**
   * {@code POST path} on the admin interface (Envoy wants POST for every mutating endpoint).
   *
   * @throws IllegalStateException if the answer is not 200
   * @throws UncheckedIOException if the admin interface does not answer
   */
  public String adminPost(String path) {
    return ok(path, send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody())));
  }

  /**
   * {@code POST /drain_listeners?graceful}, plus {@code &inboundonly} to drain only listeners with
   * {@code traffic_direction: INBOUND} (spec 47, what ECS calls before stopping a container; spec
   * 48 drains everything on SIGTERM). Listeners keep accepting during the drain time and then close.
   */
  public void drainListeners(boolean inboundOnly) {
    adminPost("/drain_listeners?graceful" + (inboundOnly ? "&inboundonly" : ""));
  }

  /**
   * Stops Envoy: SIGTERM, wait up to the stop timeout, then SIGKILL. Envoy exits at once on SIGTERM
   * (it drains only when asked first, {@link #drainListeners}). Idempotent.
   *
   * @return the exit code
   */
  public int stop() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitFor(options.stopTimeout())) {
        return kill();
      }
    }
    return process.exitValue();
  }

  /** SIGKILL, and wait for the process to end. Idempotent. Returns the exit code. */
  public int kill() {
    process.destroyForcibly();
    while (!waitFor(Duration.ofSeconds(10))) {
      process.destroyForcibly();
    }
    return process.exitValue();
  }

  /** Stops the sidecar ({@link #stop()}). */
  @Override
  public void close() {
    stop();
  }

  /** True while the Envoy process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The Envoy process id. */
  public long pid() {
    return process.pid();
  }

  /** Envoy's stdout and stderr. */
  public Path logFile() {
    return workDir.resolve(LOG_FILE);
  }

  /** The folder holding the bootstrap, the log and the admin address file. */
  public Path workDir() {
    return workDir;
  }

  /**
   * The admin interface as {@code ip:port}, as Envoy reported it; waits up to 10 s for Envoy to
   * bind it.
   *
   * @throws IllegalStateException if Envoy exits or does not report it in time
   */
  public String adminAddress() {
    String known = adminAddress;
    if (known != null) {
      return known;
    }
    Path file = workDir.resolve(ADMIN_ADDRESS_FILE);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      requireAlive("before reporting its admin address");
      String text = readIfPresent(file);
      if (text.matches(".+:\\d+")) {
        adminAddress = text;
        return text;
      }
      sleep(POLL);
    }
    throw new IllegalStateException("Envoy did not write " + file + " within 10 s\n" + logTail(30));
  }

  /** The last {@code maxLines} lines of the log, for failure messages. */
  public String logTail(int maxLines) {
    List<String> lines;
    try {
      lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
    List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    return "--- " + logFile() + " (last " + tail.size() + " lines) ---\n" + String.join("\n", tail);
  }

  private URI uri(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("admin path must start with /: " + path);
    }
    int q = path.indexOf('?');
    try {
      // The five-argument constructor quotes what a URI may not hold raw (e.g. ^ and $ in a stats
      // filter); Envoy's admin decodes query parameters.
      return new URI("http", adminAddress(), q < 0 ? path : path.substring(0, q),
          q < 0 ? null : path.substring(q + 1), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad admin path " + path, e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Envoy admin " + adminAddress + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String ok(String path, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          String.format(Locale.ROOT, "Envoy admin %s answered %d: %s",
              path, response.statusCode(), response.body().strip()));
    }
    return response.body();
  }

  private void requireAlive(String when) {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "Envoy (pid " + pid() + ") exited with " + process.exitValue() + " " + when + "\n"
              + logTail(30));
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Envoy to exit", e);
    }
  }

  private static String readIfPresent(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
