package dev.wharf.tests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.wharf.tests.harness.Repo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * A compose project started by a test: finds its containers by the compose labels (the same for
 * docker-compose 1.29 and compose v2) through Testcontainers' Docker client, and runs commands in
 * them. Stateless apart from the project name.
 */
final class ComposeProject {
  /** The result of a command: exit code and combined output. */
  record Result(int exit, String output) {}

  private final String name;

  ComposeProject(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The compose network the file defines ({@code <project>_wharf}). */
  String network() {
    return name + "_wharf";
  }

  static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }

  /** The id of the (single) container of compose service {@code service}. */
  String container(String service) {
    List<Container> found = docker().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("com.docker.compose.project", name, "com.docker.compose.service", service))
        .exec();
    assertEquals(1, found.size(), "containers of service " + service + " in project " + name);
    return found.get(0).getId();
  }

  /** Runs {@code docker exec} in the service's container and waits (at most 60 s). */
  Result exec(String service, String... command) {
    List<String> argv = new ArrayList<>(List.of("docker", "exec", container(service)));
    argv.addAll(List.of(command));
    return run(argv);
  }

  /** Starts {@code docker exec} in the service's container without waiting. */
  Process start(String service, String... command) throws IOException {
    List<String> argv = new ArrayList<>(List.of("docker", "exec", container(service)));
    argv.addAll(List.of(command));
    return new ProcessBuilder(argv).redirectErrorStream(true).start();
  }

  /** Runs a shell command line from the repository root (bash -e), with extra environment. */
  static Result shell(String commandLine, Map<String, String> env) {
    List<String> argv = List.of("bash", "-ec", commandLine);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(Repo.root().toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    return run(pb);
  }

  static Result run(List<String> argv) {
    return run(new ProcessBuilder(argv).redirectErrorStream(true));
  }

  private static Result run(ProcessBuilder pb) {
    try {
      Process p = pb.start();
      StringBuilder out = new StringBuilder();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            synchronized (out) {
              out.append(line).append('\n');
            }
          }
        } catch (IOException e) {
          // the process ended
        }
      });
      reader.start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
      reader.join(5000);
      synchronized (out) {
        return new Result(p.isAlive() ? -1 : p.exitValue(), out.toString());
      }
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
