package dev.wharf.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.util.JsonFormat;
import dev.wharf.testsupport.GoldenFiles;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case's rendered bootstrap equals {@code testdata/render/<case>.yaml}. Regenerate with
 * {@link GoldenFiles#REGENERATE} from the repository root (CONTRIBUTING.md).
 */
class BootstrapGoldenTest {

  static final Path DIR = GoldenFiles.moduleFile("src/test/resources/testdata/render");

  static Stream<String> cases() {
    return BootstrapCases.all().keySet().stream();
  }

  static String render(String name) {
    return BootstrapYaml.render(BootstrapBuilder.build(BootstrapCases.all().get(name)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersGolden(String name) {
    GoldenFiles.check(DIR.resolve(name + ".yaml"), render(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void yamlParsesBackToTheSameBootstrap(String name) throws Exception {
    Bootstrap built = BootstrapBuilder.build(BootstrapCases.all().get(name));
    String json = new ObjectMapper().writeValueAsString(
        new ObjectMapper(new YAMLFactory()).readTree(BootstrapYaml.render(built)));
    Bootstrap.Builder parsed = Bootstrap.newBuilder();
    JsonFormat.parser().usingTypeRegistry(BootstrapYaml.TYPES).merge(json, parsed);
    assertEquals(built, parsed.build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isByteStable(String name) {
    String yaml = render(name);
    assertEquals(yaml, render(name));
    assertFalse(yaml.contains("\r"), "LF only");
    assertTrue(yaml.endsWith("\n") && !yaml.endsWith("\n\n"), "one final newline");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nodeCarriesTheIdentity(String name) {
    BootstrapParams params = BootstrapCases.all().get(name);
    Bootstrap bootstrap = BootstrapBuilder.build(params);
    assertEquals(params.identity(), NodeIdentity.fromNode(bootstrap.getNode()).orElseThrow());
  }

  @Test
  void noStaleGoldens() {
    Set<String> produced = BootstrapCases.all().keySet().stream()
        .map(n -> n + ".yaml").collect(Collectors.toSet());
    GoldenFiles.checkNoStale(DIR, produced);
  }
}
