package dev.wharf.tests.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A clone explains itself: the code's "spec N" citations resolve to docs/spec.md, no file points at
 * documents outside the repository or carries process notes, and every Java package has a
 * {@code package-info.java}. Each failure lists the offending files and lines.
 */
class RepositoryDocsTest {
  /** "spec" followed by a list of item numbers, ranges, sections ("3.4") or "Part N". */
  private static final String ID = "(?:Part \\d+|\\d+(?:\\.\\d+)?(?:-\\d+)?)";
  private static final Pattern CITATION =
      Pattern.compile("\\b(?i:spec) (?:items? )?(" + ID + "(?:(?:, | and )" + ID + ")*)");
  private static final Pattern ITEM = Pattern.compile("^(\\d+)\\. ", Pattern.MULTILINE);
  private static final Pattern SECTION = Pattern.compile("^(?:### |- \\*\\*)(\\d+\\.\\d+) ", Pattern.MULTILINE);
  private static final Pattern PART = Pattern.compile("^## Part (\\d+) ", Pattern.MULTILINE);
  /** Documents that live outside the repository, and notes about how the code came to be. */
  private static final Pattern OUTSIDE = Pattern.compile(String.join("|",
      "\\.\\./shared", "reference" + "/", "reference" + " §", "style-" + "models", "code-" + "review",
      "aws-api-" + "emulators", "xds-control-" + "planes", "aws-service-connect-" + "spec", "\\bissue \\d+",
      "written " + "during", "issue " + "note"));
  private static final Set<String> SKIP_DIRS = Set.of(".git", ".wharf", "target", "node_modules");
  private static final Set<String> TEXT = Set.of("java", "md", "xml", "sh", "yaml", "yml", "py", "properties");

  private static Set<String> specIds() throws IOException {
    String spec = Files.readString(Repo.root().resolve("docs/spec.md"), StandardCharsets.UTF_8);
    Set<String> ids = new TreeSet<>();
    for (Pattern p : List.of(ITEM, SECTION)) {
      Matcher m = p.matcher(spec);
      while (m.find()) {
        ids.add(m.group(1));
      }
    }
    Matcher m = PART.matcher(spec);
    while (m.find()) {
      ids.add("Part " + m.group(1));
    }
    return ids;
  }

  private static List<Path> files(Set<String> extensions) throws IOException {
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(Repo.root(), new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
        return SKIP_DIRS.contains(dir.getFileName().toString())
            ? FileVisitResult.SKIP_SUBTREE
            : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
        String n = f.getFileName().toString();
        if (extensions.contains(n.substring(n.lastIndexOf('.') + 1))) {
          out.add(f);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(null);
    return out;
  }

  private static List<String> lines(Path f) {
    try {
      return Files.readAllLines(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everySpecCitationInTheCodeNamesAnItemOfDocsSpec() throws IOException {
    Set<String> ids = specIds();
    assertTrue(ids.containsAll(Set.of("1", "76", "2.4", "3.7", "4.13", "Part 2")), "docs/spec.md parsed: " + ids);
    List<String> unresolved = new ArrayList<>();
    int citations = 0;
    for (Path f : files(Set.of("java"))) {
      List<String> text = lines(f);
      for (int i = 0; i < text.size(); i++) {
        Matcher m = CITATION.matcher(text.get(i));
        while (m.find()) {
          for (String id : ids(m.group(1))) {
            citations++;
            if (!ids.contains(id)) {
              unresolved.add(Repo.root().relativize(f) + ":" + (i + 1) + " spec " + id + ": " + text.get(i).trim());
            }
          }
        }
      }
    }
    assertTrue(citations > 100, "expected the code to cite docs/spec.md; found " + citations + " citations");
    assertEquals(List.of(), unresolved, "citations with no item in docs/spec.md");
  }

  /** "19-22, 3.7" → 19, 20, 21, 22, 3.7. */
  private static List<String> ids(String list) {
    List<String> out = new ArrayList<>();
    for (String part : list.split(", | and ")) {
      Matcher range = Pattern.compile("(\\d+)-(\\d+)").matcher(part);
      if (range.matches()) {
        for (int n = Integer.parseInt(range.group(1)); n <= Integer.parseInt(range.group(2)); n++) {
          out.add(Integer.toString(n));
        }
      } else {
        out.add(part);
      }
    }
    return out;
  }

  @Test
  void nothingPointsOutsideTheRepositoryOrCarriesProcessNotes() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : files(TEXT)) {
      List<String> text = lines(f);
      for (int i = 0; i < text.size(); i++) {
        if (OUTSIDE.matcher(text.get(i)).find()) {
          found.add(Repo.root().relativize(f) + ":" + (i + 1) + ": " + text.get(i).trim());
        }
      }
    }
    assertEquals(List.of(), found, "references to documents outside the repository, or process notes");
  }

  @Test
  void everyJavaPackageHasAPackageInfo() throws IOException {
    Set<Path> packages = new TreeSet<>();
    for (Path f : files(Set.of("java"))) {
      if (f.toString().contains("/src/main/java/") || f.toString().contains("/src/test/java/")) {
        packages.add(f.getParent());
      }
    }
    assertFalse(packages.isEmpty(), "no Java sources found under " + Repo.root());
    List<String> missing = new ArrayList<>();
    for (Path p : packages) {
      if (!Files.exists(p.resolve("package-info.java"))) {
        missing.add(Repo.root().relativize(p).toString());
      }
    }
    assertEquals(List.of(), missing, "packages without a package-info.java saying what they are for");
  }

  @Test
  void conformanceLinksStayInsideTheRepository() throws IOException {
    List<String> outside = new ArrayList<>();
    try (Stream<String> text = Files.lines(Repo.root().resolve("CONFORMANCE.md"), StandardCharsets.UTF_8)) {
      text.filter(l -> l.contains("](../") || l.contains("`../") || l.contains("/work/")).forEach(outside::add);
    }
    assertEquals(List.of(), outside, "CONFORMANCE.md links outside the repository");
  }
}
