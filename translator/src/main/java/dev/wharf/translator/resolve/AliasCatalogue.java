package dev.wharf.translator.resolve;

import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.state.MeshState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every client alias of every namespace: the services[] entries of the PRIMARY deployment of every
 * Service Connect service (spec 3.2; every SC service is a client, and client-server services
 * declare aliases). Built once per state. Conflicts are resolved first-come by service ARN and
 * reported: duplicate discovery names (spec 4) and duplicate {@code dnsName:port} (spec 7).
 */
final class AliasCatalogue {
  private static final Comparator<AliasTarget> ORDER =
      Comparator.comparing(AliasTarget::dnsName).thenComparingInt(AliasTarget::port);

  private final Map<String, List<AliasTarget>> byNamespace;

  private AliasCatalogue(Map<String, List<AliasTarget>> byNamespace) {
    this.byNamespace = byNamespace;
  }

  /** The aliases of a namespace, sorted by dnsName then port. */
  List<AliasTarget> aliases(String namespaceId) {
    return byNamespace.getOrDefault(namespaceId, List.of());
  }

  static AliasCatalogue build(Lookup lookup, Problems problems) {
    Map<String, List<AliasTarget>> out = new TreeMap<>();
    Set<String> discoveryNames = new HashSet<>();
    Set<String> aliasKeys = new HashSet<>();
    for (EcsService service : lookup.state().services().values()) {
      if ("INACTIVE".equals(service.status())) {
        continue;
      }
      ScDeployment sc = lookup.scDeployment(service, service.primaryDeployment(), null, problems);
      if (sc == null || sc.namespace() == null) {
        continue;
      }
      String nsId = sc.namespace().id();
      for (ScEntry e : EntryResolver.resolve(sc, problems)) {
        if (!discoveryNames.add(nsId + "|" + e.discoveryName())) {
          // Spec 4, 3.4: the confirmed AWS wording.
          problems.add(Problem.DUPLICATE_DISCOVERY_NAME, service.serviceArn(),
              "SC service is already used by " + sc.namespace().arn() + " (discoveryName " + e.discoveryName() + ")");
          continue;
        }
        String key = MeshState.aliasKey(nsId, e.dnsName(), e.aliasPort());
        if (!aliasKeys.add(key)) {
          problems.add(Problem.DUPLICATE_ALIAS, service.serviceArn(),
              "client alias " + e.dnsName() + ":" + e.aliasPort() + " is already used in the namespace");
          continue;
        }
        Integer vip = lookup.state().aliasVips().get(key);
        if (vip == null) {
          problems.add(Problem.ALIAS_VIP_MISSING, service.serviceArn(),
              "no VIP allocated for alias " + key);
          continue;
        }
        Double since = since(lookup, service, nsId, e.dnsName(), e.aliasPort());
        out.computeIfAbsent(nsId, k -> new ArrayList<>()).add(new AliasTarget(nsId, e.dnsName(),
            e.aliasPort(), e.discoveryName(), e.protocol(), e.timeouts(), vip, since, service.serviceArn()));
      }
    }
    out.values().forEach(l -> l.sort(ORDER));
    out.replaceAll((k, v) -> List.copyOf(v));
    return new AliasCatalogue(out);
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
