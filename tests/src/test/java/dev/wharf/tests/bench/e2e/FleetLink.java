package dev.wharf.tests.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The driver's end of the {@link Fleet} JVM: starts it, sends one command and reads its one answer.
 *
 * <ul>
 *   <li>{@code CONNECT <timeout s> <stall s>} → {@code SYNC <ok> <configured> <K> <ms> <bytes>};
 *   <li>{@code ADD <c> <service> <timeout s>} and {@code REMOVE <timeout s>} → {@code CHANGE <ok>
 *       <acked> <K> <ms until the last ACK> <median ms>};
 *   <li>{@code WATCH_LISTENER <name>} → {@code READY}; then {@code AWAIT <t0 nanos> <timeout s>} →
 *       {@code CHANGE ...};
 *   <li>{@code RECONNECT} → {@code RECONNECTING <t0 nanos>}; then {@code SETTLE <timeout s> <quiet s>}
 *       → {@code RESUMED <ok> <configured> <K> <ms from t0 to the last response> <changed bytes>
 *       <unchanged bytes> <response bytes> <open streams>}.
 * </ul>
 *
 * The fleet enforces every timeout itself; a fleet that exits makes {@link #call} throw.
 */
final class FleetLink implements AutoCloseable {
  private final Process process;
  private final BufferedReader in;
  private final PrintWriter out;

  private FleetLink(Process process) {
    this.process = process;
    this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.out = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Starts the fleet JVM ({@code -Xmx3g}) with the benchmark's classpath; its stderr goes to {@code log}. */
  static FleetLink start(String classpath, int xdsPort, int s, int t, String layout, String protocol, Path log)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = List.of(java, "-Xmx3g", "-XX:+UseParallelGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", classpath, Fleet.class.getName(), String.valueOf(xdsPort), String.valueOf(s), String.valueOf(t),
        layout, protocol);
    return new FleetLink(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start());
  }

  /** Sends {@code command} and returns the answer's fields (the first is its keyword). */
  String[] call(String command) throws IOException {
    out.println(command);
    String line = in.readLine();
    if (line == null) {
      throw new IOException("the fleet exited during " + command);
    }
    return line.trim().split(" ");
  }

  @Override
  public void close() throws InterruptedException {
    out.println("QUIT");
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
