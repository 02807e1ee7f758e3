package dev.wharf.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real Envoy with Wharf bootstraps whose control plane is a closed port, so these tests
 * see what a sidecar does before any control plane answers.
 */
class SidecarTest {

  @TempDir Path tmp;

  /** A sidecar of task slot 0.9 whose ADS port refuses connections; admin on a kernel-chosen port. */
  static BootstrapParams noControlPlane() throws IOException {
    LoopbackSlot slot = LoopbackSlot.parse("0.9");
    NodeIdentity identity = new NodeIdentity("us-east-1", "000000000000", "c1", "payments",
        "00000000000000000000000000000009", "loopback", slot.ingressIp(), slot.appIp(),
        slot.toString(), null);
    return BootstrapParams.of(identity, "127.0.0.1", closedPort(), slot.ingressIp(), 0, false);
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void waitsInPreInitializingForeverWithoutAControlPlane() throws IOException {
    try (Sidecar sidecar = Sidecar.start(EnvoyBinary.locate(), noControlPlane(), tmp)) {
      assertTrue(sidecar.adminAddress().startsWith("127.1.0.9:"), sidecar.adminAddress());
      IllegalStateException notLive =
          assertThrows(IllegalStateException.class, () -> sidecar.awaitReady(Duration.ofSeconds(2)));
      assertTrue(notLive.getMessage().contains("last state: PRE_INITIALIZING"), notLive.getMessage());
      assertEquals("PRE_INITIALIZING", sidecar.readyState());
      String stats = sidecar.adminGet("/stats?filter=^control_plane.connected_state$");
      assertEquals("control_plane.connected_state: 0", stats.strip());
      assertTrue(sidecar.adminGet("/config_dump?mask=bootstrap.node")
          .contains("arn:aws:ecs:us-east-1:000000000000:task/c1/00000000000000000000000000000009"));
    }
  }

  @Test
  void stopEndsTheProcessWithSigterm() throws IOException {
    Sidecar sidecar = Sidecar.start(EnvoyBinary.locate(), noControlPlane(), tmp);
    sidecar.adminAddress();
    // An answer from admin means Envoy's event loop runs, so its SIGTERM handler is installed;
    // a SIGTERM before that ends the process with the default action (exit 143).
    sidecar.readyState();
    ProcessHandle handle = ProcessHandle.of(sidecar.pid()).orElseThrow();
    assertEquals(0, sidecar.stop(), sidecar.logTail(20));
    assertFalse(sidecar.isAlive());
    assertFalse(handle.isAlive());
    assertEquals(0, sidecar.stop(), "stop is idempotent");
  }

  @Test
  void killEndsTheProcessWithSigkill() throws IOException {
    Sidecar sidecar = Sidecar.start(EnvoyBinary.locate(), noControlPlane(), tmp);
    sidecar.adminAddress();
    assertEquals(137, sidecar.kill());
    assertFalse(sidecar.isAlive());
  }

  @Test
  void becomesLiveAfterTheInitialFetchTimeoutAndDrains() throws IOException {
    BootstrapParams params = noControlPlane().withInitialFetchTimeout(Duration.ofMillis(200));
    try (Sidecar sidecar = Sidecar.start(EnvoyBinary.locate(), params, tmp)) {
      sidecar.awaitReady(Duration.ofSeconds(20));
      assertEquals("LIVE", sidecar.readyState());
      String runtime = sidecar.adminGet("/runtime");
      assertTrue(runtime.contains("re2.max_program_size.error_level"), runtime);
      assertTrue(runtime.contains("admin_layer"), runtime);
      sidecar.drainListeners(true);
      sidecar.drainListeners(false);
      // Draining listeners does not change the server state: /ready stays LIVE.
      assertEquals("LIVE", sidecar.readyState());
      assertTrue(Files.readString(sidecar.logFile()).contains("initial fetch timed out"),
          "the log records the missing control plane:\n" + sidecar.logTail(20));
    }
  }

  @Test
  void startFailsLoudlyOnABadBootstrap() throws IOException {
    BootstrapParams params = noControlPlane().withAdmin("256.0.0.1", 0);
    try (Sidecar sidecar = Sidecar.start(EnvoyBinary.locate(), params, tmp)) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> sidecar.awaitReady(Duration.ofSeconds(20)));
      assertTrue(e.getMessage().contains("exited"), e.getMessage());
    }
  }

  @Test
  void commandHasTheAgentFlags() {
    List<String> command = Sidecar.command(Path.of("/bin/envoy"), Path.of("/w/bootstrap.yaml"),
        Path.of("/w"), Sidecar.Options.defaults().withLogLevel("info"));
    assertEquals(List.of("/bin/envoy", "-c", "/w/bootstrap.yaml", "--concurrency", "1",
        "--disable-hot-restart", "--drain-time-s", "5", "-l", "info",
        "--admin-address-path", "/w/admin.address"), command);
  }

  @Test
  void optionsRejectBadValues() {
    assertThrows(IllegalArgumentException.class,
        () -> Sidecar.Options.defaults().withLogLevel("loud"));
    assertThrows(IllegalArgumentException.class,
        () -> Sidecar.Options.defaults().withDrainTime(Duration.ZERO));
  }
}
