package dev.wharf.tests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real AWS CLI against a Wharf endpoint, with throw-away credentials and no user config,
 * and parses its JSON output.
 */
public final class AwsCli {
  private final String endpoint;
  private final String accessKeyId;
  private final String secret;

  public AwsCli(int apiPort) {
    this(apiPort, "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  }

  /** A CLI that signs with the given access key. */
  public AwsCli(int apiPort, String accessKeyId, String secret) {
    this.endpoint = "http://127.0.0.1:" + apiPort;
    this.accessKeyId = accessKeyId;
    this.secret = secret;
  }

  /** What one CLI run produced. */
  public record Result(int exit, String stdout, String stderr) {
    public JsonNode json() {
      try {
        return Mesh.JSON.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + stdout + "\nstderr: " + stderr, e);
      }
    }
  }

  /** Runs {@code aws <args> --endpoint-url ... --output json}. */
  public Result run(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Repo.awsCli().toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--endpoint-url", endpoint, "--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Repo.root().toFile());
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", accessKeyId);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_PAGER", "");
    env.put("AWS_DISABLE_HOST_PREFIX_INJECTION", "true");
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("aws " + String.join(" ", args) + " did not finish in 60 s");
      }
      return new Result(
          p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run the AWS CLI", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs and requires success. */
  public JsonNode ok(String... args) {
    Result r = run(args);
    if (r.exit() != 0) {
      throw new AssertionError("aws " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.stderr());
    }
    return r.stdout().isBlank() ? Mesh.JSON.createObjectNode() : r.json();
  }
}
