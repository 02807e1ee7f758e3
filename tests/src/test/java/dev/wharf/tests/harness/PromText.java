package dev.wharf.tests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus text exposition parsed by the reference parser, {@code prometheus_client}'s
 * {@code text_string_to_metric_families} (installed into the build's venv by
 * {@code tools/install-deps.sh}), so tests read families, samples and labels rather than grepping.
 */
public final class PromText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCRIPT = String.join("\n",
      "import json, sys",
      "from prometheus_client.parser import text_string_to_metric_families",
      "out = []",
      "for fam in text_string_to_metric_families(sys.stdin.read()):",
      "    for s in fam.samples:",
      "        out.append({'family': fam.name, 'type': fam.type, 'name': s.name, 'labels': s.labels,",
      "                    'value': s.value})",
      "print(json.dumps(out))");

  /** One sample: its family, family type, sample name, labels and value. */
  public record Sample(String family, String type, String name, Map<String, String> labels, double value) {}

  private PromText() {}

  /** Parses {@code text}; fails the test if the parser rejects it or is not installed. */
  public static List<Sample> parse(String text) {
    try {
      Process p = new ProcessBuilder(Repo.python().toString(), "-c", SCRIPT).start();
      p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("prometheus_client could not parse the text (is prometheus-client installed in "
            + "the build's venv? tools/install-deps.sh installs it): " + err);
      }
      List<Sample> samples = new ArrayList<>();
      for (JsonNode s : JSON.readTree(out)) {
        Map<String, String> labels = new TreeMap<>();
        s.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        samples.add(new Sample(s.get("family").asText(), s.get("type").asText(), s.get("name").asText(), labels,
            s.get("value").asDouble()));
      }
      return samples;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * The samples named {@code name} (the parser names every counter sample {@code <family>_total})
   * whose labels include every entry of {@code labels}. */
  public static List<Sample> find(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }
}
