package dev.wharf.tests.compose;

import static org.junit.jupiter.api.Assertions.fail;

import dev.wharf.tests.harness.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * Gets the compose tests a Docker engine and the images, once per JVM, or fails the run saying how
 * to provide Docker (never a skip): {@code tools/docker-engine.sh} (installs and starts Debian's
 * docker.io when root on Debian), then {@code tools/docker-images.sh --local} (debootstrap base, JRE,
 * Envoy and Wharf images, reused while their content stamps match). Each phase's time is printed
 * ({@code [compose set-up] ...}) and kept in {@link #report()}.
 */
final class DockerSetup {
  private static String report;
  private static String failure;

  private DockerSetup() {}

  /** Makes sure the engine and the images are there; fails the calling test otherwise. */
  static synchronized void ensure() {
    if (failure != null) {
      fail(failure);
    }
    if (report != null) {
      return;
    }
    StringBuilder out = new StringBuilder();
    try {
      long t0 = System.nanoTime();
      out.append(run("engine", List.of("tools/docker-engine.sh")));
      long t1 = System.nanoTime();
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        throw new IllegalStateException("tools/docker-engine.sh succeeded but Testcontainers finds no Docker engine"
            + " (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + ")");
      }
      out.append(run("images", List.of("tools/docker-images.sh", "--local")));
      long t2 = System.nanoTime();
      report = out + String.format("[compose set-up] engine %.1f s, images %.1f s, total %.1f s%n",
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9);
      System.out.print(report);
    } catch (IOException | InterruptedException | RuntimeException e) {
      failure = "the docker compose tests need Docker: " + e.getMessage() + "\n" + out
          + "Provide a Docker engine that `docker info` reaches (or run the build as root on Debian, where"
          + " tools/docker-engine.sh installs docker.io and starts dockerd), plus docker-compose and debootstrap.";
      fail(failure);
    }
  }

  /** What {@link #ensure()} printed: the set-up phases and their times. */
  static synchronized String report() {
    return report;
  }

  private static String run(String phase, List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("wharf-" + phase, ".log");
    try {
      Process p = new ProcessBuilder(command).directory(Repo.root().toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 20 minutes");
      }
      String text = Files.readString(log, StandardCharsets.UTF_8);
      String shown = text.lines().map(l -> "[compose set-up] " + l + "\n").reduce("", String::concat);
      System.out.print(shown);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n" + text);
      }
      return shown;
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
