package dev.wharf.translator;

import dev.wharf.testsupport.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the translator's golden cases live: each {@code testdata/in/<case>.yaml} state fixture has
 * its outputs in {@code testdata/out/}. Comparing and regenerating is {@link GoldenFiles}.
 */
final class GoldenCases {
  static final Path ROOT = GoldenFiles.moduleFile("src/test/resources/testdata");
  static final Path IN = ROOT.resolve("in");
  static final Path OUT = ROOT.resolve("out");

  private GoldenCases() {}

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
}
