package dev.wharf.tests.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Repo;
import dev.wharf.testsupport.GoldenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * CONTRIBUTING.md's commands work as written. Its golden regeneration command is the one the golden
 * helpers print; run from the root of a copy of this checkout it succeeds and leaves every file as it
 * was (the committed goldens are what the code produces, and nothing stale is left); its one-test and
 * one-module commands then pass in the same copy.
 */
class ContributingCommandsTest {
  /** Each nested build compiles modules on a shared machine. */
  private static final long TIMEOUT_MINUTES = 30;

  /** The test class CONTRIBUTING.md's one-test command runs; Surefire's summary names it. */
  private static final String ONE_TEST_CLASS = "dev.wharf.controlplane.xds.AdsSotwConversationTest";

  /** The main source the style checks disturb in the copy. */
  private static final String MODEL_SOURCE = "api/model/src/main/java/dev/wharf/api/arn/Ids.java";

  /** A test class of the module CONTRIBUTING.md's one-module command runs. */
  private static final String ONE_MODULE_CLASS = "dev.wharf.translator.TranslatorGoldenTest";

  /** The one line of the shell block that follows {@code <!-- contributing-test:NAME -->}. */
  static String command(String name) throws IOException {
    String marker = "<!-- contributing-test:" + name + " -->";
    List<String> lines = Files.readAllLines(Repo.root().resolve("CONTRIBUTING.md"), StandardCharsets.UTF_8);
    int at = lines.indexOf(marker);
    assertTrue(at >= 0, "CONTRIBUTING.md has no " + marker + " block");
    assertEquals("```sh", lines.get(at + 1), "the marker is followed by a sh block");
    assertEquals("```", lines.get(at + 3), "the " + name + " block holds exactly one command");
    return lines.get(at + 2);
  }

  @Test
  void theHelpersPrintTheGoldenCommandContributingGives() throws IOException {
    assertEquals(GoldenFiles.REGENERATE, command("golden"));
  }

  @Test
  void theCommandsWorkAsWrittenInAFreshCopyAndRegeneratingChangesNoGoldenFile() throws Exception {
    Path root = Repo.root();
    List<String> files = git(root, "ls-files", "-co", "--exclude-standard");
    Path copy = Files.createTempDirectory("wharf-contributing-");
    for (String f : files) {
      Path src = root.resolve(f);
      if (Files.isRegularFile(src)) {
        Files.createDirectories(copy.resolve(f).getParent());
        Files.copy(src, copy.resolve(f));
      }
    }
    // The tools the build installs (Envoy, the AWS CLI) are git-ignored; share them, do not reinstall.
    Files.createSymbolicLink(copy.resolve(".wharf"), root.resolve(".wharf"));

    run(copy, command("golden"), "golden.log");
    List<String> changed = new ArrayList<>();
    for (String f : files) {
      Path before = root.resolve(f);
      Path after = copy.resolve(f);
      if (Files.isRegularFile(before) && (!Files.exists(after) || Files.mismatch(before, after) != -1)) {
        changed.add(f);
      }
    }
    changed.addAll(newGoldenFiles(copy, files));
    assertEquals(List.of(), changed, "regenerating changed (or added) these files in " + copy
        + ": the goldens are stale");

    String oneTest = run(copy, command("one-test"), "one-test.log");
    assertTrue(oneTest.contains("in " + ONE_TEST_CLASS), oneTest);
    String oneModule = run(copy, command("one-module"), "one-module.log");
    assertTrue(oneModule.contains("in " + ONE_MODULE_CLASS), oneModule);
    theBuildRefusesAStyleViolationAndTheStyleCommandFixesIt(copy);
    theBuildRefusesAWarningInMainCode(copy);
    deleteTree(copy);
  }

  /** Imports out of order and trailing blanks fail {@code validate}; CONTRIBUTING's style command fixes both. */
  private static void theBuildRefusesAStyleViolationAndTheStyleCommandFixesIt(Path copy) throws Exception {
    Path ids = copy.resolve(MODEL_SOURCE);
    String clean = Files.readString(ids, StandardCharsets.UTF_8);
    // qualified: import lines as text
    String ordered = "import java.security.SecureRandom;\nimport java.util.Random;\n";
    // qualified: import lines as text
    String disordered = "import java.util.Random;\nimport java.security.SecureRandom;   \n";
    String messy = clean.replace(ordered, disordered);
    assertTrue(!messy.equals(clean), "the imports of " + MODEL_SOURCE + " moved; pick other lines to disorder");
    Files.writeString(ids, messy, StandardCharsets.UTF_8);
    String refused = runExpectingFailure(copy, "mvn -B -o validate -pl api/model", "style-refused.log");
    assertTrue(refused.contains("spotless"), refused);
    run(copy, command("style"), "style.log");
    assertEquals(clean, Files.readString(ids, StandardCharsets.UTF_8), "the style command restores the file");
    run(copy, "mvn -B -o -q validate -pl api/model", "style-accepted.log");
  }

  /** A raw type in main code is a warning, and a warning fails the build. */
  private static void theBuildRefusesAWarningInMainCode(Path copy) throws Exception {
    Path ids = copy.resolve(MODEL_SOURCE);
    String clean = Files.readString(ids, StandardCharsets.UTF_8);
    int end = clean.lastIndexOf('}');
    Files.writeString(ids, clean.substring(0, end)
        + "\n  static int raw() {\n    Comparable raw = \"x\";\n    return raw.hashCode();\n  }\n}\n",
        StandardCharsets.UTF_8);
    String refused = runExpectingFailure(copy,
        "mvn -B -o compile -pl api/model -Dcheckstyle.skip -Dspotless.check.skip", "warning-refused.log");
    assertTrue(refused.contains("warnings found and -Werror specified"), refused);
    Files.writeString(ids, clean, StandardCharsets.UTF_8);
  }

  /** Runs {@code command} with bash in {@code dir}; it must fail. Returns its output. */
  private static String runExpectingFailure(Path dir, String command, String logName) throws Exception {
    Path log = dir.resolve(logName);
    Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES), "`" + command + "` timed out");
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(p.exitValue() != 0, () -> "`" + command + "` passed; it should have failed:\n" + tail(out));
    return out;
  }

  /** Runs {@code command} with bash in {@code dir}; returns its output, failing with its end. */
  private static String run(Path dir, String command, String logName) throws Exception {
    Path log = dir.resolve(logName);
    Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(done && p.exitValue() == 0, () -> "`" + command + "` failed or timed out in " + dir
        + "; its output ends:\n" + tail(out));
    return out;
  }

  /** Files under a golden directory of the copy that the checkout does not have. */
  private static List<String> newGoldenFiles(Path copy, List<String> known) throws IOException {
    List<String> added = new ArrayList<>();
    for (String dir : List.of("translator/src/test/resources/testdata", "envoy-bootstrap/src/test/resources/testdata",
        "tests/src/test/resources/testdata")) {
      try (Stream<Path> walk = Files.walk(copy.resolve(dir))) {
        walk.filter(Files::isRegularFile).map(f -> copy.relativize(f).toString())
            .filter(f -> !known.contains(f)).forEach(added::add);
      }
    }
    return added;
  }

  /** Removes the copy after a success (a failure keeps it, and the message names it). */
  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static List<String> git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "git " + String.join(" ", args) + ":\n" + out);
    return out.lines().toList();
  }

  private static String tail(String out) {
    List<String> lines = out.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
