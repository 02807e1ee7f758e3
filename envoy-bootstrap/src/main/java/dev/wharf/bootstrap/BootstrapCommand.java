package dev.wharf.bootstrap;

import dev.wharf.bootstrap.cli.Flags;
import dev.wharf.bootstrap.cli.Flags.Spec;
import dev.wharf.bootstrap.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code wharf bootstrap}: prints the Envoy bootstrap YAML of one task's sidecar, for pointing an
 * existing Envoy at Wharf. The control plane's {@code main} calls {@link #run}. Stateless and
 * thread-safe.
 *
 * <p>Exit codes: 0 on success (YAML on {@code out}), also for {@code --help}; 2 for a bad or
 * missing flag (a message on {@code err}).
 */
public final class BootstrapCommand {

  /** Exit code for bad usage. */
  public static final int USAGE = 2;

  /** {@code wharf server}'s default AWS API port, for the help text. */
  public static final int DEFAULT_API_PORT = 7878;

  /** {@code wharf server}'s default ADS port, and this command's default {@code --xds-port}. */
  public static final int DEFAULT_XDS_PORT = 18000;

  private static final Pattern ECS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern CREDENTIAL = Pattern.compile("[A-Za-z0-9._-]{1,4096}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_-]{1,253}");

  private static final List<Spec> FLAGS =
      List.of(
          new Spec("--service", "NAME", "ECS service of the task (required); also node.cluster"),
          new Spec("--cluster", "NAME", "ECS cluster (default: default)"),
          new Spec("--task-id", "ID", "ECS task id (default: 32 random hex digits)"),
          new Spec("--region", "REGION", "AWS region (default: us-east-1)"),
          new Spec("--account", "ID", "12-digit AWS account id (default: 000000000000)"),
          new Spec("--az", "ZONE", "availability zone, put in node.locality.zone (default: none)"),
          new Spec("--layout", "LAYOUT", "loopback or awsvpc (default: loopback)"),
          new Spec("--slot", "A.B", "loopback task slot, two numbers 0..255 (required for loopback)"),
          new Spec("--ingress-ip", "IP",
              "address of the task's ingress listener, registered in Cloud Map"
                  + " (default: loopback 127.1.A.B; required for awsvpc)"),
          new Spec("--app-ip", "IP",
              "address the app listens on (default: loopback 127.2.A.B; awsvpc 127.0.0.1)"),
          new Spec("--xds-host", "HOST", "control plane ADS address, IP or DNS name (default: 127.0.0.1)"),
          new Spec("--xds-port", "PORT", "control plane ADS port (default: " + DEFAULT_XDS_PORT + ")"),
          new Spec("--credential", "TOKEN",
              "the task's sidecar credential, presented on the ADS stream (default: fetched with --endpoint)"),
          new Spec("--endpoint", "URL",
              "a Wharf API endpoint to fetch the task's credential (and the ADS CA) from; the call is signed"
                  + " with SigV4 when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set"),
          new Spec("--output", "FILE",
              "write the bootstrap to FILE (owner read/write only: it holds the credential) instead of stdout"),
          new Spec("--delta", null, "use incremental (delta) xDS instead of state of the world"),
          new Spec("--initial-fetch-timeout", "SECONDS",
              "how long Envoy waits for its first listeners and clusters; 0 waits forever (default: 0)"),
          new Spec("--admin-ip", "IP",
              "Envoy admin address (default: loopback the ingress IP; awsvpc 127.0.0.1)"),
          new Spec("--admin-port", "PORT", "Envoy admin port (default: 9901)"),
          new Spec("--help", null, "print this help and exit"));

  private BootstrapCommand() {}

  /**
   * Runs {@code wharf bootstrap} with the arguments after the word {@code bootstrap}.
   *
   * @return the process exit code: 0, or {@link #USAGE}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, (endpoint, identity) -> {
      throw new UsageException("--endpoint is not available here; pass --credential");
    });
  }

  /**
   * Runs {@code wharf bootstrap}, fetching the credential from {@code --endpoint} through
   * {@code source} when no {@code --credential} is given.
   */
  public static int run(String[] args, PrintStream out, PrintStream err, CredentialSource source) {
    try {
      Map<String, String> values = parse(args);
      if (values.containsKey("--help")) {
        out.print(help());
        return 0;
      }
      BootstrapParams params = params(values);
      if (values.containsKey("--endpoint")) {
        if (values.containsKey("--credential")) {
          throw new UsageException("--credential and --endpoint exclude each other");
        }
        CredentialSource.Issued issued = source.fetch(values.get("--endpoint"), params.identity());
        params = params.withCredential(issued.credential());
        if (issued.xdsTrust() != null) {
          params = params.withXdsTrust(issued.xdsTrust());
        }
      }
      String yaml = BootstrapYaml.render(BootstrapBuilder.build(params));
      if (values.containsKey("--output")) {
        writePrivate(Path.of(values.get("--output")), yaml);
      } else {
        out.print(yaml);
        out.flush();
      }
      return 0;
    } catch (UsageException e) {
      err.println("wharf bootstrap: " + e.getMessage());
      err.println("Run 'wharf bootstrap --help' for the flags.");
      return USAGE;
    }
  }

