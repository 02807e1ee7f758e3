package dev.wharf.translator;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Golden-file comparison (style-models 8.4): compares, or rewrites when the system property
 * {@code golden.update} is true, and deletes outputs nobody produced any more.
 */
final class GoldenFiles {
  static final Path ROOT = Path.of("src/test/resources/testdata");
  static final Path IN = ROOT.resolve("in");
  static final Path OUT = ROOT.resolve("out");
  static final String REGENERATE = "cd <repo> && mvn -B -o -pl translator install -Dgolden.update=true";

  private GoldenFiles() {}

  static boolean updating() {
    return Boolean.getBoolean("golden.update");
  }

  /** Case names: the input files without {@code .yaml}, sorted. */
  static List<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(IN)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .sorted()
          .toList();
    }
  }

  /** Compares {@code out/<name>} with {@code actual} (null = the file must not exist). */
  static void check(String name, String actual) {
    Path file = OUT.resolve(name);
    try {
      if (updating()) {
        if (actual == null) {
          Files.deleteIfExists(file);
        } else {
          Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        return;
      }
      String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
      if (expected == null && actual == null) {
        return;
      }
      if (expected == null || !expected.equals(actual)) {
        fail("golden mismatch for " + file + "\n" + diff(expected, actual) + "\nRegenerate with: " + REGENERATE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** In update mode, deletes every output file not in {@code produced}; otherwise fails on strays. */
  static void removeStale(Set<String> produced) throws IOException {
    try (Stream<Path> files = Files.list(OUT)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (produced.contains(n)) {
          continue;
        }
        if (updating()) {
          Files.delete(f);
        } else {
          fail("stale golden file " + f + " (no input produces it). Regenerate with: " + REGENERATE);
        }
      }
    }
  }

  /** A small line diff: the first differing line with context. */
  static String diff(String expected, String actual) {
    if (expected == null) {
      return "missing expected file; actual:\n" + actual;
    }
    if (actual == null) {
      return "expected no file, but it exists";
    }
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    int i = 0;
    while (i < e.length && i < a.length && e[i].equals(a[i])) {
      i++;
    }
    StringBuilder b = new StringBuilder("first difference at line " + (i + 1) + ":\n");
    for (int j = Math.max(0, i - 3); j < Math.min(Math.max(e.length, a.length), i + 4); j++) {
      String el = j < e.length ? e[j] : "<eof>";
      String al = j < a.length ? a[j] : "<eof>";
      b.append(el.equals(al) ? "  " + el : "- " + el + "\n+ " + al).append('\n');
    }
    return b.toString();
  }
}
