package dev.wharf.controlplane.cli;

import dev.wharf.bootstrap.BootstrapCommand;
import dev.wharf.bootstrap.EnvoyBinary;
import dev.wharf.bootstrap.cli.Flags;
import dev.wharf.bootstrap.cli.Flags.Spec;
import dev.wharf.bootstrap.cli.UsageException;
import dev.wharf.controlplane.ControlPlane;
import dev.wharf.controlplane.ControlPlaneConfig;
import dev.wharf.controlplane.ca.TlsSettings;
import dev.wharf.controlplane.compose.ApplyCommand;
import dev.wharf.controlplane.compose.ComposeCommand;
import dev.wharf.controlplane.demo.DemoApp;
import dev.wharf.controlplane.local.CredentialClient;
import dev.wharf.controlplane.local.UpRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wharf} command: {@code server}, {@code bootstrap}, {@code up}, {@code demo-app},
 * {@code compose}, {@code apply}. The CLI edge: flags are parsed by the shared {@link Flags}, which
 * throws; only this class prints usage errors and exits (status 2; 0 for {@code --help}).
 */
public final class Main {
  private static final String USAGE = """
      usage: wharf <command> [flags]

        server     run the control plane in the foreground
                     --api-port N          AWS API port (default 7878)
                     --xds-port N          ADS port (default 18000)
                     --host ADDR           address both bind (default 127.0.0.1)
                     --data-dir DIR        state directory (default <repo>/.wharf/data)
                     --task-grace-seconds N  after a restart, keep tasks whose sidecars have not
                                           reconnected this long (default 30)
                     --enable-reset        allow POST /wharf/reset (wipes all state; for test suites)
                     --credentials FILE    require SigV4-signed API calls; FILE has one key a line:
                                           <access key id> <secret access key> <12-digit account>
                     --sidecar-credentials auto|required|optional
                                           refuse ADS streams without a sidecar credential: auto
                                           (default) requires one unless ADS binds loopback; a
                                           presented credential is always checked
                     --ads-tls auto|on|off serve ADS over TLS: auto (default) unless ADS binds loopback
                     --ca-cert FILE --ca-key FILE  sign sidecar certificates with this CA (PEM)
                                           instead of the built-in root kept in DIR/ca
                     --tls-leaf-validity D     sidecar certificate lifetime (default 7d; 20s, 5m, 2h)
                     --tls-leaf-renew-after D  renew a certificate at this age (default 5d)
                     --tls-mutual          services with tls also require client certificates
                     --metrics-scrape-seconds N  scrape every sidecar's metrics this often (default 20;
                                           0 turns collection off)
        bootstrap  print the Envoy bootstrap YAML for one task (see: wharf bootstrap --help)
        up [DIR]   run an example (default <repo>/examples/checkout) with its tasks as local processes:
                   demo apps plus real Envoy sidecars; Ctrl-C stops everything
                     --api-port N --xds-port N --data-dir DIR (default: a fresh temporary directory)
        demo-app   run the built-in demo app (configured by environment)
        compose [DIR]  print a docker-compose.yml for DIR's ECS documents, stock Envoy sidecars
                   (see: wharf compose --help; compose/README.md)
        apply      send ECS documents to a Wharf through the AWS API (--endpoint URL DIR)
      """;

  /** Flags of {@code wharf up}; {@code wharf server} takes these and {@link #SERVER_ONLY}. */
  private static final List<Spec> COMMON = List.of(
      new Spec("--api-port", "N", null),
      new Spec("--xds-port", "N", null),
      new Spec("--host", "ADDR", null),
      new Spec("--data-dir", "DIR", null),
      new Spec("--help", null, null));

