package dev.wharf.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Envoy binary Wharf runs, and knows which release Wharf pins.
 *
 * <p>Lookup order: the {@code ENVOY_BIN} environment variable; then {@code .wharf/bin/envoy} under
 * the repository root, where the build installs the pinned release ({@code tools/install-deps.sh});
 * then {@code envoy} on {@code PATH}. The repository root is the system property {@code wharf.root}
 * (surefire sets it) or the nearest folder above the working directory holding {@code
 * tools/install-deps.sh}. Stateless and thread-safe.
 */
public final class EnvoyBinary {

  /** The environment variable that names an Envoy binary to use instead of the pinned one. */
  public static final String ENV_VAR = "ENVOY_BIN";

  /** Where the build installs the pinned Envoy, relative to the repository root. */
  public static final String INSTALLED = ".wharf/bin/envoy";

  private static final String ROOT_MARKER = "tools/install-deps.sh";

  /** {@code envoy --version} prints {@code envoy  version: <sha>/<x.y.z>/Clean/RELEASE/BoringSSL}. */
  private static final Pattern VERSION = Pattern.compile("version: [0-9a-f]+/(\\d+\\.\\d+\\.\\d+)/");

  private EnvoyBinary() {}

  /**
   * The Envoy binary to run.
   *
   * @throws IllegalStateException if there is none, or {@code ENVOY_BIN} names no executable; the
   *     message says how to provide one
   */
  public static Path locate() {
    return locate(System::getenv, repoRoot());
  }

  /** {@link #locate()} with the environment and repository root given (for tests). */
  static Path locate(UnaryOperator<String> env, Optional<Path> repoRoot) {
    String configured = env.apply(ENV_VAR);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            ENV_VAR + "=" + configured + " is not an executable file. " + howToProvide());
      }
      return path;
    }
    Optional<Path> installed =
        repoRoot.map(root -> root.resolve(INSTALLED)).filter(Files::isExecutable);
    return installed
        .or(() -> onPath(env.apply("PATH")))
        .orElseThrow(() -> new IllegalStateException("Envoy not found. " + howToProvide()));
  }

  /** The Envoy release Wharf pins: the root pom's {@code envoy.version}, e.g. {@code 1.36.4}. */
  public static String pinnedVersion() {
    try (InputStream in = EnvoyBinary.class.getResourceAsStream("envoy.properties")) {
      if (in == null) {
        throw new IllegalStateException("envoy.properties is missing from the classpath");
      }
      Properties props = new Properties();
      props.load(in);
      String version = props.getProperty("envoy.version", "");
      if (version.isEmpty() || version.startsWith("${")) {
        throw new IllegalStateException("envoy.properties was not filtered by Maven: " + version);
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The release of the given binary, from {@code <envoy> --version} (e.g. {@code 1.36.4}).
   *
   * @throws IllegalStateException if it does not run or prints no recognisable version
   */
  public static String version(Path envoy) {
    String output = run(envoy, "--version");
    Matcher m = VERSION.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException(envoy + " --version printed no version: " + output.strip());
    }
    return m.group(1);
  }

  /**
   * The repository root, if one can be found: system property {@code wharf.root} (the launcher and
   * the build set it), else the nearest parent of the working directory holding {@code
   * tools/install-deps.sh}. The one place Wharf's tools look for it.
   */
  public static Optional<Path> repoRoot() {
    String configured = System.getProperty("wharf.root");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured).toAbsolutePath());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(ROOT_MARKER))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  static Optional<Path> onPath(String pathVar) {
    if (pathVar == null) {
      return Optional.empty();
    }
    for (String dir : pathVar.split(Pattern.quote(File.pathSeparator))) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "envoy");
        if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static String howToProvide() {
    String pinned;
    try {
      pinned = pinnedVersion();
    } catch (RuntimeException e) {
      pinned = "the version in the root pom.xml (envoy.version)";
    }
    return "Set "
        + ENV_VAR
        + "=/path/to/envoy, or run the build (mvn -B install at the repository root), which"
        + " installs Envoy "
        + pinned
        + " to "
        + INSTALLED
        + " with tools/install-deps.sh.";
  }

  private static String run(Path envoy, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = envoy.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(envoy + " did not finish");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + envoy + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + envoy, e);
    }
  }
}
