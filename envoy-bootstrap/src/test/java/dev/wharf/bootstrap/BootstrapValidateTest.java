package dev.wharf.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real, pinned Envoy accepts every generated bootstrap ({@code envoy --mode validate}), without
 * warnings. Fails, never skips, when Envoy is missing ({@link EnvoyBinary#locate()} says how to get it).
 */
class BootstrapValidateTest {

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.wharf.bootstrap.BootstrapGoldenTest#cases")
  void envoyValidatesTheBootstrap(String name) throws IOException, InterruptedException {
    Path envoy = EnvoyBinary.locate();
    Path file = tmp.resolve(name + ".yaml");
    Files.writeString(file, BootstrapGoldenTest.render(name));
    Process p = new ProcessBuilder(envoy.toString(), "--mode", "validate", "-c", file.toString(),
            "-l", "warn", "--disable-hot-restart")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "envoy --mode validate hung");
    assertEquals(0, p.exitValue(), "envoy --mode validate rejected " + name + ":\n" + output);
    String lower = output.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("[warning]") || lower.contains("deprecated"),
        "envoy warned about " + name + ":\n" + output);
  }
}