  private static void writePrivate(Path file, String text) throws UsageException {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException e) {
      throw new UsageException("cannot write --output " + file + ": " + e.getMessage());
    }
  }

  /** The {@code --help} text: every flag with its default. */
  public static String help() {
    StringBuilder text =
        new StringBuilder()
            .append("Usage: wharf bootstrap --service NAME [--slot A.B | --layout awsvpc --ingress-ip IP] [flags]\n\n")
            .append("Prints the Envoy bootstrap YAML for one task's sidecar. Envoy announces the task as\n")
            .append("node.id arn:aws:ecs:<region>:<account>:task/<cluster>/<task-id> and gets all its\n")
            .append("listeners and clusters over ADS from a Wharf control plane. Run it with, e.g.\n")
            .append("  envoy -c bootstrap.yaml --concurrency 1 --disable-hot-restart --drain-time-s 20\n\n")
            .append("'wharf server' listens on 127.0.0.1 by default: the AWS API on port ")
            .append(DEFAULT_API_PORT)
            .append(", ADS on port ")
            .append(DEFAULT_XDS_PORT)
            .append(".\n\nFlags (--flag VALUE or --flag=VALUE):\n");
    for (Spec flag : FLAGS) {
      String left = flag.name() + (flag.arg() == null ? "" : " " + flag.arg());
      text.append(String.format(Locale.ROOT, "  %-32s %s%n", left, flag.help()));
    }
    return text.toString().replace("\r\n", "\n");
  }

  /**
   * Reads {@code --flag value}, {@code --flag=value} and switches into a map ({@link Flags}), rejecting
   * unknown or repeated flags and any positional argument.
   */
  static Map<String, String> parse(String[] args) throws UsageException {
    return Flags.parse(args, FLAGS).requirePositionals(0).values();
  }

  /** Turns parsed flags into bootstrap params, applying the defaults of the help text. */
  static BootstrapParams params(Map<String, String> v) throws UsageException {
    Layout layout = layout(v.getOrDefault("--layout", "loopback"));
    LoopbackSlot slot = slot(layout, v.get("--slot"));
    String ingressIp = ingressIp(layout, slot, v.get("--ingress-ip"));
    String appIp = ipv4("--app-ip",
        v.getOrDefault("--app-ip", slot != null ? slot.appIp() : "127.0.0.1"));
    NodeIdentity identity =
        new NodeIdentity(
            matching("--region", v.getOrDefault("--region", "us-east-1"), REGION),
            matching("--account", v.getOrDefault("--account", "000000000000"), ACCOUNT),
            matching("--cluster", v.getOrDefault("--cluster", "default"), ECS_NAME),
            matching("--service", required(v, "--service"), ECS_NAME),
            matching("--task-id", v.getOrDefault("--task-id", randomTaskId()), TASK_ID),
            layout.wireName(),
            ingressIp,
            appIp,
            slot == null ? null : slot.toString(),
            v.containsKey("--az") ? matching("--az", v.get("--az"), REGION) : null);
    String adminIp = adminIp(v.getOrDefault("--admin-ip", slot != null ? ingressIp : "127.0.0.1"));
    return new BootstrapParams(
        identity,
        matching("--xds-host", v.getOrDefault("--xds-host", "127.0.0.1"), HOST),
        port("--xds-port", v.getOrDefault("--xds-port", Integer.toString(DEFAULT_XDS_PORT)), 1),
        adminIp,
        port("--admin-port", v.getOrDefault("--admin-port", "9901"), 0),
        v.containsKey("--delta"),
        seconds("--initial-fetch-timeout", v.getOrDefault("--initial-fetch-timeout", "0")),
        v.containsKey("--credential") ? matching("--credential", v.get("--credential"), CREDENTIAL) : null,
        null);
  }

  private static Layout layout(String text) throws UsageException {
    try {
      return Layout.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--layout " + e.getMessage());
    }
  }

  private static LoopbackSlot slot(Layout layout, String text) throws UsageException {
    if (layout == Layout.AWSVPC) {
      if (text != null) {
        throw new UsageException("--slot applies to --layout loopback only");
      }
      return null;
    }
    if (text == null) {
      throw new UsageException(
          "--slot A.B is required for --layout loopback (the task's loopback addresses derive from it)");
    }
    try {
      return LoopbackSlot.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + e.getMessage());
    }
  }

  private static String ingressIp(Layout layout, LoopbackSlot slot, String given)
      throws UsageException {
    if (given != null) {
      return ipv4("--ingress-ip", given);
    }
    if (layout == Layout.AWSVPC) {
      throw new UsageException("--ingress-ip is required for --layout awsvpc (the task's address)");
    }
    return slot.ingressIp();
  }

  private static String required(Map<String, String> v, String name) throws UsageException {
    String value = v.get(name);
    if (value == null) {
      throw new UsageException(name + " is required");
    }
    return value;
  }

  private static String matching(String name, String value, Pattern pattern)
      throws UsageException {
    if (!pattern.matcher(value).matches()) {
      throw new UsageException(name + " must match " + pattern.pattern() + ", got '" + value + "'");
    }
    return value;
  }

  private static String ipv4(String name, String value) throws UsageException {
    if (!IPV4.matcher(value).matches()) {
      throw new UsageException(name + " must be an IPv4 address, got '" + value + "'");
    }
    return value;
  }

  private static String adminIp(String value) throws UsageException {
    if (IPV4.matcher(value).matches() || (value.contains(":") && HOST.matcher(value).matches())) {
      return value;
    }
    throw new UsageException("--admin-ip must be an IPv4 or IPv6 address, got '" + value + "'");
  }

  private static int port(String name, String value, int min) throws UsageException {
    try {
      int port = Integer.parseInt(value);
      if (port >= min && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(name + " must be a port number " + min + "..65535, got '" + value + "'");
  }

  private static Duration seconds(String name, String value) throws UsageException {
    if (value.matches("\\d{1,5}(\\.\\d{1,3})?")) {
      long millis = Math.round(Double.parseDouble(value) * 1000);
      if (millis <= Duration.ofDays(1).toMillis()) {
        return Duration.ofMillis(millis);
      }
    }
    throw new UsageException(name + " must be a number of seconds 0..86400, got '" + value + "'");
  }

  private static String randomTaskId() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
