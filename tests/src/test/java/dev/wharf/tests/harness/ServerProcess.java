package dev.wharf.tests.harness;

import dev.wharf.controlplane.cli.Main;
import dev.wharf.controlplane.local.AwsApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wharf server} as a separate OS process, so a test can {@code kill -9} it. Uses the test's
 * own classpath and the real CLI entry point.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int apiPort;
  private final int xdsPort;

  private ServerProcess(Process process, int apiPort, int xdsPort) {
    this.process = process;
    this.apiPort = apiPort;
    this.xdsPort = xdsPort;
  }

  /** Starts {@code wharf server} on the given ports (0 = pick free ones) and waits for /wharf/health. */
  public static ServerProcess start(Path dataDir, int apiPort, int xdsPort, Path log, String... extra) {
    int api = apiPort == 0 ? freePort() : apiPort;
    int xds = xdsPort == 0 ? freePort() : xdsPort;
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "server", "--api-port", String.valueOf(api), "--xds-port", String.valueOf(xds),
        "--data-dir", dataDir.toString()));
    cmd.addAll(List.of(extra));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      ServerProcess sp = new ServerProcess(p, api, xds);
      AwsApiClient client = sp.client();
      Await.until(Duration.ofSeconds(30), "wharf server answers /wharf/health", () -> {
        if (!p.isAlive()) {
          throw new AssertionError("wharf server exited with " + p.exitValue() + "; see " + log);
        }
        try {
          return client.admin("/wharf/health").ok();
        } catch (IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      });
      return sp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int apiPort() {
    return apiPort;
  }

  public int xdsPort() {
    return xdsPort;
  }

  public AwsApiClient client() {
    return new AwsApiClient(URI.create("http://127.0.0.1:" + apiPort + "/"));
  }

  /** {@code kill -9}: SIGKILL, no shutdown hooks. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