  private static final List<Spec> SERVER_ONLY = List.of(
      new Spec("--task-grace-seconds", "N", null),
      new Spec("--enable-reset", null, null),
      new Spec("--credentials", "FILE", null),
      new Spec("--sidecar-credentials", "MODE", null),
      new Spec("--ads-tls", "MODE", null),
      new Spec("--ca-cert", "FILE", null),
      new Spec("--ca-key", "FILE", null),
      new Spec("--tls-leaf-validity", "D", null),
      new Spec("--tls-leaf-renew-after", "D", null),
      new Spec("--tls-mutual", null, null),
      new Spec("--metrics-scrape-seconds", "N", null));

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.print(USAGE);
      System.exit(args.length == 0 ? 2 : 0);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "server" -> server(flags(rest, concat(COMMON, SERVER_ONLY), 0));
        case "bootstrap" -> System.exit(BootstrapCommand.run(rest, System.out, System.err, new CredentialClient()));
        case "up" -> up(flags(rest, COMMON, 1));
        case "demo-app" -> DemoApp.main(rest);
        case "compose" -> System.exit(ComposeCommand.run(rest, root(), System.out, System.err));
        case "apply" -> System.exit(ApplyCommand.run(rest, System.out, System.err));
        default -> throw new UsageException("unknown command " + args[0]);
      }
    } catch (UsageException e) {
      System.err.println("wharf: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    }
  }

  /** Parses a command's flags; {@code --help} prints the usage and exits 0 (a usage error reaches {@link #main}). */
  private static Flags flags(String[] args, List<Spec> specs, int maxPositionals) throws UsageException {
    Flags f = Flags.parse(args, specs);
    if (f.has("--help")) {
      System.out.print(USAGE);
      System.exit(0);
    }
    return f.requirePositionals(maxPositionals);
  }

  private static List<Spec> concat(List<Spec> a, List<Spec> b) {
    List<Spec> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static void server(Flags f) throws Exception {
    ControlPlaneConfig config = withCommon(ControlPlaneConfig.defaults(
        Path.of(f.get("--data-dir", root().resolve(".wharf/data").toString()))), f)
        .withTaskGrace(Duration.ofSeconds(f.getInt("--task-grace-seconds", 30)))
        .withAdminReset(f.has("--enable-reset"))
        .withSecurity(new ControlPlaneConfig.Security(
            when(f, "--sidecar-credentials", "required", "optional"), when(f, "--ads-tls", "on", "off"),
            f.has("--credentials") ? Path.of(f.get("--credentials", null)) : null));
    config = config.withTls(tls(f, config.tls()))
        .withTranslatorOptions(config.translatorOptions().withMutualTls(f.has("--tls-mutual")));
    config = config.withMetrics(config.metrics().withScrapePeriod(
        Duration.ofSeconds(f.getInt("--metrics-scrape-seconds", 20))));
    ControlPlane cp = ControlPlane.start(config);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cp.close();
      done.countDown();
    }));
    System.out.printf("wharf server: AWS API http://%s:%d  ADS %s:%d  data %s%n", config.apiHost(), cp.apiPort(),
        config.xdsHost(), cp.xdsPort(), config.dataDir().toAbsolutePath());
    done.await();
  }

  /** {@code auto}, {@code yes} or {@code no} of a mode flag. */
  private static ControlPlaneConfig.When when(Flags f, String flag, String yes, String no) throws UsageException {
    String v = f.get(flag, "auto");
    if (v.equals("auto")) {
      return ControlPlaneConfig.When.AUTO;
    } else if (v.equals(yes)) {
      return ControlPlaneConfig.When.ALWAYS;
    } else if (v.equals(no)) {
      return ControlPlaneConfig.When.NEVER;
    }
    throw new UsageException(flag + " must be auto, " + yes + " or " + no + ", got '" + v + "'");
  }

  private static void up(Flags f) throws Exception {
    Path example = Path.of(f.positional(0, root().resolve("examples/checkout").toString()));
    if (!Files.isDirectory(example)) {
      System.err.println("wharf up: no example directory " + example);
      System.exit(2);
    }
    Path work = Files.createTempDirectory("wharf-up-");
    Path data = f.has("--data-dir") ? Path.of(f.get("--data-dir", null)) : work.resolve("data");
    // Its own sidecars always present credentials, so require them.
    ControlPlaneConfig config = withCommon(ControlPlaneConfig.defaults(data), f).withSecurity(
        new ControlPlaneConfig.Security(ControlPlaneConfig.When.ALWAYS, ControlPlaneConfig.When.AUTO, null));
    new UpRunner(System.out).run(example, config, work.resolve("tasks"));
  }

  /** {@code --ca-cert/--ca-key} and the leaf lifetimes (spec 55). */
  private static TlsSettings tls(Flags f, TlsSettings d) throws UsageException {
    if (f.has("--ca-cert") != f.has("--ca-key")) {
      throw new UsageException("--ca-cert and --ca-key go together");
    }
    TlsSettings t = f.has("--ca-cert") ? d.withCa(Path.of(f.get("--ca-cert", null)), Path.of(f.get("--ca-key", null)))
        : d;
    try {
      return t.withLeafLifetimes(duration(f, "--tls-leaf-validity", t.leafValidity()),
          duration(f, "--tls-leaf-renew-after", t.leafRenewAfter()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** A duration flag: a number with a unit, {@code s}, {@code m}, {@code h} or {@code d}. */
  static Duration duration(Flags f, String name, Duration dflt) throws UsageException {
    String v = f.get(name, null);
    if (v == null) {
      return dflt;
    }
    Matcher m = Pattern.compile("([0-9]+)([smhd])").matcher(v);
    if (!m.matches()) {
      throw new UsageException(name + ": expected a number and a unit (s, m, h, d), for example 20s or 7d: " + v);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** The repository root ({@link EnvoyBinary#repoRoot()}), else the working directory. */
  private static Path root() {
    return EnvoyBinary.repoRoot().orElse(Path.of("."));
  }

  private static ControlPlaneConfig withCommon(ControlPlaneConfig c, Flags f) throws UsageException {
    String host = f.get("--host", c.apiHost());
    ControlPlaneConfig r = new ControlPlaneConfig(host, c.apiPort(), host, c.xdsPort(), c.dataDir(), c.taskGrace(),
        c.reconcileQuiet(), c.reconcileMaxDelay(), c.adminReset(), c.translatorOptions(), c.tls(),
        c.metrics(), c.security());
    return r.withPorts(f.getInt("--api-port", c.apiPort()), f.getInt("--xds-port", c.xdsPort()));
  }
}
