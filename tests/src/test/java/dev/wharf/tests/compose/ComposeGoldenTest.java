package dev.wharf.tests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.bootstrap.EnvoyBinary;
import dev.wharf.controlplane.compose.ComposeCommand;
import dev.wharf.tests.harness.Repo;
import dev.wharf.testsupport.GoldenFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The generator's output for {@code examples/checkout} is deterministic (the same bytes on every
 * run) and equal to the golden file {@code tests/src/test/resources/testdata/compose/checkout.yml};
 * regenerate it with {@link GoldenFiles#REGENERATE} from the repository root (CONTRIBUTING.md).
 * No Docker needed.
 */
class ComposeGoldenTest {
  private static final Path GOLDEN = GoldenFiles.moduleFile("src/test/resources/testdata/compose/checkout.yml");

  @Test
  void checkoutExampleRendersTheGoldenFileEveryTime() {
    String first = render("examples/checkout");
    assertEquals(first, render("examples/checkout"), "two runs differ");
    assertTrue(first.contains("envoyproxy/envoy:v" + EnvoyBinary.pinnedVersion()), "pinned Envoy image");
    GoldenFiles.check(GOLDEN, first);
  }

  @Test
  void badFolderIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ComposeCommand.run(new String[] {"no/such/folder"}, Repo.root(),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ComposeCommand.USAGE, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no folder"), err.toString(StandardCharsets.UTF_8));
  }

  private static String render(String dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ComposeCommand.run(new String[] {Repo.root().resolve(dir).toString()}, Repo.root(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
