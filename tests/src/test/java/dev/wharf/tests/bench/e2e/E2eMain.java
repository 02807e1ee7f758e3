package dev.wharf.tests.bench.e2e;

import dev.wharf.tests.harness.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./wharf bench e2e [S,S,...] [T] [awsvpc|loopback] [delta|sotw] [changes]}: runs the
 * end-to-end benchmark for each S with the given T, layout and protocol (defaults 3, awsvpc, delta,
 * 20 churn changes each way). Without arguments it runs the grid: S = 100, 300, 1,000 (T = 3,
 * awsvpc, delta), then one loopback row at S = 100.
 *
 * <p>The server under test is this worktree's {@code control-plane/target/wharf.jar}, copied first
 * so that a rebuild cannot swap it during a run. Each cell prints one {@code RESULT e2e ...} line,
 * labelled with the newest commit of the server's sources, and appends it to {@code target/bench/results.txt};
 * its server log, fleet log and data directory stay under {@code target/bench/e2e/}.
 */
public final class E2eMain {
  private E2eMain() {}

  /** A cell's parameters. */
  record Spec(int s, int t, String layout, String protocol, int changes) {}

  /** Runs the cells named by {@code args} (see the class comment) with the fleet on {@code classpath}. */
  public static void run(String[] args, String classpath) throws Exception {
    List<Spec> specs = specs(args);
    Path root = Repo.root();
    String commit = commit(root);
    Path dir = Path.of("target/bench/e2e").toAbsolutePath();
    Files.createDirectories(dir);
    Path jar = dir.resolve("wharf-" + commit + ".jar");
    Files.copy(root.resolve("control-plane/target/wharf.jar"), jar, StandardCopyOption.REPLACE_EXISTING);
    for (Spec spec : specs) {
      String name = spec.layout() + "-" + spec.protocol() + "-S" + spec.s() + "-T" + spec.t();
      System.out.println("== e2e " + name + " (commit " + commit + ")");
      Path cellDir = Files.createTempDirectory(dir, name + "-");
      StringBuilder line = new StringBuilder("RESULT e2e commit=" + commit);
      try {
        Map<String, String> r = new E2eCell(spec.s(), spec.t(), spec.layout(), spec.protocol(), spec.changes(),
            jar, classpath, cellDir).run();
        r.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
      } catch (Exception | Error e) {
        line.append(" S=").append(spec.s()).append(" T=").append(spec.t()).append(" layout=").append(spec.layout())
            .append(" protocol=").append(spec.protocol()).append(" FAILED=")
            .append(String.valueOf(e).replace(' ', '_'));
        e.printStackTrace();
      }
      line.append(" dir=").append(dir.relativize(cellDir));
      System.out.println(line);
      record(line.toString());
    }
  }

  static List<Spec> specs(String[] args) {
    List<Spec> out = new ArrayList<>();
    if (args.length == 0 || args[0].equals("grid")) {
      for (int s : List.of(100, 300, 1000)) {
        out.add(new Spec(s, 3, "awsvpc", "delta", 20));
      }
      out.add(new Spec(100, 3, "loopback", "delta", 20));
      return out;
    }
    int t = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String layout = args.length > 2 ? args[2] : "awsvpc";
    String protocol = args.length > 3 ? args[3] : "delta";
    int changes = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    if (!List.of("awsvpc", "loopback").contains(layout) || !List.of("delta", "sotw").contains(protocol)) {
      throw new IllegalArgumentException("usage: e2e [S,S,...] [T] [awsvpc|loopback] [delta|sotw] [changes]");
    }
    for (String s : args[0].split(",")) {
      out.add(new Spec(Integer.parseInt(s.trim()), t, layout, protocol, changes));
    }
    return out;
  }

  /**
   * The server under test's commit: the newest commit that touched the server's sources (so a
   * benchmark-only commit does not relabel the same server), with {@code +dirty} when they have local
   * changes.
   */
  private static String commit(Path root) throws IOException, InterruptedException {
    String[] sources = {"api", "translator", "control-plane", "envoy-bootstrap", "pom.xml"};
    List<String> log = new ArrayList<>(List.of("log", "-1", "--format=%h", "--"));
    log.addAll(List.of(sources));
    String sha = git(root, log.toArray(String[]::new)).trim();
    List<String> status = new ArrayList<>(List.of("status", "--porcelain", "--"));
    status.addAll(List.of(sources));
    return git(root, status.toArray(String[]::new)).isBlank() ? sha : sha + "+dirty";
  }

  private static String git(Path root, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static void record(String line) throws IOException {
    Path f = Path.of("target/bench/results.txt");
    Files.createDirectories(f.getParent());
    Files.writeString(f, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
