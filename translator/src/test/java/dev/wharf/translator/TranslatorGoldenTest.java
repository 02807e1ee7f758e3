package dev.wharf.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.testsupport.GoldenFiles;
import dev.wharf.translator.xds.ProxyPlan;
import dev.wharf.translator.xds.ProxyResources;
import dev.wharf.translator.xds.SecretSpec;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests: {@code testdata/in/<case>.yaml} (a state fixture) gives
 * {@code testdata/out/<case>.{ir,listeners,routes,clusters,endpoints,hosts}.yaml}, plus
 * {@code .problems.yaml} when translation reports problems. Regenerate with
 * {@link GoldenFiles#REGENERATE} (CONTRIBUTING.md) and review the diff.
 */
class TranslatorGoldenTest {
  static List<String> cases() throws IOException {
    return GoldenCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesStateToGoldenOutputs(String name) throws IOException {
    Map<String, String> outputs = outputs(name);
    outputs.forEach((file, text) -> GoldenFiles.check(GoldenCases.OUT.resolve(file), text));
    if (!outputs.containsKey(name + ".problems.yaml")) {
      GoldenFiles.check(GoldenCases.OUT.resolve(name + ".problems.yaml"), null);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyGroupIsAConsistentSnapshot(String name) throws Exception {
    TranslationResult result = translate(name);
    for (Map.Entry<String, ProxyPlan> e : result.groups().entrySet()) {
      ProxyResources r = e.getValue().flatten();
      Snapshot.create(r.clusters(), r.endpoints(), r.listeners(), r.routes(), List.of(), "v").ensureConsistent();
      assertEquals(r.listeners().size(), r.listeners().stream().map(l -> l.getName()).distinct().count(),
          "listener names unique in " + e.getKey());
      assertEquals(r.clusters().size(), r.clusters().stream().map(c -> c.getName()).distinct().count(),
          "cluster names unique in " + e.getKey());
    }
  }

  @Test
  void noStaleGoldenFiles() throws IOException {
    TreeSet<String> produced = new TreeSet<>();
    for (String name : GoldenCases.cases()) {
      produced.addAll(outputs(name).keySet());
    }
    GoldenFiles.checkNoStale(GoldenCases.OUT, produced);
  }

  private TranslationResult translate(String name) throws IOException {
    StateFixture fixture = StateFixture.read(GoldenCases.IN.resolve(name + ".yaml"));
    return Translator.translateOnce(fixture.state(), fixture.translatorOptions());
  }

  /** Every output file of a case, by file name. */
  Map<String, String> outputs(String name) throws IOException {
    StateFixture fixture = StateFixture.read(GoldenCases.IN.resolve(name + ".yaml"));
    return render(name, translate(name), fixture.translatorOptions().mutualTls());
  }

  static Map<String, String> render(String name, TranslationResult r) {
    return render(name, r, false);
  }

  static Map<String, String> render(String name, TranslationResult r, boolean mutualTls) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, ProxyResources> groups = new LinkedHashMap<>();
    r.groups().forEach((k, plan) -> groups.put(k, plan.flatten()));
    out.put(name + ".ir.yaml", Render.yaml(r.ir()));
    out.put(name + ".listeners.yaml", Render.protos(groups, ProxyResources::listeners));
    out.put(name + ".routes.yaml", Render.protos(groups, ProxyResources::routes));
    out.put(name + ".clusters.yaml", Render.protos(groups, ProxyResources::clusters));
    out.put(name + ".endpoints.yaml", Render.protos(groups, ProxyResources::endpoints));
    out.put(name + ".hosts.yaml", Render.yaml(hostLines(r)));
    Map<String, List<SecretSpec>> secrets = new LinkedHashMap<>();
    r.ir().forEach((k, p) -> {
      List<SecretSpec> s = SecretSpec.required(p, mutualTls);
      if (!s.isEmpty()) {
        secrets.put(k, s);
      }
    });
    if (!secrets.isEmpty()) {
      out.put(name + ".secrets.yaml", Render.yaml(secrets));
    }
    if (!r.problems().isEmpty()) {
      out.put(name + ".problems.yaml", Render.yaml(r.problems()));
    }
    return out;
  }

  private static Map<String, List<String>> hostLines(TranslationResult r) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    r.hosts().forEach((k, v) -> out.put(k, v.stream().map(h -> h.line()).toList()));
    return out;
  }
}
