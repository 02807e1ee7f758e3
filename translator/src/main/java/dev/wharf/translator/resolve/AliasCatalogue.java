package dev.wharf.translator.resolve;

import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.state.MeshState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every client alias of every namespace: the services[] entries of the PRIMARY deployment of every
 * Service Connect service (spec 3.2; every SC service is a client, and client-server services
 * declare aliases). Conflicts are resolved first-come by service ARN and reported: duplicate
 * discovery names (spec 4) and duplicate {@code dnsName:port} (spec 7).
 *
 * <p>Incremental: each service's contribution ({@link Contribution}) is memoised by what it is made
 * of (the service's status and deployments, and the namespace, cluster and task-definition maps it
 * resolves against), and each namespace's alias list by its contributions and the alias VIPs. A task
 * starting or stopping changes none of these, so the catalogue (and every list built from it) keeps
 * its identity. Not thread-safe: one reconciler thread.
 */
final class AliasCatalogue {
  private static final Comparator<AliasTarget> ORDER =
      Comparator.comparing(AliasTarget::dnsName).thenComparingInt(AliasTarget::port);

  /** What one service declares in its namespace, with the problems found on the way. */
  private record Contribution(List<Object> key, ScDeployment sc, List<ScEntry> entries,
      Map<String, Double> since, List<Problem> problems) {}

  /** One namespace's aliases, sorted by dnsName then port. */
  private record NamespaceAliases(List<Object> key, List<AliasTarget> aliases, List<Problem> problems) {}

  private Map<String, Contribution> contributions = new HashMap<>();
  private Map<String, NamespaceAliases> namespaces = new HashMap<>();
  private List<Problem> problems = List.of();

  /** Brings the catalogue up to date with {@code lookup}'s state. */
  void update(Lookup lookup) {
    MeshState state = lookup.state();
    Map<String, Contribution> nextContributions = new HashMap<>();
    Map<String, List<Contribution>> byNamespace = new LinkedHashMap<>();
    for (EcsService service : state.services().values()) {
      if ("INACTIVE".equals(service.status())) {
        continue;
      }
      Contribution c = contribution(lookup, service);
      nextContributions.put(service.serviceArn(), c);
      if (c.sc() != null && c.sc().namespace() != null) {
        byNamespace.computeIfAbsent(c.sc().namespace().id(), k -> new ArrayList<>()).add(c);
      }
    }
    Map<String, NamespaceAliases> nextNamespaces = new HashMap<>();
    List<Problem> all = new ArrayList<>();
    nextContributions.values().forEach(c -> all.addAll(c.problems()));
    byNamespace.forEach((nsId, list) -> {
      List<Object> key = new ArrayList<>(list.size() + 1);
      key.add(state.aliasVips());
      list.forEach(key::add);
      NamespaceAliases known = namespaces.get(nsId);
      NamespaceAliases ns = known != null && MemoKey.same(known.key(), key) ? known : build(nsId, key, list, state);
      nextNamespaces.put(nsId, ns);
      all.addAll(ns.problems());
    });
    contributions = nextContributions;
    namespaces = nextNamespaces;
    problems = all;
  }

  /** The aliases of a namespace, sorted by dnsName then port; the same list object while unchanged. */
  List<AliasTarget> aliases(String namespaceId) {
    NamespaceAliases ns = namespaces.get(namespaceId);
    return ns == null ? List.of() : ns.aliases();
  }

  /** Problems found building the catalogue. */
  List<Problem> problems() {
    return problems;
  }

  private Contribution contribution(Lookup lookup, EcsService service) {
    MeshState state = lookup.state();
    List<Object> key = Arrays.asList(service.status(), service.deployments(), service.clusterArn(),
        state.namespaces(), state.taskDefinitions(), state.clusters());
    Contribution known = contributions.get(service.serviceArn());
    if (known != null && MemoKey.same(known.key(), key)) {
      return known;
    }
    Problems problems = Problems.collecting();
    ScDeployment sc = lookup.scDeployment(service, service.primaryDeployment(), null, problems);
    if (sc == null || sc.namespace() == null) {
      return new Contribution(key, sc, List.of(), Map.of(), problems.toList());
    }
    List<ScEntry> entries = EntryResolver.resolve(sc, problems);
    Map<String, Double> since = new HashMap<>();
    for (ScEntry e : entries) {
      since.put(e.dnsName() + ":" + e.aliasPort(), since(lookup, service, sc.namespace().id(), e.dnsName(),
          e.aliasPort()));
    }
    return new Contribution(key, sc, entries, since, problems.toList());
  }

  private static NamespaceAliases build(String nsId, List<Object> key, List<Contribution> list, MeshState state) {
    Problems problems = Problems.collecting();
    List<AliasTarget> out = new ArrayList<>();
    Set<String> discoveryNames = new HashSet<>();
    Set<String> aliasKeys = new HashSet<>();
    for (Contribution c : list) {
      EcsService service = c.sc().service();
      for (ScEntry e : c.entries()) {
        if (!discoveryNames.add(e.discoveryName())) {
          // Spec 4, 3.4: the confirmed AWS wording.
          problems.add(Problem.DUPLICATE_DISCOVERY_NAME, service.serviceArn(),
              "SC service is already used by " + c.sc().namespace().arn() + " (discoveryName "
                  + e.discoveryName() + ")");
          continue;
        }
        String aliasKey = MeshState.aliasKey(nsId, e.dnsName(), e.aliasPort());
        if (!aliasKeys.add(aliasKey)) {
          problems.add(Problem.DUPLICATE_ALIAS, service.serviceArn(),
              "client alias " + e.dnsName() + ":" + e.aliasPort() + " is already used in the namespace");
          continue;
        }
        Integer vip = state.aliasVips().get(aliasKey);
        if (vip == null) {
          problems.add(Problem.ALIAS_VIP_MISSING, service.serviceArn(), "no VIP allocated for alias " + aliasKey);
          continue;
        }
        out.add(new AliasTarget(nsId, e.dnsName(), e.aliasPort(), e.discoveryName(), e.protocol(), e.timeouts(),
            vip, c.since().get(e.dnsName() + ":" + e.aliasPort()), service.serviceArn(), e.tls()));
      }
    }
    out.sort(ORDER);
    return new NamespaceAliases(key, List.copyOf(out), problems.toList());
  }

  /**
   * When the alias appeared (spec 26, for frozen aliases): the earliest {@code createdAt} among the
   * owner's listed deployments (any status) that declare the same {@code dnsName:port} in the same
   * namespace. Deployments ECS no longer lists cannot be seen, so this can be later than the truth.
   */
  private static Double since(Lookup lookup, EcsService service, String nsId, String dnsName, int port) {
    Double min = null;
    for (Deployment d : service.deployments()) {
      ScDeployment sc = lookup.scDeployment(service, d, null, Problems.muted());
      if (sc == null || sc.namespace() == null || !nsId.equals(sc.namespace().id()) || d.createdAt() == null) {
        continue;
      }
      for (ScEntry e : EntryResolver.resolve(sc, Problems.muted())) {
        if (dnsName.equals(e.dnsName()) && port == e.aliasPort() && (min == null || d.createdAt() < min)) {
          min = d.createdAt();
        }
      }
    }
    return min;
  }
}
