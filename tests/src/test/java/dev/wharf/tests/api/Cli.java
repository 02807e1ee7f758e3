package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.AwsCli;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for driving Wharf with the real AWS CLI ({@link AwsCli}) in the API conformance tests. */
final class Cli {
  private static final Pattern ERROR = Pattern.compile(
      "An error occurred \\(([A-Za-z]+)\\) when calling the (\\w+) operation: (.*)");

  private Cli() {}

  /** An AWS error as the CLI prints it: {@code An error occurred (Code) when calling the Op operation: message}. */
  record Failure(String code, String operation, String message) {}

  /** Runs {@code args}, requires the CLI to fail with the AWS error {@code code}, and returns the error. */
  static Failure fails(AwsCli aws, String code, String... args) {
    AwsCli.Result r = aws.run(args);
    assertNotEquals(0, r.exit(), () -> "aws " + String.join(" ", args) + " succeeded: " + r.stdout());
    Matcher m = ERROR.matcher(r.stderr());
    assertTrue(m.find(), () -> "no AWS error in: " + r.stderr());
    Failure f = new Failure(m.group(1), m.group(2), m.group(3).trim());
    assertTrue(f.code().equals(code), () -> "expected " + code + ", got " + f + " for aws " + String.join(" ", args));
    return f;
  }

  /** Polls {@code get-operation} until the operation succeeds; returns the statuses it went through. */
  static List<String> awaitOperation(AwsCli aws, String operationId) {
    List<String> seen = new ArrayList<>();
    Await.until(Duration.ofSeconds(20), "operation " + operationId + " succeeds", () -> {
      JsonNode op = aws.ok("servicediscovery", "get-operation", "--operation-id", operationId).path("Operation");
      String status = op.path("Status").asText();
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
        seen.add(status);
      }
      assertTrue(!status.equals("FAIL"), () -> "operation failed: " + op);
      return status.equals("SUCCESS");
    });
    return seen;
  }
}
