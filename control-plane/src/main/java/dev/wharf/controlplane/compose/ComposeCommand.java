package dev.wharf.controlplane.compose;

import dev.wharf.bootstrap.EnvoyBinary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code wharf compose [DIR] [flags]}: prints the {@code docker-compose.yml} of a folder of ECS
 * documents ({@link ComposePlan}, rendered by {@link ComposeFile}). Stateless.
 *
 * <p>Exit codes: 0 with the file on {@code out} (also for {@code --help}); 2 for bad usage or a
 * folder that cannot be planned (message on {@code err}).
 */
public final class ComposeCommand {
  /** Exit code for bad usage. */
  public static final int USAGE = 2;

  static final String HELP = """
      Usage: wharf compose [DIR] [flags] > docker-compose.yml

      Prints a docker compose file that runs the ECS documents in DIR (default: examples/checkout)
      with stock Envoy sidecars in the awsvpc layout: a Wharf control plane (state on a volume), a
      one-shot `wharf apply` of the documents, and per task of each service's desiredCount a
      network-namespace container with the task's aliases in /etc/hosts, a stock Envoy, and the
      task definition's containers. Then: docker compose -p NAME -f FILE up -d
      (compose/README.md; images: ./wharf images).

      Flags:
        --subnet A.B           first two octets of the compose network's /16 (default 10.77)
        --region REGION        region of the task ARNs (default us-east-1, the server's default)
        --account ID           account of the task ARNs (default 000000000000)
        --wharf-host HOST      use an existing Wharf at HOST (API port 7878, ADS port 18000, reachable
                               from the containers) instead of running a control plane in the stack
        --help                 print this help
      """;

  private ComposeCommand() {}

  /** Runs the command with the arguments after {@code compose}; {@code root} resolves the default folder. */
  public static int run(String[] args, Path root, PrintStream out, PrintStream err) {
    String dir = null;
    String subnet = "10.77";
    String region = "us-east-1";
    String account = "000000000000";
    String wharfHost = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--help", "-h" -> {
            out.print(HELP);
            return 0;
          }
          case "--subnet" -> subnet = value(args, ++i, a);
          case "--region" -> region = value(args, ++i, a);
          case "--account" -> account = value(args, ++i, a);
          case "--wharf-host" -> wharfHost = value(args, ++i, a);
          default -> {
            if (a.startsWith("-") || dir != null) {
              throw new IllegalArgumentException("unexpected argument " + a);
            }
            dir = a;
          }
        }
      }
      Path folder = dir == null ? root.resolve("examples/checkout") : Path.of(dir);
      if (!Files.isDirectory(folder)) {
        throw new IllegalArgumentException("no folder " + folder);
      }
      ComposePlan plan = ComposePlan.read(folder);
      out.print(ComposeFile.render(plan,
          new ComposeFile.Options(subnet, region, account, EnvoyBinary.pinnedVersion(), wharfHost)));
      out.flush();
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      err.println("wharf compose: " + e.getMessage());
      err.println("Run 'wharf compose --help' for the flags.");
      return USAGE;
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
