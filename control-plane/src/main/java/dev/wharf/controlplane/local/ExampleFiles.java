package dev.wharf.controlplane.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An example directory: one AWS API call per file, applied in file-name order. A file is named
 * {@code NN-<service>-<Operation>[-note].json}, where {@code <service>} is the AWS CLI's service name
 * ({@code ecs} or {@code servicediscovery}); its content is the operation's JSON input, the same
 * document {@code aws ... --cli-input-json} takes.
 */
public final class ExampleFiles {
  private static final Pattern NAME =
      Pattern.compile("\\d+-(ecs|servicediscovery)-([A-Z][A-Za-z]+)(?:-[^.]*)?\\.json");

  private ExampleFiles() {}

  /** One call of an example. */
  public record Call(Path file, String service, String operation) {}

  /** The calls of {@code dir}, in order. Files that do not follow the naming rule are ignored. */
  public static List<Call> calls(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted()
          .map(f -> {
            Matcher m = NAME.matcher(f.getFileName().toString());
            return m.matches() ? new Call(f, m.group(1), m.group(2)) : null;
          })
          .filter(c -> c != null)
          .toList();
    }
  }

  /** Applies every call through {@code api}; stops at the first failure with its AWS error. */
  public static void apply(Path dir, AwsApiClient api, PrintStream log) throws IOException, InterruptedException {
    for (Call c : calls(dir)) {
      AwsApiClient.Reply r = api.call(c.service(), c.operation(), Files.readString(c.file()));
      log.printf("  %-16s %-24s %s%n", c.service(), c.operation(), r.ok() ? "ok" : "FAILED " + r.status());
      if (!r.ok()) {
        throw new IllegalStateException(c.file().getFileName() + ": " + r.body());
      }
    }
  }
}
