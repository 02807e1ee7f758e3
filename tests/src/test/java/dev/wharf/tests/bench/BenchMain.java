package dev.wharf.tests.bench;

import dev.wharf.tests.bench.e2e.E2eMain;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark's entry point ({@code ./wharf bench}, or {@code mvn -Pbench ... exec:exec}):
 *
 * <ul>
 *   <li>{@code grid [K,K,...] [S,S,...] [changes]}: for each K and S, runs {@link XdsBench} for Wharf
 *       and for the stock java-control-plane server, each in a fresh JVM (control plane) plus a JVM
 *       of K clients; defaults K=100,1000,5000 S=100,1000, 10 changes;
 *   <li>{@code one <wharf|stock> K S [changes]}: one run;
 *   <li>{@code jmh}: the JMH benchmarks (translator at S=1,000 and 10,000; snapshot publication);
 *   <li>{@code e2e [S,S,...] [T] [layout] [protocol] [changes]}: the end-to-end benchmark through the
 *       real server process ({@link dev.wharf.tests.bench.e2e.E2eMain}).
 * </ul>
 *
 * Results are printed and appended to {@code target/bench/results.txt}.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length == 0 ? "grid" : args[0];
    switch (mode) {
      case "jmh" -> jmh();
      case "classpath" -> System.out.println(System.getProperty("java.class.path"));
      case "e2e" -> E2eMain.run(Arrays.copyOfRange(args, 1, args.length),
          classpath());
      case "one" -> run(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          args.length > 4 ? Integer.parseInt(args[4]) : 10, args.length > 5 ? args[5] : "sotw");
      default -> grid(args.length > 1 ? ints(args[1]) : List.of(100, 1000, 5000),
          args.length > 2 ? ints(args[2]) : List.of(100, 1000), args.length > 3 ? Integer.parseInt(args[3]) : 10);
    }
  }

  private static List<Integer> ints(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(Integer.parseInt(s.trim()));
    }
    return out;
  }

  private static void grid(List<Integer> ks, List<Integer> ss, int changes) throws Exception {
    for (int s : ss) {
      for (int k : ks) {
        run("wharf", k, s, changes, "delta");
        run("wharf", k, s, changes, "sotw");
        run("stock", k, s, changes, "sotw");
      }
    }
  }

  private static String classpath;

  /**
   * A private copy of this JVM's classpath (jars and class folders) under target/bench/cp: a run
   * lasts minutes, and a concurrent {@code mvn install} or test compilation must not swap classes
   * under it.
   */
  static synchronized String classpath() throws IOException {
    if (classpath != null) {
      return classpath;
    }
    Path root = Path.of("target/bench/cp").toAbsolutePath();
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path src = Path.of(entry);
      if (!Files.exists(src)) {
        continue;
      }
      Path dst = root.resolve((i++) + "-" + src.getFileName());
      if (Files.isDirectory(src)) {
        try (var walk = Files.walk(src)) {
          for (Path f : (Iterable<Path>) walk::iterator) {
            Path t = dst.resolve(src.relativize(f).toString());
            if (Files.isDirectory(f)) {
              Files.createDirectories(t);
            } else {
              Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      } else {
        Files.createDirectories(root);
        Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
      }
      out.add(dst.toString());
    }
    classpath = String.join(File.pathSeparator, out);
    return classpath;
  }

  private static void run(String impl, int k, int s, int changes, String protocol) throws Exception {
    String heap = impl.equals("wharf") ? "-Xmx1g" : "-Xmx4g";
    List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), heap,
        "-XX:+UseParallelGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath(),
        XdsBench.class.getName(), impl, String.valueOf(k), String.valueOf(s), String.valueOf(changes), protocol);
    System.out.println("== " + impl + " " + protocol + " K=" + k + " S=" + s);
    Path log = Path.of("target/bench/" + impl + "-" + protocol + "-K" + k + "-S" + s + ".log");
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("RESULT")) {
          System.out.println(line);
          record(line);
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0) {
      System.out.println("  exited " + rc);
      record("FAILED impl=" + impl + " protocol=" + protocol + " K=" + k + " S=" + s + " exit=" + rc);
    }
  }

  private static void record(String line) throws IOException {
    Path f = Path.of(System.getProperty("bench.out", "target/bench/results.txt"));
    Files.createDirectories(f.getParent());
    Files.writeString(f, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static void jmh() throws Exception {
    System.setProperty("java.class.path", classpath());
    new Runner(new OptionsBuilder()
        .include("dev\\.wharf\\.tests\\.bench\\.(TranslatorJmh|PublishJmh)")
        .forks(1)
        .warmupIterations(3).warmupTime(TimeValue.seconds(2))
        .measurementIterations(5).measurementTime(TimeValue.seconds(2))
        .jvmArgs("-Xmx3g")
        .build()).run();
  }
}
