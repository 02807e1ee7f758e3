package dev.wharf.translator.resolve;

import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.api.state.MeshState;
import dev.wharf.translator.ir.OutlierDetection;
import dev.wharf.translator.ir.ProxyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Stage 1: {@link MeshState} to one {@link ProxyConfig} per task whose deployment has Service Connect
 * enabled (the task's own deployment, else PRIMARY). Tasks of services without Service Connect, and
 * STOPPED tasks, get no proxy config.
 *
 * <p>A resolver remembers what it computed from the previous state it resolved, keyed by the inputs
 * each result was made of (see {@link MemoKey}): the alias catalogue per service and namespace
 * ({@link AliasCatalogue}), endpoints per Cloud Map service ({@link EndpointIndex}), and per task its
 * own part and the shared egress views ({@link TaskResolver}). Resolving a state therefore costs what
 * changed since the last one, plus O(services + instances + tasks) identity checks, and returns the
 * same result as a fresh resolver would, object for object equal (a property test holds this line).
 * A fresh resolver is a full translation. Not thread-safe: one reconciler thread per resolver.
 */
public final class Resolver {
  private final Lookup lookup = new Lookup();
  private final AliasCatalogue catalogue = new AliasCatalogue();
  private final EndpointIndex endpoints = new EndpointIndex();
  private final TaskResolver tasks;

  /**
   * @param frozenAliases AWS-strict: a task only gets aliases that existed when it started (spec 26)
   * @param outlier the outlier detection every upstream gets (spec 37)
   */
  public Resolver(boolean frozenAliases, OutlierDetection outlier) {
    this.tasks = new TaskResolver(frozenAliases, outlier);
  }

  /** Resolves {@code state}, reusing whatever did not change since the previous call. */
  public Resolution resolve(MeshState state) {
    lookup.update(state);
    catalogue.update(lookup);
    endpoints.update(state);
    List<Problem> found = new ArrayList<>(catalogue.problems());
    found.addAll(endpoints.problems());
    Map<String, ProxyConfig> proxies = tasks.resolve(lookup, catalogue, endpoints, found);
    return new Resolution(ImmutableSortedMap.copyOf(proxies), List.copyOf(new TreeSet<>(found)));
  }
}
