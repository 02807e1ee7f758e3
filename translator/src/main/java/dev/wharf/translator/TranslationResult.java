package dev.wharf.translator;

import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.translator.ir.HostEntry;
import dev.wharf.translator.ir.ProxyConfig;
import dev.wharf.translator.resolve.Problem;
import dev.wharf.translator.xds.ProxyPlan;
import java.util.List;

/**
 * The output of one translation. Every map is keyed by proxy group key, which is the task ARN (one
 * group per task: listener addresses differ per task in both layouts). A task appears only if its
 * deployment uses Service Connect.
 *
 * @param ir stage 1's output, one proxy config per group
 * @param groups Envoy resources per group, as parts shared between groups ({@link ProxyPlan})
 * @param hosts hosts-file lines per group, sorted by hostname (VIP to alias dnsName, spec 25)
 * @param problems what could not be translated, sorted; everything else was
 */
public record TranslationResult(
    ImmutableSortedMap<String, ProxyConfig> ir,
    ImmutableSortedMap<String, ProxyPlan> groups,
    ImmutableSortedMap<String, List<HostEntry>> hosts,
    List<Problem> problems) {
  public TranslationResult {
    problems = List.copyOf(problems);
  }

  /** The hosts file of a task: one {@code ip name} line per alias name, LF-terminated; empty if unknown. */
  public String hostsFile(String taskArn) {
    StringBuilder b = new StringBuilder();
    for (HostEntry e : hosts.getOrDefault(taskArn, List.of())) {
      b.append(e.line()).append('\n');
    }
    return b.toString();
  }
}
