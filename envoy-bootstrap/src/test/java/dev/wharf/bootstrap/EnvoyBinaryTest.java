package dev.wharf.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvoyBinaryTest {

  @TempDir Path tmp;

  @Test
  void pinnedVersionComesFromTheRootPom() {
    assertTrue(EnvoyBinary.pinnedVersion().matches("\\d+\\.\\d+\\.\\d+"), EnvoyBinary.pinnedVersion());
  }

  @Test
  void theLocatedEnvoyRunsAndIsThePinnedReleaseUnlessEnvoyBinOverrides() {
    Path envoy = EnvoyBinary.locate();
    String version = EnvoyBinary.version(envoy);
    String override = System.getenv(EnvoyBinary.ENV_VAR);
    if (override == null || override.isBlank()) {
      assertEquals(EnvoyBinary.pinnedVersion(), version, envoy + " is not the pinned release");
    } else {
      assertTrue(version.matches("\\d+\\.\\d+\\.\\d+"), version);
    }
  }

  @Test
  void envoyBinWins() throws IOException {
    Path bin = executable(tmp.resolve("my-envoy"));
    Path root = tmp.resolve("root");
    executable(root.resolve(EnvoyBinary.INSTALLED));
    assertEquals(bin, EnvoyBinary.locate(env(Map.of("ENVOY_BIN", bin.toString())), Optional.of(root)));
  }

  @Test
  void envoyBinThatIsNotExecutableFailsInsteadOfFallingBack() {
    Path root = tmp.resolve("root");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EnvoyBinary.locate(env(Map.of("ENVOY_BIN", "/nonexistent/envoy")), Optional.of(root)));
    assertTrue(e.getMessage().contains("ENVOY_BIN=/nonexistent/envoy"), e.getMessage());
  }

  @Test
  void theInstalledEnvoyComesBeforePath() throws IOException {
    Path root = tmp.resolve("root");
    Path installed = executable(root.resolve(EnvoyBinary.INSTALLED));
    Path onPath = executable(tmp.resolve("bin/envoy"));
    assertEquals(installed, EnvoyBinary.locate(
        env(Map.of("PATH", onPath.getParent().toString())), Optional.of(root)));
  }

  @Test
  void pathIsTheLastResort() throws IOException {
    Path onPath = executable(tmp.resolve("bin/envoy"));
    String path = "/nonexistent:" + onPath.getParent();
    assertEquals(onPath, EnvoyBinary.locate(env(Map.of("PATH", path)), Optional.of(tmp)));
  }

  @Test
  void missingEnvoySaysHowToProvideIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EnvoyBinary.locate(env(Map.of("PATH", "/nonexistent")), Optional.empty()));
    assertTrue(e.getMessage().contains("ENVOY_BIN"), e.getMessage());
    assertTrue(e.getMessage().contains(EnvoyBinary.pinnedVersion()), e.getMessage());
    assertTrue(e.getMessage().contains("install-deps.sh"), e.getMessage());
  }

  @Test
  void repoRootIsFound() {
    Path root = EnvoyBinary.repoRoot().orElseThrow();
    assertTrue(Files.isRegularFile(root.resolve("tools/install-deps.sh")), root.toString());
  }

  @Test
  void versionRejectsABinaryThatIsNotEnvoy() throws IOException {
    Path fake = executable(tmp.resolve("fake"));
    assertThrows(IllegalStateException.class, () -> EnvoyBinary.version(fake));
  }

  private static UnaryOperator<String> env(Map<String, String> vars) {
    return vars::get;
  }

  private static Path executable(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\necho not envoy\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
