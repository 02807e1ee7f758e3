package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.wharf.tests.harness.Repo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plain boto3 script ({@code src/test/resources/boto3/cloudwatch_metrics.py}) reads CloudWatch
 * metrics from Wharf, once in the protocol botocore picks for CloudWatch (AWS JSON 1.0) and once in
 * smithy-rpc-v2-cbor, with the same answers.
 */
class CloudWatchBoto3Test {

  @ParameterizedTest
  @CsvSource({"default,json", "cbor,smithy-rpc-v2-cbor"})
  void theScriptReadsTheSameMetricsInEitherProtocol(String mode, String protocol) throws Exception {
    try (CloudWatchEndpoint endpoint = new CloudWatchEndpoint(new KnownMetrics())) {
      Path script = Repo.root().resolve("tests/src/test/resources/boto3/cloudwatch_metrics.py");
      ProcessBuilder pb = new ProcessBuilder(Repo.python().toString(), script.toString(), mode);
      Map<String, String> env = pb.environment();
      env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + endpoint.port());
      env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
      env.put("AWS_SECRET_ACCESS_KEY", "secret");
      env.put("AWS_DEFAULT_REGION", "us-east-1");
      env.put("AWS_CONFIG_FILE", "/dev/null");
      env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
      env.remove("AWS_PROFILE");
      env.remove("AWS_DATA_PATH");
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the script did not finish");
      String stdout = new String(out, StandardCharsets.UTF_8);
      String stderr = new String(err, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), "stdout:\n" + stdout + "\nstderr:\n" + stderr);
      assertEquals(List.of(
          "PROTOCOL " + protocol,
          "SUM 2026-11-30T10:00:00+00:00 12.0 Count",
          "SUM 2026-11-30T10:01:00+00:00 8.0 Count",
          "SUM 2026-11-30T10:02:00+00:00 0.0 Count",
          "PCT 2026-11-30T10:00:00+00:00 6.666667 175.0",
          "PCT 2026-11-30T10:01:00+00:00 5.0 50.0",
          "DATA p99 Complete ['2026-11-30T10:01:00+00:00', '2026-11-30T10:00:00+00:00'] [50.0, 175.0]",
          "LIST 5",
          "ERROR InvalidParameterValue 400 The parameter Period must be 1, 5, 10, 30, or a multiple of 60.",
          "ERROR ValidationError 400",
          "DONE"), stdout.lines().toList(), stderr);
    }
  }
}
