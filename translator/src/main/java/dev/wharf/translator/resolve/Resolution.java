package dev.wharf.translator.resolve;

import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.translator.ir.ProxyConfig;
import java.util.List;

/**
 * Stage 1's output.
 *
 * @param proxies one per Service Connect task, keyed by task ARN; proxies in one namespace share
 *     their egress lists, upstream lists and hosts lines (the same objects)
 * @param problems sorted and deduplicated
 */
public record Resolution(ImmutableSortedMap<String, ProxyConfig> proxies, List<Problem> problems) {
  public Resolution {
    problems = List.copyOf(problems);
  }
}
