package dev.wharf.testsupport;

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
 * Golden-file comparison for every module's tests (translator, envoy-bootstrap, tests). Golden files
 * are read from the source tree ({@code src/test/resources/...} of the module under test), never from
 * the classpath copy.
 *
 * <p>Contract: with the system property {@code golden.update=true} (the root pom passes
 * {@code -Dgolden.update} to surefire), {@link #check} writes the actual output and
 * {@link #checkNoStale} deletes files no case produces; otherwise a mismatch, a missing file or a
 * stale file fails the test with a line diff and {@link #REGENERATE}, the one command that
 * regenerates every golden file in the repository.
 */
public final class GoldenFiles {

  /**
   * The regenerate command, run from the repository root, as CONTRIBUTING.md gives it (a test checks
   * that they agree and that it works). Review the diff before committing.
   */
  public static final String REGENERATE =
      "mvn -B test -Dgolden.update=true -Dtest='*GoldenTest' -Dsurefire.failIfNoSpecifiedTests=false";

  private GoldenFiles() {}

  /** Whether this run rewrites golden files instead of comparing. */
  public static boolean updating() {
    return Boolean.getBoolean("golden.update");
  }

  /**
   * {@code relative} resolved against the module under test (surefire's {@code basedir}; the working
   * directory when that is not set).
   */
  public static Path moduleFile(String relative) {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve(relative);
  }

  /**
   * Compares {@code file} with {@code actual}, or writes it when {@link #updating()}. A null
   * {@code actual} means the file must not exist (it is deleted when updating).
   */
  public static void check(Path file, String actual) {
    try {
      if (updating()) {
        if (actual == null) {
          Files.deleteIfExists(file);
        } else {
          Files.createDirectories(file.toAbsolutePath().getParent());
          Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        return;
      }
      String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
      if (expected == null && actual == null) {
        return;
      }
      if (expected == null) {
        fail("missing golden file " + file + "\nRegenerate with: " + REGENERATE);
      }
      if (actual == null) {
        fail("golden file " + file + " exists, but this case produces no such output\nRegenerate with: "
            + REGENERATE);
      }
      if (!expected.equals(actual)) {
        fail("output differs from " + file + " (- golden, + actual):\n" + diff(expected, actual)
            + "\nIf the change is intended, regenerate with: " + REGENERATE + " and review the diff");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes (when updating) or fails on the files directly in {@code dir} that are not in {@code produced}. */
  public static void checkNoStale(Path dir, Set<String> produced) {
    List<Path> stale;
    try (Stream<Path> files = Files.list(dir)) {
      stale = files.filter(f -> !produced.contains(f.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (updating()) {
      for (Path f : stale) {
        try {
          Files.delete(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    } else if (!stale.isEmpty()) {
      fail("golden files no case produces: " + stale + "\nRemove them with: " + REGENERATE);
    }
  }

  /** A line diff from the longest common subsequence: changed lines only, with their line numbers. */
  public static String diff(String expected, String actual) {
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
}
