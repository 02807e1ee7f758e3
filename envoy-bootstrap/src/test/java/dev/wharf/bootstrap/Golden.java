package dev.wharf.bootstrap;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Golden files under {@code src/test/resources/testdata/} (read from disk, not the classpath copy).
 * {@code -Dgolden.update=true} rewrites them and deletes those no test produces; otherwise a
 * mismatch fails with a line diff and the command that regenerates them.
 */
final class Golden {

  static final String REGENERATE = "mvn -B -pl envoy-bootstrap test -Dgolden.update=true";

  private Golden() {}

  static boolean updating() {
    return Boolean.getBoolean("golden.update");
  }

  static Path dir(String sub) {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath()
        .resolve("src/test/resources/testdata").resolve(sub);
  }

  /** Compares {@code actual} with the golden file, or writes it when updating. */
  static void check(Path file, String actual) {
    try {
      if (updating()) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        fail("missing golden file " + file + "\nregenerate with: " + REGENERATE);
      }
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        fail("output differs from " + file + " (- golden, + actual):\n" + diff(expected, actual)
            + "\nIf the change is intended, regenerate with: " + REGENERATE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes (when updating) or reports files in {@code dir} that no case produces. */
  static void checkNoStale(Path dir, Set<String> produced) {
    List<Path> stale;
    try (Stream<Path> files = Files.list(dir)) {
      stale = files.filter(f -> !produced.contains(f.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (updating()) {
      stale.forEach(Golden::delete);
    } else if (!stale.isEmpty()) {
      fail("golden files with no test case: " + stale + "\nremove them with: " + REGENERATE);
    }
  }

  /** A line diff from the longest common subsequence; changed lines only, with line numbers. */
  static String diff(String expected, String actual) {
    String[] a = expected.split("\n", -1);
    String[] b = actual.split("\n", -1);
    int[][] lcs = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i].equals(b[j])) {
        i++;
        j++;
      } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.add(String.format("%4d - %s", i + 1, a[i++]));
      } else {
        out.add(String.format("%4d + %s", j + 1, b[j++]));
      }
    }
    return String.join("\n", out);
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
