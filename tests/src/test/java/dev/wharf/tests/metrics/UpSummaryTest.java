package dev.wharf.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.ControlPlaneConfig;
import dev.wharf.controlplane.local.UpRunner;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.Repo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code wharf up} on the checkout example (real demo apps, real Envoy sidecars): within a few
 * summary periods it prints per-edge lines for checkout → payments and payments → ledger, with
 * request counts and a p99, from the metrics the control plane collected.
 */
class UpSummaryTest {
  private static final Pattern EDGE = Pattern.compile("(checkout -> payments|payments -> ledger)  [1-9]\\d* requests  "
      + "\\d+ 5xx  p99 <= [\\d.]+ ms");

  @Test
  void upPrintsALivePerEdgeSummary() throws Exception {
    Path dir = Files.createTempDirectory("wharf-up-test-");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    UpRunner up = new UpRunner(out);
    try {
      up.start(Repo.root().resolve("examples/checkout"),
          ControlPlaneConfig.defaults(dir.resolve("data")).withEphemeralPorts(), dir.resolve("tasks"));
      Await.until(Duration.ofSeconds(90), "summary lines for both edges", () -> {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.lines().filter(l -> EDGE.matcher(l).find() && l.contains("checkout -> payments")).count() >= 1
            && text.lines().filter(l -> EDGE.matcher(l).find() && l.contains("payments -> ledger")).count() >= 1;
      });
    } finally {
      up.stop();
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(text.lines().filter(l -> l.contains(" -> ") || l.startsWith("metrics")).limit(6)
        .reduce("wharf up summary:", (a, b) -> a + "\n" + b));
    assertTrue(text.contains("metrics, last 60 s"), text);
  }
}
