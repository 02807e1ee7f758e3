package dev.wharf.tests.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a plain boto3 script from {@code tests/src/test/resources/boto3/} with the build's Python, as a
 * user would: the endpoint in {@code AWS_ENDPOINT_URL}, credentials and region in the environment, no
 * config or credentials file of the machine. The script must exit 0; its stdout is the result.
 */
public final class Boto3 {
  private Boto3() {}

  /**
   * Runs {@code script} against {@code http://127.0.0.1:port} signed with {@code accessKeyId} for
   * {@code region}; {@code extraEnv} is added to (and may override) the environment.
   *
   * @return the script's stdout, once it has exited 0 within two minutes
   */
  public static String run(String script, int port, String accessKeyId, String region,
      Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Repo.python().toString(), Repo.root().resolve("tests/src/test/resources/boto3").resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.remove("AWS_PROFILE");
    env.remove("AWS_DATA_PATH");
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
    env.put("AWS_ACCESS_KEY_ID", accessKeyId);
    env.put("AWS_SECRET_ACCESS_KEY", "secret");
    env.put("AWS_DEFAULT_REGION", region);
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.putAll(extraEnv);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), script + " did not finish");
    String stdout = new String(out, StandardCharsets.UTF_8);
    String stderr = new String(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), script + " failed; stdout:\n" + stdout + "\nstderr:\n" + stderr);
    return stdout;
  }
}
